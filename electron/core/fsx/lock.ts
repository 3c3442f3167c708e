import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import { EXIT, MirrorKitError } from '../errors';

import { trackLock, trackTemp, untrackLock, untrackTemp } from './inflight';
import { currentOwner, ownerAlive, parseOwner, sameHost, type LockOwner } from './owner';

/**
 * Only for a lock whose owner runs on another host (a state folder on a share), whose process cannot be
 * checked from here: the holder refreshes the file's mtime every HEARTBEAT_MS, so such a lock is stale once
 * it is older than STALE_MS. Also the age after which a lock folder left by an older MirrorKit is stale.
 */
const STALE_MS = 30_000;
const HEARTBEAT_MS = 10_000;
/** A lock file being written where hard links are unavailable may be read empty for this long. */
const WRITING_MS = 5_000;

export function lockPath(stateDir: string): string {
  return path.join(stateDir, 'apply.lock');
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

function tmpName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

type Holder =
  | { kind: 'free' }
  | { kind: 'live'; owner: LockOwner | null }
  | { kind: 'dead'; owner: LockOwner | null; legacyDir: boolean };

/** Who holds the lock now, and whether they can still run. */
async function inspect(file: string): Promise<Holder> {
  let text: string;
  let mtime: number;
  try {
    const st = await fs.stat(file);
    mtime = st.mtimeMs;
    // An older MirrorKit (proper-lockfile) kept a folder with no owner in it: its mtime rule is all there is.
    if (st.isDirectory())
      return Date.now() - mtime > STALE_MS
        ? { kind: 'dead', owner: null, legacyDir: true }
        : { kind: 'live', owner: null };
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (errno(err) === 'ENOENT') return { kind: 'free' };
    throw err;
  }
  const owner = parseOwner(text);
  const age = Date.now() - mtime;
  if (!owner) return age > WRITING_MS ? { kind: 'dead', owner: null, legacyDir: false } : { kind: 'live', owner: null };
  if (!sameHost(owner)) return age > STALE_MS ? { kind: 'dead', owner, legacyDir: false } : { kind: 'live', owner };
  return ownerAlive(owner) ? { kind: 'live', owner } : { kind: 'dead', owner, legacyDir: false };
}

/** Create the lock file whole, or fail with EEXIST: a hard link of a finished temp file is atomic. */
async function create(file: string, owner: LockOwner): Promise<boolean> {
  const tmp = tmpName(file);
  const text = JSON.stringify(owner);
  trackTemp(tmp);
  try {
    await fs.writeFile(tmp, text, { flag: 'wx', mode: 0o644 });
    await fs.link(tmp, file);
    return true;
  } catch (err) {
    if (errno(err) === 'EEXIST') return false;
    // No hard links here (FAT, some shares): exclusive create, read as "being written" while still empty.
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV'].includes(errno(err) ?? '')) throw err;
    try {
      await fs.writeFile(file, text, { flag: 'wx', mode: 0o644 });
      return true;
    } catch (err2) {
      if (errno(err2) === 'EEXIST') return false;
      throw err2;
    }
  } finally {
    await fs.rm(tmp, { force: true });
    untrackTemp(tmp);
  }
}

/**
 * Remove a lock judged dead. Two processes may judge the same dead lock at once; the file is first renamed
 * aside, so only one of them gets it, and if what was renamed is not the lock that was judged (a third
 * process took the path over meanwhile), it is put back.
 */
async function takeOver(file: string, judged: Holder & { kind: 'dead' }): Promise<void> {
  if (judged.legacyDir) {
    await fs.rm(file, { recursive: true, force: true });
    return;
  }
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  trackTemp(aside);
  try {
    await fs.rename(file, aside);
  } catch (err) {
    untrackTemp(aside);
    if (errno(err) === 'ENOENT') return;
    throw err;
  }
  const taken = parseOwner(await fs.readFile(aside, 'utf8').catch(() => ''));
  if (judged.owner && taken?.token !== judged.owner.token) await fs.link(aside, file).catch(() => undefined);
  await fs.rm(aside, { force: true });
  untrackTemp(aside);
}

async function acquire(file: string, owner: LockOwner): Promise<void> {
  // Each round either creates the lock, meets a live holder, or removes a dead one; a few rounds cover races.
  for (let round = 0; round < 5; round++) {
    if (await create(file, owner)) return;
    const holder = await inspect(file);
    if (holder.kind === 'live') {
      const who = holder.owner ? `${holder.owner.pid}@${holder.owner.host}` : '?';
      throw new MirrorKitError('error.locked', { path: file, owner: who }, EXIT.busy);
    }
    if (holder.kind === 'dead') await takeOver(file, holder);
  }
  throw new MirrorKitError('error.locked', { path: file, owner: '?' }, EXIT.busy);
}

async function release(file: string, owner: LockOwner): Promise<void> {
  const now = parseOwner(await fs.readFile(file, 'utf8').catch(() => ''));
  // Never remove a lock that is no longer ours (taken over after a stall, or a folder of another version).
  if (now?.token === owner.token) await fs.rm(file, { force: true });
}

/**
 * One apply or restore at a time, across processes (the app and the CLI, two CLI runs from a fleet tool).
 * The lock file names its owner (process id, start time, host); a lock whose owner is gone is taken over at
 * once, so a crash never makes the next run wait. Contention is EXIT.busy ("try again"), not bad input.
 */
export async function withLock<T>(stateDir: string, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(stateDir, { recursive: true });
  const file = lockPath(stateDir);
  const owner = currentOwner(randomBytes(8).toString('hex'));
  await acquire(file, owner);
  trackLock(file, owner.token);
  const beat = setInterval(() => {
    const t = new Date();
    fs.utimes(file, t, t).catch(() => undefined);
  }, HEARTBEAT_MS);
  beat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(beat);
    await release(file, owner).catch(() => undefined);
    untrackLock(file);
  }
}
