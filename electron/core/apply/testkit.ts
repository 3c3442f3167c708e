/** Shared fixtures of the apply/restore tests: a sandboxed Ctx, and plans built from real file contents. */
import fs from 'node:fs/promises';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';

import type { Change, Plan, TargetId, TargetPlan } from '../../../shared/types/core';
import { afterEach } from 'node:test';

import { createContext, type ContextOverrides, type Ctx } from '../context';
import { MirrorKitError } from '../errors';
import { memoryEnvStore } from '../platform/env-store';

export interface Sandbox {
  dir: string;
  ctx: Ctx;
  env: ReturnType<typeof memoryEnvStore>;
  /** Advance the sandbox clock (history ordering needs distinct times). */
  tick(ms?: number): void;
  cleanup(): Promise<void>;
}

export async function sandbox(
  o: ContextOverrides & { initialEnv?: Parameters<typeof memoryEnvStore>[0] } = {},
): Promise<Sandbox> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-apply-'));
  const env = memoryEnvStore(o.initialEnv);
  let t = Date.UTC(2026, 10, 23, 10, 15, 2);
  const ctx = createContext({
    env: { HOME: dir, MIRRORKIT_HOME: path.join(dir, 'state') },
    envStore: env,
    isAdmin: true,
    now: () => new Date(t),
    ...o,
  });
  return {
    dir,
    ctx,
    env,
    tick: (ms = 1000) => {
      t += ms;
    },
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

/** A writeFile change whose `before` is what is on disk now, as a target module would read it. */
export async function writeFile(target: TargetId, file: string, after: string, admin = false): Promise<Change> {
  const before = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  });
  return { kind: 'writeFile', target, path: file, before, after, admin };
}

export function setEnv(
  target: TargetId,
  name: string,
  value: string | null,
  before: string | null,
  scope: 'user' | 'machine' = 'user',
): Change {
  return { kind: 'setEnv', target, name, value, scope, before, admin: scope === 'machine' };
}

export function targetPlan(target: TargetId, changes: Change[], status: TargetPlan['status'] = 'change'): TargetPlan {
  return { target, status, before: null, after: 'https://mirror.example/', changes, warnings: [] };
}

export function plan(targets: TargetPlan[], label = 'test plan'): Plan {
  return { id: 'plan-1', createdAt: '2026-11-23T10:00:00.000Z', platform: 'linux', label, targets };
}

export async function bytesOf(file: string): Promise<Buffer | null> {
  return fs.readFile(file).catch(() => null);
}

/** A fresh sandbox per test, removed after each one. */
export function sandboxPerTest(): (o?: Parameters<typeof sandbox>[0]) => Promise<Sandbox> {
  let sb: Sandbox | undefined;
  afterEach(async () => {
    await sb?.cleanup();
    sb = undefined;
  });
  return async (o = {}) => (sb = await sandbox(o));
}

/** For assert.rejects: the error is a MirrorKitError with this code. */
export function rejectsWith(expected: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof MirrorKitError, String(err));
    assert.equal(err.code, expected);
    return true;
  };
}
