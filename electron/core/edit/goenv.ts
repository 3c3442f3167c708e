import { insertLines, joinLines, removeLines, replaceLine, type EolOptions, type Line } from './eol';
import { refuseBom } from './bom';

/** How a Go env file is named in messages. */
const GOENV_FORMAT = 'go env';

/**
 * The `go env -w` file (GOENV; %APPDATA%\go\env on Windows). Read exactly as cmd/go's readEnvFile does: lines
 * split on '\n' only, a line counts when it starts with A–Z and holds '=', key = text before the first '=',
 * value = everything after it (no quoting, no trimming), the last assignment wins, everything else is ignored.
 * Go never rejects this file, so nothing here throws EditError.
 *
 * Line endings: Go does not strip '\r', so in a CRLF file every value would end in '\r' and a GOPROXY
 * written with CRLF would be broken. Untouched lines keep their bytes; the line this editor writes always
 * ends in '\n' (as `go env -w` writes it), which also repairs a CRLF line it replaces.
 */

/** Split on '\n' only, as Go does: a CRLF line's body keeps its '\r'. */
function goLines(text: string): Line[] {
  refuseBom(text, GOENV_FORMAT, 'go');
  if (text === '') return [];
  const parts = text.split('\n');
  const lines = parts.map((body) => ({ body, eol: '\n' }));
  const last = lines[lines.length - 1]!;
  if (last.body === '') lines.pop();
  else last.eol = '';
  return lines;
}

function keyOf(body: string): string | undefined {
  const i = body.indexOf('=');
  if (i < 0 || !/^[A-Z]/.test(body)) return undefined;
  return body.slice(0, i);
}

function matches(lines: readonly Line[], key: string): number[] {
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (keyOf(l.body) === key) out.push(i);
  });
  return out;
}

/** The value Go reads for `key` (a CRLF file's values end in '\r', as Go sees them), or undefined. */
export function goEnvGet(text: string, key: string): string | undefined {
  let value: string | undefined;
  for (const l of goLines(text)) {
    const k = keyOf(l.body);
    if (k === key) value = l.body.slice(k.length + 1);
  }
  return value;
}

/**
 * Set `key` (null removes every assignment of it, so an older duplicate cannot take over). The effective
 * (last) line is rewritten in place; a new key is appended at the end. `_opts` is accepted for symmetry with
 * the other editors and deliberately ignored: Go's file is '\n'-only on every platform.
 */
export function goEnvSet(text: string, key: string, value: string | null, _opts?: EolOptions): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new RangeError(`not a Go environment key: ${JSON.stringify(key)}`);
  if (value !== null && /[\r\n]/.test(value))
    throw new RangeError(`a go env value cannot contain a line break: ${JSON.stringify(value)}`);
  const lines = goLines(text);
  const found = matches(lines, key);
  if (value === null) return found.length === 0 ? text : joinLines(removeLines(lines, new Set(found)));
  if (goEnvGet(text, key) === value) return text;

  const line = `${key}=${value}`;
  const last = found[found.length - 1];
  let out: Line[];
  if (last === undefined) {
    out = insertLines(lines, lines.length - 1, [line], '\n');
  } else {
    out = replaceLine(lines, last, [line], '\n');
  }
  const result = joinLines(out);
  if (goEnvGet(result, key) !== value) throw new Error(`internal: go env edit of ${key} did not read back`);
  return result;
}
