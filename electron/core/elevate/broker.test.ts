import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { test } from 'node:test';

import type { Change, Plan } from '../../../shared/types/core';
import { applyPlan } from '../apply/transaction';
import { memoryEnvStore } from '../platform/env-store';
import { fakeWindows } from '../platform/win32/testkit';

import { createElevator } from './broker';
import { parseElevatedArgs, type LaunchFn } from './launch';
import { runElevatedBatch } from './run';
import { rule, sandbox, setEnv } from './testkit';
import { batchDir } from './write';

const SELF = { exe: 'C:\\Program Files\\MirrorKit\\MirrorKit.exe', args: [] };

/** A launcher that plays the elevated child: parses our own argv and runs the helper, as Windows would after "Yes". */
function yesLauncher(
  s: Awaited<ReturnType<typeof sandbox>>,
  seen: string[][],
  before?: (batch: string) => Promise<void>,
): LaunchFn {
  return async (exe, args) => {
    seen.push([exe, ...args]);
    const call = parseElevatedArgs(args);
    assert.ok(call, args.join(' '));
    await before?.(call.batchPath);
    return { code: await runElevatedBatch(s.ctx, call, s.deps) };
  };
}

test('not elevated: one launch of ourselves with --elevated, then done; the staging is cleaned up', async () => {
  const s = await sandbox();
  try {
    const seen: string[][] = [];
    const elevate = createElevator(s.ctx, { launch: yesLauncher(s, seen), self: SELF, workRoot: s.workRoot });
    const outcome = await elevate([
      setEnv('GOPROXY', 'https://goproxy.cn,direct'),
      setEnv('GOSUMDB', 'sum.golang.google.cn'),
      rule(),
    ]);
    assert.deepEqual(outcome, { status: 'done' });
    assert.equal(seen.length, 1, 'one prompt for the whole batch');
    assert.equal(seen[0]?.[0], SELF.exe);
    assert.equal(seen[0]?.[1], '--elevated');
    assert.equal(seen[0]?.[3], '--sha256');
    assert.match(seen[0]?.[4] ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(s.store.dump().machine, { GOPROXY: 'https://goproxy.cn,direct', GOSUMDB: 'sum.golang.google.cn' });
    assert.deepEqual(await fs.readdir(batchDir(s.ctx)), []);
  } finally {
    await s.cleanup();
  }
});

test('UAC declined (exit 1223, no result): declined, nothing changed', async () => {
  const s = await sandbox();
  try {
    const elevate = createElevator(s.ctx, {
      launch: () => Promise.resolve({ code: 1223 }),
      self: SELF,
      workRoot: s.workRoot,
    });
    assert.deepEqual(await elevate([setEnv('GOPROXY', 'https://goproxy.cn,direct')]), { status: 'declined' });
    assert.deepEqual(s.store.dump().machine, {});
  } finally {
    await s.cleanup();
  }
});

test('a helper that never reports (e.g. Wine, where PowerShell is a stub) is a failure, not a success', async () => {
  const s = await sandbox();
  try {
    const elevate = createElevator(s.ctx, {
      launch: () => Promise.resolve({ code: 0 }),
      self: SELF,
      workRoot: s.workRoot,
    });
    const r = await elevate([setEnv('GOPROXY', 'https://goproxy.cn,direct')]);
    assert.equal(r.status, 'failed');
    assert.equal(r.status === 'failed' && r.error.code, 'windows.elevate-no-result');
  } finally {
    await s.cleanup();
  }
});

test('a batch tampered with between writing and elevation is refused by the helper', async () => {
  const s = await sandbox();
  try {
    const tamper = async (batch: string) =>
      fs.writeFile(batch, (await fs.readFile(batch, 'utf8')).replace('goproxy.cn', 'evil.example'));
    const elevate = createElevator(s.ctx, { launch: yesLauncher(s, [], tamper), self: SELF, workRoot: s.workRoot });
    const r = await elevate([setEnv('GOPROXY', 'https://goproxy.cn,direct')]);
    assert.equal(r.status === 'failed' && r.error.code, 'windows.batch-tampered');
    assert.deepEqual(s.store.dump().machine, {});
  } finally {
    await s.cleanup();
  }
});

test('changes the helper would refuse never cost a prompt', async () => {
  const s = await sandbox();
  try {
    let launched = 0;
    const elevate = createElevator(s.ctx, {
      launch: () => Promise.resolve({ code: ++launched }),
      self: SELF,
      workRoot: s.workRoot,
    });
    const r = await elevate([setEnv('GOPROXY', 'https://goproxy.cn,direct'), setEnv('GOFLAGS', '-toolexec=calc')]);
    assert.equal(r.status === 'failed' && r.error.code, 'windows.batch-unknown-variable');
    assert.equal(launched, 0);
  } finally {
    await s.cleanup();
  }
});

test('no-op changes never cost a prompt', async () => {
  const s = await sandbox({ machine: { GOPROXY: 'https://goproxy.cn,direct' } });
  try {
    let launched = 0;
    const elevate = createElevator(s.ctx, {
      launch: () => Promise.resolve({ code: ++launched }),
      self: SELF,
      workRoot: s.workRoot,
    });
    assert.deepEqual(await elevate([setEnv('GOPROXY', 'https://goproxy.cn,direct')]), { status: 'done' });
    assert.equal(launched, 0);
  } finally {
    await s.cleanup();
  }
});

test('already elevated (admin console, SYSTEM): applied in this process, no launch', async () => {
  const s = await sandbox({ isAdmin: true });
  try {
    const elevate = createElevator(s.ctx, {
      launch: () => Promise.reject(new Error('must not launch')),
      helper: s.deps,
    });
    assert.deepEqual(await elevate([setEnv('GOPROXY', 'https://goproxy.cn,direct'), rule('remove')]), {
      status: 'done',
    });
    assert.deepEqual(s.store.dump().machine, { GOPROXY: 'https://goproxy.cn,direct' });
    assert.deepEqual(
      s.firewall.map((f) => f.action),
      ['remove'],
    );
  } finally {
    await s.cleanup();
  }
});

test('on Windows the staged batch is locked down with icacls: the user by SID and Administrators', async () => {
  const s = await sandbox();
  try {
    const w = fakeWindows();
    w.answer.set('whoami.exe', () => ({ code: 0, stdout: '"pc\\li lei","S-1-5-21-11-22-33-1001"\r\n', stderr: '' }));
    w.answer.set('icacls.exe', () => ({ code: 0, stdout: 'processed file\r\n', stderr: '' }));
    const ctx = {
      ...s.ctx,
      platform: 'win32' as const,
      exec: w.exec,
      env: { ...s.ctx.env, SystemRoot: 'C:\\Windows' },
    };
    let staged = '';
    const elevate = createElevator(ctx, {
      launch: (_e, args) => ((staged = args[1] ?? ''), Promise.resolve({ code: 1223 })),
      self: SELF,
      workRoot: s.workRoot,
    });
    assert.deepEqual(await elevate([setEnv('GOPROXY', 'https://goproxy.cn,direct')]), { status: 'declined' });
    const icacls = w.calls.find((c) => c.command.endsWith('icacls.exe'));
    assert.equal(icacls?.command, 'C:\\Windows\\System32\\icacls.exe');
    assert.deepEqual(icacls?.args, [
      staged,
      '/inheritance:r',
      '/grant:r',
      '*S-1-5-21-11-22-33-1001:F',
      '/grant:r',
      '*S-1-5-32-544:F',
    ]);

    // icacls failing: the batch is not used and not left behind.
    w.answer.set('icacls.exe', () => ({ code: 5, stdout: '', stderr: 'Access is denied.' }));
    const r = await createElevator(ctx, {
      launch: () => Promise.reject(new Error('must not launch')),
      self: SELF,
      workRoot: s.workRoot,
    })([setEnv('GOPROXY', 'https://goproxy.cn,direct')]);
    assert.equal(r.status === 'failed' && r.error.code, 'windows.batch-acl-failed');
    assert.deepEqual(await fs.readdir(batchDir(ctx)), []);
  } finally {
    await s.cleanup();
  }
});

test('with the transaction: a declined prompt takes the target back to needs-elevation, user-scope part rolled back', async () => {
  const s = await sandbox();
  try {
    const user = memoryEnvStore();
    const ctx = { ...s.ctx, envStore: user };
    const elevate = createElevator(ctx, {
      launch: () => Promise.resolve({ code: 1223 }),
      self: SELF,
      workRoot: s.workRoot,
    });
    const userChange: Change = {
      kind: 'setEnv',
      target: 'go',
      name: 'GOPRIVATE',
      value: '*.corp.example',
      scope: 'user',
      before: null,
      admin: false,
    };
    const plan: Plan = {
      id: 'p',
      createdAt: '2026-01-02T03:04:05.000Z',
      platform: 'win32',
      label: 'set go',
      targets: [
        {
          target: 'go',
          status: 'change',
          before: null,
          after: 'https://goproxy.cn,direct',
          changes: [userChange, setEnv('GOPROXY', 'https://goproxy.cn,direct')],
          warnings: [],
        },
      ],
    };
    const r = await applyPlan(ctx, plan, { elevate });
    assert.equal(r.status, 'needs-elevation');
    assert.equal(r.targets[0]?.outcome, 'needs-elevation');
    assert.deepEqual(user.dump(), { user: {}, machine: {} });
  } finally {
    await s.cleanup();
  }
});
