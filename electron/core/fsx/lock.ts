import fs from 'node:fs/promises';
import path from 'node:path';

import lockfile from 'proper-lockfile';

import { EXIT, MirrorKitError } from '../errors';

/** Refreshed every STALE_MS/2 while held, so only a lock left by a dead process ever gets this old. */
const STALE_MS = 30_000;

export function lockPath(stateDir: string): string {
  return path.join(stateDir, 'apply.lock');
}

/**
 * One apply or restore at a time, across processes (the app and the CLI, two CLI runs from a fleet tool).
 * proper-lockfile creates a folder atomically (mkdir works the same on NTFS and over network shares, unlike
 * O_EXCL) and keeps its mtime fresh; a lock not refreshed for STALE_MS is taken over, so a crash never blocks
 * MirrorKit for good.
 */
export async function withLock<T>(stateDir: string, fn: () => Promise<T>): Promise<T> {
  await fs.mkdir(stateDir, { recursive: true });
  const lockfilePath = lockPath(stateDir);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(stateDir, {
      lockfilePath,
      realpath: false,
      stale: STALE_MS,
      retries: 0,
      // The default throws from a timer and would kill the process mid-write. A lock is only compromised when
      // the event loop stalled for STALE_MS; finishing the transaction is then safer than aborting it.
      onCompromised: () => undefined,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new MirrorKitError('error.locked', { path: lockfilePath }, EXIT.badInput);
    }
    throw err;
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
