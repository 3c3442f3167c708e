import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Change, FirewallRuleSpec } from '../../../shared/types/core';
import { createContext, type Ctx } from '../context';
import { memoryEnvStore } from '../platform/env-store';

import { adminFilesAt } from './files';
import type { HelperDeps } from './run';

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
  const firewall: { action: string; spec: FirewallRuleSpec }[] = [];
  let broadcasts = 0;
  const deps: HelperDeps & { failFirewall?: boolean } = {
    envStore: store,
    files: adminFilesAt({ pip, docker }, path.join(dir, 'ProgramData')),
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
  return {
    dir,
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
