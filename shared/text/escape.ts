/**
 * Showing values that came from outside (URLs, profile names, file contents, tool output) without letting them
 * drive the terminal: an ESC sequence could retitle or clear it, a carriage return or a right-to-left override
 * could make a line say something else. Such characters are shown escaped instead.
 */

/** `\x1b`, `\u200b`: the visible spelling of one character. */
export function escapeChar(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  if (c <= 0xff) return `\\x${c.toString(16).padStart(2, '0')}`;
  if (c <= 0xffff) return `\\u${c.toString(16).padStart(4, '0')}`;
  return `\\u{${c.toString(16)}}`;
}

/**
 * C0 controls (but newline and tab, which MirrorKit's own output uses), DEL, C1 controls, and the invisible
 * format characters (zero-width, bidi overrides and isolates, BOM, soft hyphen), line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- these are exactly the characters to find
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

/** The text with every terminal-unsafe character escaped; everything else (CJK included) as it is. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Whether a name or description is free of control and invisible characters (newlines allowed if asked). */
export function hasNoControls(text: string, allowNewline = false): boolean {
  const rest = allowNewline ? text.replace(/\r?\n/g, '') : text;
  return !new RegExp(UNSAFE.source, 'u').test(rest) && !/[\n\t]/.test(rest);
}
