import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Exec } from '../platform/exec';
import { sandboxCtx } from '../targets/test-context';

import { makePlan } from './plan';

/** An exec that counts its calls and answers "not found", as on a machine without the tools. */
function countingExec(): { exec: Exec; calls: string[] } {
  const calls: string[] = [];
  const exec: Exec = (command, args) => {
    calls.push([command, ...args].join(' '));
    return Promise.resolve({ code: null, stdout: '', stderr: '', failure: 'not-found' });
  };
  return { exec, calls };
}

test('a plan given the targets Detect found installed trusts it and runs no tool', async () => {
  const { exec, calls } = countingExec();
  const { ctx, cleanup } = await sandboxCtx({ exec });
  try {
    const plan = await makePlan(ctx, { selection: { kind: 'preset', preset: 'aliyun' }, installed: ['pip', 'npm'] });
    const status = Object.fromEntries(plan.targets.map((t) => [t.target, t.status]));
    assert.equal(status.pip, 'change');
    assert.equal(status.npm, 'change');
    // Not in the list: skipped as not installed, without being asked.
    assert.equal(status.go, 'skipped');
    assert.deepEqual(calls, []);
  } finally {
    await cleanup();
  }
});

test('without that list each target is detected, as the CLI does', async () => {
  const { exec } = countingExec();
  const { ctx, cleanup } = await sandboxCtx({ exec });
  try {
    const plan = await makePlan(ctx, { selection: { kind: 'preset', preset: 'aliyun' } });
    const pip = plan.targets.find((t) => t.target === 'pip');
    assert.equal(pip?.status, 'skipped');
    assert.equal(pip?.reason?.code, 'skip.not-installed');
  } finally {
    await cleanup();
  }
});
