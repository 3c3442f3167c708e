import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

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
