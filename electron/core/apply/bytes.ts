import type { Change } from '../../../shared/types/core';

/** The bytes a file change writes: its text, or the binary file its base64 `after` holds. */
export function fileBytes(c: Extract<Change, { kind: 'writeFile' }>): string | Buffer {
  return c.encoding === 'base64' ? Buffer.from(c.after, 'base64') : c.after;
}
