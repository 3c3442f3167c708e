import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import type { Message } from '../../../shared/types/core';

import type { FolderSecurer } from './folder-acl';
import { createExclusive, readNoFollow } from './no-follow';

/**
 * The elevated helper's own folder: `<ProgramData>\MirrorKit\elevate\<nonce>`, where <ProgramData> is the one the
 * registry names (system-folders.ts), never the caller's. The unelevated side draws the nonce (32 hex digits) and
 * passes it with `--result`; the helper creates the folder, which must not exist yet, inside two folders only
 * Administrators and SYSTEM control, so the user who asked for the prompt cannot have put anything there or
 * redirect anything in it (folder-acl.ts). The helper writes its result there and only there; the invoking user
 * may read it. The folder stays until the next elevated run removes it (the reader needs it after the helper
 * exits), once it is older than LEFTOVER_AGE_MS so a run of another user going on at the same time keeps its own.
 */
export const NONCE = /^[0-9a-f]{32}$/;
export const LEFTOVER_AGE_MS = 10 * 60_000;
const RESULT_MAX_BYTES = 64 * 1024;

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export interface WorkDir {
  /** `<root>\MirrorKit`, `<root>\MirrorKit\elevate`: made (or found) protected. */
  chain: string[];
  dir: string;
  result: string;
}

export function workDirOf(root: string, nonce: string, p: Pick<typeof path, 'join'> = path): WorkDir {
  const base = p.join(root, 'MirrorKit');
  const elevate = p.join(base, 'elevate');
  const dir = p.join(elevate, nonce);
  return { chain: [base, elevate], dir, result: p.join(dir, 'result.json') };
}

const refuse = (p: string, reason: string): Message => ({
  code: 'windows.elevate-folder',
  params: { path: p, reason },
});

/** A link (junction or symbolic link) anywhere from the root to the folder; an absent folder is not one. */
async function linkAmong(paths: readonly string[]): Promise<Message | null> {
  for (const p of paths) {
    try {
      const st = await fs.lstat(p);
      if (st.isSymbolicLink()) {
        const target = await fs.readlink(p).catch(() => '?');
        return { code: 'windows.batch-link', params: { path: p, link: p, target } };
      }
      if (!st.isDirectory()) return refuse(p, 'not a folder');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return refuse(p, (e as Error).message);
    }
  }
  return null;
}

/**
 * Create the helper's folder for this run. The links are checked before (a junction planted at any level is
 * refused by name) and after the securer, which creates each missing level with its final ACL and checks the
 * ones that were there.
 */
export async function prepareWorkDir(
  root: string,
  nonce: string,
  principal: string,
  secure: FolderSecurer,
): Promise<WorkDir | Message> {
  if (!NONCE.test(nonce)) return refuse(nonce, 'not a result name MirrorKit makes');
  const w = workDirOf(root, nonce);
  const all = [root, ...w.chain, w.dir];
  const before = await linkAmong(all);
  if (before) return before;
  const made = await secure(w.chain, w.dir, principal).catch((e: unknown) => refuse(w.dir, String(e)));
  if (made) return made;
  return (await linkAmong(all)) ?? w;
}

/** The result, created afresh in the helper's folder: a name that exists already (a link too) is never reused. */
export async function writeResult(w: WorkDir, text: string): Promise<void> {
  await createExclusive(w.result, text, 0o644);
}

/** The unelevated side's read of the result, or null when there is none (declined prompt, helper never ran). */
export async function readResultText(w: WorkDir): Promise<string | null> {
  try {
    return (await readNoFollow(w.result, RESULT_MAX_BYTES)).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * Remove the folders earlier runs left in `<root>\MirrorKit\elevate` (only names MirrorKit makes, only folders,
 * only once old enough). Called by the helper after its own folder is made, so the parent is known protected.
 */
export async function cleanLeftovers(w: WorkDir, now: Date): Promise<number> {
  const parent = w.chain[w.chain.length - 1] as string;
  let removed = 0;
  for (const name of await fs.readdir(parent).catch(() => [] as string[])) {
    const p = path.join(parent, name);
    if (!NONCE.test(name) || p === w.dir) continue;
    const st = await fs.lstat(p).catch(() => null);
    if (!st?.isDirectory() || now.getTime() - st.mtimeMs < LEFTOVER_AGE_MS) continue;
    await fs.rm(p, { recursive: true, force: true }).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}
