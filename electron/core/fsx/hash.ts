import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';

export function sha256(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The file's bytes, or null when it does not exist (ENOTDIR too: a path under a regular file cannot exist).
 * Any other error (EACCES, EISDIR …) is thrown.
 */
export async function readBytes(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/** sha256 (hex) of a file's bytes, or null when it does not exist. */
export async function fileSha256(file: string): Promise<string | null> {
  const bytes = await readBytes(file);
  return bytes === null ? null : sha256(bytes);
}
