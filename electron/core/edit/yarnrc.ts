import { editErrorAt } from './errors';
import { eolFor, insertLines, joinLines, replaceLine, splitLines, type EolOptions, type Line } from './eol';

/**
 * Yarn 1's `.yarnrc`, which yarn reads with its lockfile parser: `key value` or `key "value"` per line, `#`
 * comments, nested objects as indented lines under `key:`. Only top-level string settings are read and written
 * here; the value is replaced where it stands (in double quotes, as `yarn config set` writes it), a new key is
 * appended, every other byte stays. A line yarn's parser would refuse is refused with its line number.
 */

export const YARNRC_FORMAT = 'yarnrc';

// A key (bare word or "quoted"), an optional ':' (an object follows on indented lines), then an optional value
// (a "quoted string" or a bare token) and an optional comment.
const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;
const TOP = new RegExp(String.raw`^(${QUOTED}|[^\s:"#,]+)(:?)([ \t]+)?(${QUOTED}|[^\s"#,]+)?([ \t]*(?:#.*)?)$`);

interface Entry {
  index: number;
  key: string;
  value: string | undefined;
  /** The line's text before and after the value, for an in-place replacement. */
  head: string;
  tail: string;
}

function unquote(token: string, line: number): string {
  if (!token.startsWith('"')) return token;
  try {
    return JSON.parse(token) as string;
  } catch {
    throw editErrorAt(YARNRC_FORMAT, line, `bad string ${token}`);
  }
}

function entries(lines: readonly Line[]): Entry[] {
  const out: Entry[] = [];
  lines.forEach((l, index) => {
    const body = index === 0 ? l.body.replace(/^\uFEFF/, '') : l.body;
    if (/^\s*(#.*)?$/.test(body) || /^[ \t]/.test(body)) return; // blank, comment, or inside an object
    const m = TOP.exec(body);
    if (!m) {
      const unterminated = /^[^"#]*"(?:[^"\\]|\\.)*$/.test(body);
      throw editErrorAt(
        YARNRC_FORMAT,
        index + 1,
        unterminated ? 'unterminated string' : `not a "key value" line: ${body.slice(0, 60)}`,
      );
    }
    const [, rawKey = '', colon = '', space = '', rawValue, tail = ''] = m;
    const key = unquote(rawKey, index + 1);
    const value = rawValue === undefined || colon ? undefined : unquote(rawValue, index + 1);
    const lead = body.length - l.body.length === 0 ? '' : '\uFEFF';
    out.push({ index, key, value, head: lead + rawKey + colon + (space || ' '), tail });
  });
  return out;
}

/** The value yarn reads for a top-level key (the last line that sets it), or undefined. */
export function yarnrcGet(text: string, key: string): string | undefined {
  return entries(splitLines(text))
    .filter((e) => e.key === key && e.value !== undefined)
    .pop()?.value;
}

/** Set a top-level key to a string (written in double quotes). A no-op returns `text` itself. */
export function yarnrcSet(text: string, key: string, value: string, opts?: EolOptions): string {
  const lines = splitLines(text);
  const found = entries(lines)
    .filter((e) => e.key === key && e.value !== undefined)
    .pop();
  if (found?.value === value) return text;
  const eol = eolFor(text, opts);
  const body = `${/^[^\s:"#,]+$/.test(key) ? key : JSON.stringify(key)} ${JSON.stringify(value)}`;
  if (found)
    return joinLines(replaceLine(lines, found.index, [`${found.head}${JSON.stringify(value)}${found.tail}`], eol));
  return joinLines(insertLines(lines, lines.length - 1, [body], eol));
}
