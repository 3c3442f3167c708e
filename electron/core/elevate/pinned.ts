import { constants, type BigIntStats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';

import { EXIT, MirrorKitError } from '../errors';
import { renameWithRetry } from '../fsx/atomic';

import { componentsBelow } from './links';
import { O_NOFOLLOW, sameFile } from './no-follow';

/**
 * The helper's writes and removals of a machine file under %ProgramData%, pinned to the folders it checked.
 * Node has no openat() and no way to open a Windows folder without following a junction, so a folder cannot be
 * held while a file is created in it. What is done instead, in order:
 * 1. every folder from %ProgramData% down to the file is lstat'ed (a link is refused) and its device + file id
 *    recorded; missing ones are created one by one (never `recursive`) and checked the same way;
 * 2. the new bytes go into a temp file of an unguessable name, created with O_CREAT|O_EXCL (and O_NOFOLLOW where
 *    the system has it), so no existing name, link or not, is ever written through;
 * 3. right after the open, the handle's fstat must equal the lstat of the temp's name, and every folder must still
 *    be the one recorded: a folder swapped for a junction before the open is caught here, before any byte is
 *    written (what was created elsewhere is an empty file of that random name, truncated and reported);
 * 4. bytes written through the handle, fsync'ed, then renamed over the file; the rename names the temp, which
 *    only exists in the checked folder, so a swap just before it makes it fail rather than land elsewhere;
 * 5. after the rename, the file's lstat must be the handle's file and the folders unchanged.
 * A removal renames the file aside to a random name first and deletes it only once that name is proved to be
 * the file that was checked, in the folders that were checked; otherwise it is renamed back.
 */
type Ids = Map<string, BigIntStats>;

/** Test seams at the two moments an attacker would aim for: after the checks, before the open or the rename. */
export interface PinHooks {
  beforeOpen?: () => Promise<void>;
  beforeRename?: () => Promise<void>;
}

function changed(file: string, where: string): MirrorKitError {
  return new MirrorKitError('windows.batch-path-changed', { path: file, link: where }, EXIT.badInput);
}

async function lstatOrNull(p: string): Promise<BigIntStats | null> {
  try {
    return await fs.lstat(p, { bigint: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function folders(root: string, file: string): string[] {
  const parts =
    componentsBelow(root, path.dirname(file)) ?? (path.resolve(root) === path.dirname(file) ? [root] : null);
  if (!parts) throw new MirrorKitError('windows.batch-bad-path', { path: file }, EXIT.badInput);
  return parts;
}

/** Record (and with `create`, make) every folder from root to the file's; null when one is missing. */
async function pinFolders(root: string, file: string, create: boolean): Promise<Ids | null> {
  const ids: Ids = new Map();
  for (const dir of folders(root, file)) {
    let st = await lstatOrNull(dir);
    if (!st && create) {
      await fs.mkdir(dir).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      st = await lstatOrNull(dir);
    }
    if (!st) return null;
    if (st.isSymbolicLink() || !st.isDirectory()) {
      const target = await fs.readlink(dir).catch(() => '?');
      throw new MirrorKitError('windows.batch-link', { path: file, link: dir, target }, EXIT.badInput);
    }
    ids.set(dir, st);
  }
  return ids;
}

async function stillPinned(ids: Ids, file: string): Promise<void> {
  for (const [dir, was] of ids) {
    const now = await lstatOrNull(dir);
    if (!now || now.isSymbolicLink() || !sameFile(now, was)) throw changed(file, dir);
  }
}

async function isHandleAt(fh: FileHandle, name: string): Promise<boolean> {
  const at = await lstatOrNull(name);
  return at !== null && !at.isSymbolicLink() && sameFile(at, await fh.stat({ bigint: true }));
}

const sideName = (file: string, ext: string) =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(8).toString('hex')}.${ext}`);

/** Replace `file` (under `root`) with `text`, pinned as described above. The old file's mode is kept. */
export async function pinnedWrite(root: string, file: string, text: string, hooks: PinHooks = {}): Promise<void> {
  const ids = await pinFolders(root, file, true);
  if (!ids) throw changed(file, path.dirname(file));
  const old = await lstatOrNull(file);
  if (old?.isSymbolicLink() || (old && !old.isFile())) throw changed(file, file);
  const tmp = sideName(file, 'tmp');
  await hooks.beforeOpen?.();
  const fh = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o600);
  let placed = false;
  try {
    if (!(await isHandleAt(fh, tmp))) throw changed(file, tmp);
    await stillPinned(ids, file);
    await fh.writeFile(text, 'utf8');
    await fh.chmod(old ? Number(old.mode) & 0o7777 : 0o644);
    await fh.sync();
    await renameWithRetry(tmp, file);
    placed = true;
    if (!(await isHandleAt(fh, file))) throw changed(file, file);
    await stillPinned(ids, file);
  } catch (e) {
    if (!placed) {
      // Whatever the handle is, it must not keep the new text: the name may now sit in a folder we never checked.
      await fh.truncate(0).catch(() => undefined);
      if (await isHandleAt(fh, tmp).catch(() => false)) await fs.rm(tmp, { force: true }).catch(() => undefined);
    }
    throw e;
  } finally {
    await fh.close().catch(() => undefined);
  }
  await syncFolder(path.dirname(file), ids);
}

/** Remove `file` (under `root`); absent is fine. A link at its name is refused, never followed or deleted. */
export async function pinnedRemove(root: string, file: string, hooks: PinHooks = {}): Promise<void> {
  const ids = await pinFolders(root, file, false);
  if (!ids) return;
  const was = await lstatOrNull(file);
  if (!was) return;
  if (was.isSymbolicLink() || !was.isFile()) throw changed(file, file);
  const aside = sideName(file, 'del');
  await hooks.beforeRename?.();
  await renameWithRetry(file, aside);
  const moved = await lstatOrNull(aside);
  try {
    if (!moved || !sameFile(moved, was)) throw changed(file, file);
    await stillPinned(ids, file);
  } catch (e) {
    await renameWithRetry(aside, file).catch(() => undefined);
    throw e;
  }
  await fs.unlink(aside);
  await syncFolder(path.dirname(file), ids);
}

/** fsync the folder so the rename survives a power cut; POSIX only (Windows has no folder handle in Node). */
async function syncFolder(dir: string, ids: Ids): Promise<void> {
  if (process.platform === 'win32') return;
  let fh: FileHandle | undefined;
  try {
    fh = await fs.open(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0) | O_NOFOLLOW);
    const was = ids.get(dir);
    if (was && sameFile(await fh.stat({ bigint: true }), was)) await fh.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the data itself is synced and renamed already.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
