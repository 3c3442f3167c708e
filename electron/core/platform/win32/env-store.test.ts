import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MirrorKitError } from '../../errors';

import { BROADCAST_SCRIPT } from './broadcast';
import { createWin32EnvStore } from './env-store';
import { decodePowerShell } from './powershell';
import { ENV_KEYS } from './reg';
import { fakeWindows } from './testkit';

const ENV = { SystemRoot: 'C:\\Windows' };
const REG = 'C:\\Windows\\System32\\reg.exe';
const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

function isCode(code: string) {
  return (e: unknown) => e instanceof MirrorKitError && e.code === code;
}

test('set writes the registry value, then broadcasts WM_SETTINGCHANGE (setx semantics)', async () => {
  const w = fakeWindows();
  w.answer.set('powershell.exe', () => ({ code: 0, stdout: '', stderr: '' }));
  const store = createWin32EnvStore(w.exec, { env: ENV });
  await store.set('GOPROXY', 'https://goproxy.cn,direct', 'machine');
  assert.deepEqual(
    w.calls.map((c) => [c.command, c.args[0]]),
    [
      [REG, 'query'],
      [REG, 'add'],
      [PS, '-NoProfile'],
    ],
  );
  assert.deepEqual(w.calls[1]?.args, [
    'add',
    ENV_KEYS.machine,
    '/v',
    'GOPROXY',
    '/t',
    'REG_SZ',
    '/d',
    'https://goproxy.cn,direct',
    '/f',
  ]);
  const ps = w.calls[2]!;
  assert.deepEqual(ps.args.slice(0, 5), [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
  ]);
  assert.equal(decodePowerShell(ps.args[5]!), BROADCAST_SCRIPT);
  assert.equal(await store.get('GOPROXY', 'machine'), 'https://goproxy.cn,direct');
  assert.equal(await store.get('GOPROXY', 'user'), null);
});

test('the broadcast script carries no data and P/Invokes SendMessageTimeout with "Environment"', () => {
  assert.match(BROADCAST_SCRIPT, /SendMessageTimeout\(\[IntPtr\]0xffff, 0x1A, \[UIntPtr\]::Zero, 'Environment'/);
  assert.doesNotMatch(BROADCAST_SCRIPT, /\$env:/);
});

test('unchanged value: no write, no broadcast', async () => {
  const w = fakeWindows({ [ENV_KEYS.user]: { GOPROXY: 'https://goproxy.cn,direct' } });
  const store = createWin32EnvStore(w.exec, { env: ENV });
  await store.set('goproxy', 'https://goproxy.cn,direct', 'user');
  assert.deepEqual(
    w.calls.map((c) => c.args[0]),
    ['query'],
  );
});

test('null deletes under the registry spelling of the name; absent stays absent', async () => {
  const w = fakeWindows({ [ENV_KEYS.user]: { GoProxy: 'https://x.example' } });
  const store = createWin32EnvStore(w.exec, { env: ENV, broadcast: false });
  await store.set('GOPROXY', null, 'user');
  assert.deepEqual(w.calls[1]?.args, ['delete', ENV_KEYS.user, '/v', 'GoProxy', '/f']);
  assert.equal(await store.get('GOPROXY', 'user'), null);
  const before = w.calls.length;
  await store.set('GOPROXY', null, 'user');
  assert.equal(w.calls.length, before + 1, 'only the query');
});

test('an existing REG_EXPAND_SZ keeps its type; new values are REG_SZ', async () => {
  const w = fakeWindows({
    [ENV_KEYS.user]: { PIP_INDEX_URL: { type: 'REG_EXPAND_SZ', data: 'https://old.example/simple' } },
  });
  const store = createWin32EnvStore(w.exec, { env: ENV, broadcast: false });
  await store.set('PIP_INDEX_URL', 'https://mirrors.aliyun.com/pypi/simple/', 'user');
  assert.equal(w.calls[1]?.args[5], 'REG_EXPAND_SZ');
  assert.equal(w.registry.get(ENV_KEYS.user.toUpperCase())?.get('PIP_INDEX_URL')?.type, 'REG_EXPAND_SZ');
});

test('a value of an unexpected type is reported, and never overwritten', async () => {
  const w = fakeWindows({ [ENV_KEYS.machine]: { GOPROXY: { type: 'REG_DWORD', data: '0x1' } } });
  const store = createWin32EnvStore(w.exec, { env: ENV, broadcast: false });
  await assert.rejects(store.get('GOPROXY', 'machine'), isCode('windows.unexpected-reg-type'));
  await assert.rejects(store.set('GOPROXY', 'https://goproxy.cn', 'machine'), isCode('windows.unexpected-reg-type'));
  assert.equal(w.calls.filter((c) => c.args[0] === 'add').length, 0);
});

test('PATH, bad names, long and multi-line values are refused before any command runs', async () => {
  const w = fakeWindows();
  const store = createWin32EnvStore(w.exec, { env: ENV });
  await assert.rejects(store.set('PATH', 'C:\\x', 'user'), isCode('windows.env-path-refused'));
  await assert.rejects(store.set('Path', null, 'machine'), isCode('windows.env-path-refused'));
  await assert.rejects(store.set('PathExt', '.exe', 'machine'), isCode('windows.env-path-refused'));
  await assert.rejects(store.set('A B', 'x', 'user'), isCode('windows.env-bad-name'));
  await assert.rejects(store.set('/f', 'x', 'user'), isCode('windows.env-bad-name'));
  await assert.rejects(
    store.set('GOPROXY', `https://x.example/${'a'.repeat(1010)}`, 'user'),
    isCode('windows.env-too-long'),
  );
  await assert.rejects(
    store.set('GOPROXY', 'https://a.example\nhttps://b.example', 'user'),
    isCode('windows.env-bad-value'),
  );
  assert.equal(w.calls.length, 0);
  // Exactly 1024 characters is what setx accepts.
  await store.set('GOPROXY', `https://x.example/${'a'.repeat(1024 - 'https://x.example/'.length)}`, 'user');
});

test('a failing reg.exe is a clear error carrying its own message', async () => {
  const w = fakeWindows();
  w.failNext.add('add');
  const store = createWin32EnvStore(w.exec, { env: ENV, broadcast: false });
  await assert.rejects(
    store.set('GOPROXY', 'https://goproxy.cn', 'machine'),
    (e: unknown) =>
      e instanceof MirrorKitError && e.code === 'windows.reg-failed' && e.params.reason === 'Access is denied.',
  );
});
