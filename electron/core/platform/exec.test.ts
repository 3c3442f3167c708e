import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';

import { nodeExec } from './exec';

// The child reports its own priority after a pause, by which time the parent has had its chance to lower it.
const REPORT_PRIORITY = ['-e', 'setTimeout(() => console.log(require("node:os").getPriority()), 300)'];

test('a background run goes below normal priority; a plain run keeps the parent’s', async () => {
  const own = os.getPriority();
  const plain = await nodeExec(process.execPath, REPORT_PRIORITY);
  assert.equal(Number(plain.stdout.trim()), own);
  const background = await nodeExec(process.execPath, REPORT_PRIORITY, { background: true });
  assert.equal(background.code, 0);
  assert.equal(Number(background.stdout.trim()), Math.max(own, os.constants.priority.PRIORITY_BELOW_NORMAL));
});

test('arguments reach the program as they are, never through a shell', async () => {
  const r = await nodeExec(process.execPath, [
    '-e',
    'console.log(JSON.stringify(process.argv.slice(1)))',
    '$(echo hi); rm -rf /',
    '"q"',
  ]);
  assert.deepEqual(JSON.parse(r.stdout), ['$(echo hi); rm -rf /', '"q"']);
});

test('a program that is not there is reported as not-found', async () => {
  const r = await nodeExec('mirrorkit-no-such-program', []);
  assert.equal(r.failure, 'not-found');
  assert.equal(r.code, null);
});
