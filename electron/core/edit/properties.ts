import { eolFor, insertLines, joinLines, splitLines, type EolOptions, type Line } from './eol';

/**
 * Java `.properties` files (Gradle's gradle.properties), edited one key at a time: every other line, comment,
 * blank line and line ending keeps its bytes. The syntax is `java.util.Properties.load`'s: `#` or `!` comments,
 * a key ending at the first unescaped `=`, `:` or whitespace, a line ending in an odd number of backslashes
 * continuing on the next, and the last occurrence of a key winning.
 */

interface Entry {
  key: string;
  value: string;
  /** The physical lines of this logical line. */
  first: number;
  last: number;
}

function continues(body: string): boolean {
  const m = /\\+$/.exec(body);
  return m !== null && m[0].length % 2 === 1;
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[c] ?? c;
  });
}

function entries(lines: readonly Line[]): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    let text = lines[i]!.body.replace(/^[ \t\f]+/, '');
    if (text === '' || text.startsWith('#') || text.startsWith('!')) continue;
    while (continues(text) && i + 1 < lines.length) {
      i++;
      text = text.slice(0, -1) + lines[i]!.body.replace(/^[ \t\f]+/, '');
    }
    const m = /^((?:\\.|[^\\=: \t\f])*)[ \t\f]*[=:]?[ \t\f]*(.*)$/s.exec(text);
    if (m) out.push({ key: unescape(m[1] ?? ''), value: unescape(m[2] ?? ''), first, last: i });
  }
  return out;
}

/** The value Java reads for `key` (the last occurrence), or undefined. */
export function propertiesGet(text: string | null, key: string): string | undefined {
  return entries(splitLines(text ?? ''))
    .filter((e) => e.key === key)
    .pop()?.value;
}

/** A value as `Properties.load` reads it back: backslashes escaped, anything beyond ASCII as \uXXXX (ISO-8859-1 files). */
export function escapeValue(v: string): string {
  return v
    .replace(/\\/g, '\\\\')
    .replace(/^ /, '\\ ')
    .replace(/[\t\n\r\f]/g, (c) => ({ '\t': '\\t', '\n': '\\n', '\r': '\\r', '\f': '\\f' })[c] ?? c)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` with `key` set to `value`: the winning occurrence is rewritten in place, else a line is appended. */
export function propertiesSet(text: string | null, key: string, value: string, opts?: EolOptions): string {
  const body = text ?? '';
  const eol = eolFor(body, opts);
  const lines = splitLines(body);
  const line = `${key}=${escapeValue(value)}`;
  const hit = entries(lines)
    .filter((e) => e.key === key)
    .pop();
  if (hit && hit.value === value) return body;
  if (!hit) return joinLines(insertLines(lines, lines.length - 1, [line], eol));
  const out = lines.slice(0, hit.first);
  out.push({ body: line, eol: lines[hit.last]!.eol });
  return joinLines([...out, ...lines.slice(hit.last + 1)]);
}
