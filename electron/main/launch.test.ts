import assert from 'node:assert/strict';
import { test } from 'node:test';

import { routeArgv } from './launch';

test('packaged: the exe comes first, user arguments follow', () => {
  assert.deepEqual(routeArgv(['MirrorKit.exe'], false), { mode: 'gui' });
  assert.deepEqual(routeArgv(['MirrorKit.exe', '--cli', 'status', '--json'], false), {
    mode: 'cli',
    args: ['status', '--json'],
  });
  assert.deepEqual(routeArgv(['MirrorKit.exe', '--cli'], false), { mode: 'cli', args: [] });
  const sha = 'a'.repeat(64);
  assert.deepEqual(routeArgv(['MirrorKit.exe', '--elevated', 'C:\\Temp\\batch.json', '--sha256', sha], false), {
    mode: 'elevated',
    args: ['--elevated', 'C:\\Temp\\batch.json', '--sha256', sha],
  });
});

test('development: electron and the app path come first', () => {
  assert.deepEqual(routeArgv(['/x/electron', 'out/main.cjs'], true), { mode: 'gui' });
  assert.deepEqual(routeArgv(['/x/electron', 'out/main.cjs', '--cli', 'apply', 'aliyun'], true), {
    mode: 'cli',
    args: ['apply', 'aliyun'],
  });
  // In development the app path is not a user argument, even if it looked like one.
  assert.deepEqual(routeArgv(['/x/electron', '--cli'], true), { mode: 'gui' });
});

test('Chromium switches before ours do not hide them; --elevated wins over --cli', () => {
  assert.deepEqual(routeArgv(['MirrorKit.exe', '--no-sandbox', '--cli', 'history'], false), {
    mode: 'cli',
    args: ['history'],
  });
  assert.deepEqual(routeArgv(['MirrorKit.exe', '--cli', '--elevated', 'b.json'], false), {
    mode: 'elevated',
    args: ['--elevated', 'b.json'],
  });
  // A CLI argument after --cli that happens to be named like a Chromium switch still goes to the CLI.
  assert.deepEqual(routeArgv(['MirrorKit.exe', '--cli', 'status', '--lang', 'zh-CN'], false), {
    mode: 'cli',
    args: ['status', '--lang', 'zh-CN'],
  });
});
