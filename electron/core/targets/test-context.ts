import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Change, Plan, Platform, TargetPlan } from '../../../shared/types/core';
import { createContext, type Ctx } from '../context';
import { memoryEnvStore, posixEnvStore, type EnvStore } from '../platform/env-store';
import type { Exec } from '../platform/exec';

/** A sandboxed context for target tests: a temp home, no real tools (exec answers "not found" unless given). */
export async function sandboxCtx(
  opts: {
    platform?: Platform;
    env?: Record<string, string>;
    envStore?: EnvStore;
    exec?: Exec;
    files?: Record<string, string>;
  } = {},
): Promise<{ ctx: Ctx; root: string; cleanup: () => Promise<void> }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-target-'));
  const home = path.join(root, 'home');
  const env: Record<string, string> = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    CARGO_HOME: path.join(home, '.cargo'),
    MIRRORKIT_HOME: path.join(root, 'state'),
    MIRRORKIT_SYSROOT: path.join(root, 'sysroot'),
    PATH: '',
    ...opts.env,
  };
  for (const [rel, text] of Object.entries(opts.files ?? {})) {
    const f = path.join(root, rel);
    await fs.mkdir(path.dirname(f), { recursive: true });
    await fs.writeFile(f, text);
  }
  const notFound: Exec = () => Promise.resolve({ code: null, stdout: '', stderr: '', failure: 'not-found' });
  const ctx = createContext({
    platform: opts.platform ?? 'linux',
    env,
    envStore: opts.envStore ?? (opts.platform === 'win32' ? memoryEnvStore() : posixEnvStore),
    exec: opts.exec ?? notFound,
    isAdmin: true,
  });
  // A tool a test ran (go and its telemetry child) may still be writing for a moment: rm retries.
  return { ctx, root, cleanup: () => fs.rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }) };
}

/** A plan's file changes. */
export const written = (changes: Change[]) => changes.flatMap((c) => (c.kind === 'writeFile' ? [c] : []));

/** The change to MirrorKit's own env.sh in a plan, if there is one. */
export const envSh = (changes: Change[]) => written(changes).find((c) => c.path.endsWith(`mirrorkit${path.sep}env.sh`));

/** Writes a plan's files as an apply would (no backup, no journal): enough for the target to read them back. */
export async function applyFiles(changes: Change[]): Promise<void> {
  for (const c of written(changes)) {
    await fs.mkdir(path.dirname(c.path), { recursive: true });
    await fs.writeFile(c.path, c.after);
  }
}

/** A plan of one target, as the engine's apply takes it (tests that apply a target's plan directly). */
export const planOf = (tp: TargetPlan, platform: Platform = 'win32', label = 'test'): Plan => ({
  id: 'p1',
  createdAt: '2026-12-07T00:00:00.000Z',
  platform,
  label,
  targets: [tp],
});
