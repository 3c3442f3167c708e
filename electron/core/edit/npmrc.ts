import ini from 'ini';

import {
  eolFor,
  insertLines,
  joinLines,
  removeLines,
  replaceLine,
  splitLines,
  type EolOptions,
  type Line,
} from './eol';

/**
 * npm's .npmrc. npm reads it with `ini.parse`, so values are read with that same function; edits are
 * line-wise so comments and every other key (`//host/:_authToken`, `@scope:registry` …) survive. Only the
 * top-level area (before the first `[section]`) holds npm settings. `${VAR}` references are returned as
 * written (npm expands them when it loads the file). npm never rejects an .npmrc, so nothing here throws
 * EditError.
 */

// ini's own line grammar (node_modules/ini/lib/ini.js `decode`), applied to raw lines as it does.
const SECTION_RE = /^\[([^\]]*)\]\s*$/;
const KEY_RE = /^([^=]+)(=(.*))?$/;

function topEnd(lines: readonly Line[]): number {
  const i = lines.findIndex((l) => SECTION_RE.test(l.body));
  return i < 0 ? lines.length : i;
}

function isSkipped(body: string): boolean {
  return /^\s*[;#]/.test(body) || /^\s*$/.test(body);
}

interface KeyLine {
  index: number;
  array: boolean;
}

function keyLines(lines: readonly Line[], key: string): KeyLine[] {
  const out: KeyLine[] = [];
  lines.slice(0, topEnd(lines)).forEach((l, index) => {
    if (isSkipped(l.body)) return;
    const m = KEY_RE.exec(l.body);
    if (!m) return;
    const raw = ini.unsafe(m[1]!);
    const array = raw.length > 2 && raw.endsWith('[]');
    if ((array ? raw.slice(0, -2) : raw) === key) out.push({ index, array });
  });
  return out;
}

/** The value npm reads for a top-level key; booleans and null come back as 'true'/'false'/'null'. */
export function npmrcGet(text: string, key: string): string | undefined {
  const lines = splitLines(text);
  const top: Record<string, unknown> = ini.parse(joinLines(lines.slice(0, topEnd(lines))));
  const v = top[key];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.map(String).join(',') : String(v);
}

/** ini.safe, except where ini.unsafe would not give the text back (a backslash before ';'): then JSON quoting. */
function encode(v: string): string {
  const safe = ini.safe(v);
  return ini.unsafe(safe) === v ? safe : JSON.stringify(v);
}

/** The raw value after `=`, split into the value itself and a trailing `; comment` / `# comment`. */
function splitComment(raw: string): { lead: string; comment: string } {
  const lead = /^\s*/.exec(raw)![0];
  const rest = raw.slice(lead.length).trim();
  if (/^(".*"|'.*')$/.test(rest)) return { lead, comment: '' };
  for (let i = 0, esc = false; i < raw.length; i++) {
    const c = raw[i]!;
    if (esc) esc = false;
    else if (c === '\\') esc = true;
    else if (c === ';' || c === '#') {
      const ws = /\s*$/.exec(raw.slice(0, i))![0];
      return { lead, comment: ws + raw.slice(i) };
    }
  }
  return { lead, comment: '' };
}

function rewrite(body: string, value: string): string {
  const eq = body.indexOf('=');
  if (eq < 0) return `${body.trimEnd()}=${encode(value)}`;
  const { lead, comment } = splitComment(body.slice(eq + 1));
  const safe = encode(value);
  // A quoted value cannot carry an inline comment (ini would read the quotes as part of the text).
  const keep = safe.startsWith('"') ? '' : comment;
  return `${body.slice(0, eq + 1)}${lead}${safe}${keep}`;
}

/** Anchor for a new key: after the last key line of the top-level area, else its last non-blank line. */
function anchor(lines: readonly Line[]): number {
  const end = topEnd(lines);
  let lastNonBlank = -1;
  for (let i = end - 1; i >= 0; i--) {
    const body = lines[i]!.body;
    if (!isSkipped(body)) return i;
    if (lastNonBlank < 0 && body.trim() !== '') lastNonBlank = i;
  }
  return lastNonBlank;
}

/**
 * Set a top-level key (null removes every line that sets it). The effective (last) line is rewritten in place,
 * keeping its spacing and inline comment; a new key is written `key=value` after the last top-level key.
 */
export function npmrcSet(text: string, key: string, value: string | null, opts?: EolOptions): string {
  if (key.trim() !== key || key === '' || /[\r\n=]/.test(key) || key.startsWith('[')) {
    throw new RangeError(`not a writable .npmrc key: ${JSON.stringify(key)}`);
  }
  const lines = splitLines(text);
  const eol = eolFor(text, opts);
  const found = keyLines(lines, key);
  if (value === null) {
    return found.length === 0 ? text : joinLines(removeLines(lines, new Set(found.map((f) => f.index))));
  }
  const last = found[found.length - 1];
  const arrays = found.filter((f) => f.array);
  if (last && arrays.length === 0 && npmrcGet(text, key) === value) return text;

  let out: Line[];
  if (last && arrays.length === 0) {
    out = replaceLine(lines, last.index, [rewrite(lines[last.index]!.body, value)], eol);
  } else if (last) {
    // `key[]=` lines make an array that a plain line would only append to: replace them all by one line.
    const first = found[0]!.index;
    out = replaceLine(lines, first, [`${encode(key)}=${encode(value)}`], eol);
    out = removeLines(out, new Set(found.slice(1).map((f) => f.index)));
  } else {
    out = insertLines(lines, anchor(lines), [`${encode(key)}=${encode(value)}`], eol);
  }
  const result = joinLines(out);
  if (npmrcGet(result, key) !== value) throw new Error(`internal: .npmrc edit of ${key} did not read back`);
  return result;
}
