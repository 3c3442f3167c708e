import { constants, type BigIntStats } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';

/**
 * Opening files without following links, as far as Node can say it. POSIX has O_NOFOLLOW (a final symlink makes
 * open() fail) and O_EXCL|O_CREAT (never through an existing name, link or not). Windows has neither in Node: the
 * flag that would open a junction itself rather than its target (FILE_FLAG_OPEN_REPARSE_POINT) cannot be passed
 * to fs.open. So on every system the name is lstat'ed first (a link is refused), opened, and the handle's fstat
 * compared with that lstat (device and file id): a name swapped for a link or another file in between is caught
 * after the open, before a byte is read or written through the handle.
 */
export const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0;

/**
 * Same file id, on the same volume. A volume of 0 means "not known": Wine reports it so for a handle whose file was
 * renamed after the open (its file id stays right), and the rename into the checked folder is exactly what pinned.ts
 * verifies after the fact.
 */
export const sameFile = (a: BigIntStats, b: BigIntStats): boolean =>
  a.ino === b.ino && (a.dev === b.dev || a.dev === 0n || b.dev === 0n);

export function linkError(file: string, what: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${file}: ${what}`), { code: 'ELOOP', path: file });
}

/** Open an existing regular file for reading, never through a link; the handle is checked to be that file. */
export async function openNoFollow(file: string): Promise<FileHandle> {
  const named = await fs.lstat(file, { bigint: true });
  if (named.isSymbolicLink()) throw linkError(file, 'is a link (junction or symbolic link)');
  if (!named.isFile()) throw linkError(file, 'is not a regular file');
  const fh = await fs.open(file, constants.O_RDONLY | O_NOFOLLOW);
  try {
    if (!sameFile(await fh.stat({ bigint: true }), named)) throw linkError(file, 'was replaced while it was opened');
    return fh;
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** The bytes of `file` read once through a checked handle; more than `max` bytes is an error. */
export async function readNoFollow(file: string, max: number): Promise<Buffer> {
  const fh = await openNoFollow(file);
  try {
    const buf = Buffer.alloc(max + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, null);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n > max) throw Object.assign(new Error(`${file} is larger than ${max} bytes`), { code: 'EFBIG' });
    }
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

/** Create `file` afresh (never through an existing name, a link included) and write `bytes` durably. */
export async function createExclusive(file: string, bytes: string | Buffer, mode = 0o644): Promise<void> {
  const fh = await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, mode);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}
