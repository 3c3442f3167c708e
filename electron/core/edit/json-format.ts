import type { Eol } from './eol';

/** The file's indentation unit: the leading whitespace of its first indented line (tab or N spaces), else 2 spaces. */
export function indentUnitOf(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return '  ';
  return m[1]!.startsWith('\t') ? '\t' : ' '.repeat(m[1]!.length);
}

/** The indentation of the line that contains `offset`. */
export function lineIndentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

function oneLine(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map((x) => oneLine(x ?? null)).join(', ')}]`;
  if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${oneLine(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * `value` as JSON text to be placed on a line indented by `indent`: spread over lines with `unit` per level
 * (multiline), or on one line with the usual ", " and ": " separators.
 */
export function formatJson(value: unknown, indent: string, unit: string, eol: Eol, multiline: boolean): string {
  if (!multiline) return oneLine(value);
  return JSON.stringify(value, null, unit).replace(/\n/g, eol + indent);
}
