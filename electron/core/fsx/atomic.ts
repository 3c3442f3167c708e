import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';

import { trackTemp, untrackTemp } from './inflight';

/**
 * Written by hand rather than with write-file-atomic (v6), which creates no parent folders, does not retry a
 * rename that Windows refuses while another process (an editor, an antivirus scan) briefly holds the file,
 * does not fsync the folder, and ignores short writes of a Buffer. Like it, we follow a symlink and replace its
 * target, so a dotfile kept in a dotfiles repository stays a link (a dangling one too, see resolveTarget).
 */
export interface AtomicWriteOptions {
  /** The file's mode. Default: the existing file's mode, or 0o644 for a new file. */
  mode?: number;
}

const RENAME_RETRIES = [20, 50, 100, 200, 400];
const RETRYABLE = new Set(['EPERM', 'EBUSY', 'EACCES']);

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

async function existingStat(file: string): Promise<Stats | null> {
  try {
    return await fs.stat(file);
  } catch (err) {
    if (errno(err) === 'ENOENT') return null;
    throw err;
  }
}

const MAX_LINKS = 40;

/**
 * Where a write to `file` must land: a symlink is written through to its target, and so is a dangling one
 * (its target is created, the link stays a link), following a chain of links as the kernel would. A path
 * that is no link is written as is.
 */
export async function resolveTarget(file: string): Promise<string> {
  let p = path.resolve(file);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    try {
      if (!(await fs.lstat(p)).isSymbolicLink()) return p;
    } catch (err) {
      if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return p;
      throw err;
    }
    p = path.resolve(path.dirname(p), await fs.readlink(p));
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${file}`), { code: 'ELOOP' });
}

export async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (err) {
      const delay = RENAME_RETRIES[attempt];
      if (process.platform !== 'win32' || delay === undefined || !RETRYABLE.has(errno(err) ?? '')) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** Make the rename itself durable: without this a power cut can bring back the old directory entry. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the data itself is already synced and renamed.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Replace `file` with `content` so that a reader sees either the old or the new bytes, never a mix. */
export async function atomicWrite(
  file: string,
  content: string | Buffer,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const target = await resolveTarget(file);
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const old = await existingStat(target);
  const mode = opts.mode ?? (old ? old.mode & 0o7777 : 0o644);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  trackTemp(tmp);
  try {
    handle = await fs.open(tmp, 'wx', 0o600);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Explicit chmod: the mode given to open() is filtered by the umask.
    await fs.chmod(tmp, mode);
    if (old && process.platform !== 'win32' && process.getuid?.() === 0) {
      // Running under sudo must not hand the user's own config file over to root.
      await fs.chown(tmp, old.uid, old.gid);
    }
    await renameWithRetry(tmp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    untrackTemp(tmp);
  }
  await syncDir(dir);
}

/**
 * Remove a file (absent is fine), durably. Through a symlink it is the target that goes, and the link stays:
 * that undoes a write through a link that was dangling before.
 */
export async function removeFile(file: string): Promise<void> {
  const target = await resolveTarget(file);
  await fs.rm(target, { force: true });
  await syncDir(path.dirname(target));
}
