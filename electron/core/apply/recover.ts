import fs from 'node:fs/promises';
import path from 'node:path';

import type { Ctx } from '../context';
import { resolveTarget } from '../fsx/atomic';
import { appliesDir, BackupStore, listManifests } from '../fsx/backup';
import { readBytes, sha256 } from '../fsx/hash';
import { withLock } from '../fsx/lock';
import { isApplyId, type Manifest, type ManifestEntry } from '../fsx/manifest';
import { pidAlive } from '../fsx/owner';
import { readWingetSource } from '../targets/winget';
import { sameSource } from '../targets/winget-source';
import { readDistroFile } from '../platform/wsl';

import { canWrite, undoEntry } from './steps';
import { wingetAfter } from './undo-plan';

/**
 * What a crash leaves behind, put right before anything else runs:
 * - an apply whose manifest still says 'in-progress' was cut short: whatever it changed is rolled back from its
 *   journal (every change whose result is still there; someone else's later edit is left alone);
 * - `applies/<id>` folders without a manifest (the crash came while the originals were being copied, before any
 *   config was touched) are removed;
 * - temp files `.<name>.<pid>.<hex>.tmp` of a process that is gone, beside the configs the journal names and in
 *   the state folder, are removed: one may be a full copy of an `.npmrc` with its token.
 * Runs under the apply lock, so no live apply or restore is writing any of these.
 */

const TMP = /^\.?(.+)\.(\d+)\.[0-9a-f]{8}\.(?:tmp|stale)$/;

/** Undo one entry of a cut-short apply if what it wrote is still there; returns whether the entry is settled. */
async function rollBackEntry(ctx: Ctx, store: BackupStore, e: ManifestEntry): Promise<boolean> {
  if (e.state === 'rolled-back') return true;
  if (e.kind === 'file') {
    const current = await readBytes(e.path);
    const sha = current === null ? null : sha256(current);
    if (sha === e.sha256Before) return true;
    if (sha !== e.sha256After) return false;
    if (e.admin && !ctx.isAdmin && !(await canWrite(e.path))) return false;
    await undoEntry(ctx, store, e);
    return true;
  }
  if (e.kind === 'env') {
    const current = await ctx.envStore.get(e.name, e.scope);
    if (current === e.before) return true;
    if (current !== e.after || (e.admin && !ctx.isAdmin)) return false;
    await undoEntry(ctx, store, e);
    return true;
  }
  if (e.kind === 'winget') {
    // Only the broker can undo it (restore offers it); one never confirmed is settled unless winget shows it.
    if (e.state !== 'pending') return false;
    const now = await readWingetSource(ctx).catch(() => null);
    return now === null || !sameSource(now, wingetAfter(e));
  }
  if (e.kind === 'distroFile') {
    const current = await readDistroFile(ctx, e.distro, e.path);
    const sha = sha256(current);
    if (sha === e.sha256Before) return true;
    if (sha !== e.sha256After) return false;
    await undoEntry(ctx, store, e);
    return true;
  }
  // A firewall rule needs the broker (restore offers it); a tool run cannot be undone and changed no file.
  return e.kind === 'tool' || e.state === 'pending';
}

async function rollBack(ctx: Ctx, m: Manifest): Promise<void> {
  const store = BackupStore.open(ctx.stateDir, m.id);
  let settled = true;
  for (const e of [...m.entries].reverse()) {
    const ok = await rollBackEntry(ctx, store, e).catch(() => false);
    if (ok) e.state = 'rolled-back';
    else settled = false;
  }
  // Settled: nothing of it is left, history shows it failed. Otherwise restore can still take back the rest.
  m.status = settled ? 'failed' : 'partial';
  m.finishedAt = ctx.now().toISOString();
  m.interrupted = true;
  await store.writeManifest(m);
}

async function removeDeadTemps(dir: string, names: Set<string> | null): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const m = TMP.exec(name);
    if (!m || (names && !names.has(m[1] as string)) || pidAlive(Number(m[2]))) continue;
    await fs.rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

/** The folders where a config's temp file may be: beside the path, and beside its target when it is a link. */
async function configDirs(ms: Manifest[]): Promise<Map<string, Set<string>>> {
  const dirs = new Map<string, Set<string>>();
  const add = (file: string): void => {
    const d = path.dirname(file);
    const set = dirs.get(d) ?? new Set<string>();
    set.add(path.basename(file));
    dirs.set(d, set);
  };
  for (const m of ms) {
    for (const e of m.entries) {
      if (e.kind !== 'file') continue;
      add(e.path);
      const target = await resolveTarget(e.path).catch(() => null);
      if (target && target !== e.path) add(target);
    }
  }
  return dirs;
}

async function sweep(stateDir: string, ms: Manifest[]): Promise<void> {
  await removeDeadTemps(stateDir, null);
  const root = appliesDir(stateDir);
  const ids = await fs.readdir(root).catch(() => [] as string[]);
  for (const id of ids.filter(isApplyId)) {
    const dir = path.join(root, id);
    const hasManifest = await fs.stat(path.join(dir, 'manifest.json')).then(
      () => true,
      () => false,
    );
    if (!hasManifest) {
      await fs.rm(dir, { recursive: true, force: true });
      continue;
    }
    for (const sub of [dir, path.join(dir, 'files'), path.join(dir, 'conflicts')]) await removeDeadTemps(sub, null);
  }
  for (const [dir, names] of await configDirs(ms)) await removeDeadTemps(dir, names);
}

/** Roll back cut-short applies and clean up after crashes. The caller holds the apply lock. */
export async function recoverLocked(ctx: Ctx): Promise<void> {
  const ms = await listManifests(ctx.stateDir);
  for (const m of ms) if (m.status === 'in-progress') await rollBack(ctx, m);
  await sweep(ctx.stateDir, ms);
}

/** Every apply and restore runs this way: the lock, then recovery, then `fn`. */
export function withApplyLock<T>(ctx: Ctx, fn: () => Promise<T>): Promise<T> {
  return withLock(ctx.stateDir, async () => {
    await recoverLocked(ctx);
    return fn();
  });
}

/**
 * Before a plan is made: the plan is a diff against the files as they are, so a crash's half-done apply must
 * be rolled back first. When another run holds the lock, the files are its work in progress: nothing is done.
 */
export async function recoverIfIdle(ctx: Ctx): Promise<void> {
  // Busy, or a state folder this process cannot write: the apply itself will say so when it takes the lock.
  await withApplyLock(ctx, () => Promise.resolve()).catch(() => undefined);
}
