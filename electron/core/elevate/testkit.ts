import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Change, FirewallRuleSpec } from '../../../shared/types/core';
import { createContext, type Ctx } from '../context';
import { memoryEnvStore } from '../platform/env-store';

import { adminFilesAt } from './files';
import { runElevatedBatch, type HelperDeps } from './run';
import { newNonce, readResultText, workDirOf } from './workdir';

export interface HelperOutcome {
  version: number;
  status: string;
  error?: { code: string; params?: Record<string, string | number> };
  applied: number;
}

/** A sandbox for the broker and helper tests: state dir, two "ProgramData" files, a memory machine environment. */
export async function sandbox(opts: { isAdmin?: boolean; machine?: Record<string, string> } = {}) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-elevate-'));
  const store = memoryEnvStore({ machine: opts.machine ?? {} });
  const ctx: Ctx = createContext({
    platform: 'linux',
    env: { HOME: dir, MIRRORKIT_HOME: path.join(dir, 'state'), PATH: process.env.PATH },
    envStore: store,
    isAdmin: opts.isAdmin ?? false,
    now: () => new Date('2026-01-02T03:04:05.000Z'),
  });
  const pip = path.join(dir, 'ProgramData', 'pip', 'pip.ini');
  const docker = path.join(dir, 'ProgramData', 'docker', 'config', 'daemon.json');
  // Stands for %ProgramData%: the admin files and the helper's own folder (MirrorKit\elevate\<nonce>) are under it.
  const workRoot = path.join(dir, 'ProgramData');
  await fs.mkdir(workRoot);
  const firewall: { action: string; spec: FirewallRuleSpec }[] = [];
  let broadcasts = 0;
  const deps: HelperDeps & { failFirewall?: boolean } = {
    envStore: store,
    files: adminFilesAt({ pip, docker }, workRoot),
    workRoot,
    broadcast: () => {
      broadcasts++;
      return Promise.resolve();
    },
    firewall: (action, spec) => {
      if (deps.failFirewall) return Promise.reject(new Error('New-NetFirewallRule: Access is denied.'));
      firewall.push({ action, spec });
      return Promise.resolve();
    },
  };
  const results = new Map<string, HelperOutcome | null>();
  /** The helper started as the broker starts it (a fresh result folder each time); its result kept by batch. */
  const run = async (b: { path: string; sha256: string }, d: HelperDeps = deps, c: Ctx = ctx): Promise<number> => {
    const nonce = newNonce();
    const code = await runElevatedBatch(c, { batchPath: b.path, sha256: b.sha256, nonce, principal: 'tester' }, d);
    const text = await readResultText(workDirOf(d.workRoot ?? workRoot, nonce));
    results.set(b.path, text === null ? null : (JSON.parse(text) as HelperOutcome));
    return code;
  };
  const result = (batchPath: string): HelperOutcome => {
    const r = results.get(batchPath);
    if (!r) throw new Error(`the helper wrote no result for ${batchPath}`);
    return r;
  };
  return {
    dir,
    workRoot,
    run,
    result,
    ctx,
    store,
    deps,
    firewall,
    broadcasts: () => broadcasts,
    paths: { pip, docker },
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

export const setEnv = (name: string, value: string | null, before: string | null = null): Change => ({
  kind: 'setEnv',
  target: 'go',
  name,
  value,
  scope: 'machine',
  before,
  admin: true,
});

export const rule = (action: 'ensure' | 'remove' = 'ensure'): Change => ({
  kind: 'firewallRule',
  target: 'pip',
  action,
  spec: { name: 'MirrorKit-devpi', port: 3141, protocol: 'TCP', direction: 'Inbound', remoteAddress: 'LocalSubnet' },
  admin: true,
});
