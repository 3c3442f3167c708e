import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
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

test('a target named explicitly is planned without detecting it: its version command is not run', async () => {
  const { exec, calls } = countingExec();
  const { ctx: sandbox, root, cleanup } = await sandboxCtx({ exec, files: { 'bin/go': '#!/bin/sh\n' } });
  try {
    await fs.chmod(path.join(root, 'bin', 'go'), 0o755);
    const ctx = { ...sandbox, env: { ...sandbox.env, PATH: path.join(root, 'bin') } };
    const plan = await makePlan(ctx, { selection: { kind: 'preset', preset: 'aliyun' }, only: ['go'] });
    assert.equal(plan.targets.find((t) => t.target === 'go')?.status, 'change');
    assert.equal(calls.length, 0, calls.join('; '));
    // Not named: go is detected (its version asked) before it is planned, as before.
    await makePlan(ctx, { selection: { kind: 'preset', preset: 'aliyun' } });
    assert.ok(
      calls.some((c) => c.endsWith('go version')),
      calls.join('; '),
    );
  } finally {
    await cleanup();
  }
});
