import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { TARGET_IDS } from '../../../shared/types/core';
import { createCore } from '../api';
import type { Exec } from '../platform/exec';

import { sandboxCtx } from './test-context';

test('a quick status finds the tools without running them; the full one runs them for their versions', async () => {
  const ran: string[] = [];
  const bin = path.join(os.tmpdir(), `mk-quick-bin-${process.pid}`);
  const exec: Exec = (command) => {
    ran.push(path.basename(command));
    return Promise.resolve({ code: 0, stdout: 'go version go1.2.3 linux/amd64\n', stderr: '' });
  };
  const { ctx, cleanup } = await sandboxCtx({ exec, env: { PATH: bin } });
  try {
    await fs.mkdir(bin, { recursive: true });
    await fs.writeFile(path.join(bin, 'go'), '#!/bin/sh\n', { mode: 0o755 });
    const core = createCore(ctx);

    const [goQuick, cargoQuick] = await core.status(['go', 'cargo'], { quick: true });
    assert.equal(ran.length, 0, 'nothing runs in a quick look');
    assert.deepEqual(goQuick?.detection, {
      target: 'go',
      supported: true,
      installed: true,
      executable: path.join(bin, 'go'),
      versionPending: true,
    });
    assert.deepEqual(cargoQuick?.detection, { target: 'cargo', supported: true, installed: false });
    assert.ok(goQuick?.reading, 'the source is read in a quick look too');

    const [goFull] = await core.status(['go']);
    assert.deepEqual(goFull?.detection, {
      target: 'go',
      supported: true,
      installed: true,
      version: '1.2.3',
      executable: path.join(bin, 'go'),
    });
    assert.equal(ran.includes('go'), true);
  } finally {
    await cleanup();
    await fs.rm(bin, { recursive: true, force: true });
  }
});

test('a quick status over every target runs no program, on Windows and Linux, even with every tool present', async () => {
  for (const platform of ['win32', 'linux'] as const) {
    const ran: string[] = [];
    const exec: Exec = (command, args) => {
      ran.push(`${path.basename(command)} ${args.join(' ')}`);
      return Promise.resolve({ code: 0, stdout: '', stderr: '' });
    };
    const bin = path.join(os.tmpdir(), `mk-quick-all-${process.pid}-${platform}`);
    const win = { USERPROFILE: bin, APPDATA: bin, LOCALAPPDATA: bin, SystemRoot: bin, PATHEXT: '.exe;.cmd' };
    const env = { PATH: bin, ...(platform === 'win32' ? win : {}) };
    const { ctx, cleanup } = await sandboxCtx({ platform, exec, env });
    try {
      // Every tool's command, with and without .exe, and wsl.exe where Windows keeps it. On this Linux host the
      // win32 pass resolves only what a target reads without PATH (wsl.exe through SystemRoot): Windows paths of
      // tools on PATH do not resolve here, so the Linux pass is the one that finds pnpm, yarn and the rest.
      const names = [...TARGET_IDS, 'python', 'python3', 'pip3', 'mvn', 'conda', 'hf', 'brew', 'dart', 'flutter'];
      const system32 = path.join(bin, 'System32');
      await fs.mkdir(system32, { recursive: true });
      for (const n of names.flatMap((x) => [x, `${x}.exe`, `${x}.cmd`]))
        await fs.writeFile(path.join(bin, n), '#!/bin/sh\n', { mode: 0o755 });
      await fs.writeFile(path.join(system32, 'wsl.exe'), '', { mode: 0o755 });

      const rows = await createCore(ctx).status(undefined, { quick: true });
      assert.equal(rows.length, TARGET_IDS.length);
      assert.deepEqual(ran, [], `${platform}: nothing runs in a quick look`);
    } finally {
      await cleanup();
      await fs.rm(bin, { recursive: true, force: true });
    }
  }
});
