import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { decodePowerShell } from '../platform/win32/powershell';
import { fakeWindows } from '../platform/win32/testkit';

import {
  ELEVATE_SCRIPT,
  elevatedArgs,
  elevateInvocation,
  parseElevatedArgs,
  powershellLauncher,
  selfCommand,
} from './launch';

const HASH = 'c0ffee'.repeat(10) + 'abcd';

test('self command: packaged app, Electron in development, node CLI', () => {
  assert.deepEqual(
    selfCommand({
      execPath: 'C:\\Program Files\\MirrorKit\\MirrorKit.exe',
      argv: ['C:\\Program Files\\MirrorKit\\MirrorKit.exe', '--cli', 'apply'],
      execArgv: [],
      versions: { electron: '45.4.1' },
    }),
    {
      exe: 'C:\\Program Files\\MirrorKit\\MirrorKit.exe',
      args: [],
    },
  );
  assert.deepEqual(
    selfCommand({
      execPath: '/x/electron',
      argv: ['/x/electron', 'out/main.cjs', '--cli'],
      execArgv: [],
      versions: { electron: '45.4.1' },
      defaultApp: true,
    }),
    {
      exe: '/x/electron',
      args: [path.resolve('out/main.cjs')],
    },
  );
  assert.deepEqual(
    selfCommand({
      execPath: '/usr/bin/node',
      argv: ['/usr/bin/node', 'out/cli.cjs', 'apply'],
      execArgv: ['--enable-source-maps'],
      versions: {},
    }),
    {
      exe: '/usr/bin/node',
      args: ['--enable-source-maps', path.resolve('out/cli.cjs')],
    },
  );
});

const NONCE = '0123456789abcdef0123456789abcdef';
const CALL = { batchPath: 'C:\\b.json', sha256: HASH, nonce: NONCE, principal: '*S-1-5-21-11-22-33-1001' };
const TAIL = ['--result', NONCE, '--for', '*S-1-5-21-11-22-33-1001'];

test('helper argv: packaged and node', () => {
  assert.deepEqual(elevatedArgs({ exe: 'MirrorKit.exe', args: [] }, CALL), [
    '--elevated',
    'C:\\b.json',
    '--sha256',
    HASH,
    ...TAIL,
  ]);
  assert.deepEqual(elevatedArgs({ exe: 'node.exe', args: ['C:\\app\\cli.cjs'] }, CALL), [
    'C:\\app\\cli.cjs',
    '--elevated',
    'C:\\b.json',
    '--sha256',
    HASH,
    ...TAIL,
  ]);
});

test('the exact PowerShell invocation: constant script, exe and quoted arguments in the environment', () => {
  const inv = elevateInvocation({ SystemRoot: 'C:\\Windows' }, 'C:\\Program Files\\nodejs\\node.exe', [
    'C:\\Program Files\\MirrorKit\\cli.cjs',
    '--elevated',
    'C:\\Users\\Li Lei\\b.json',
    '--sha256',
    HASH,
  ]);
  assert.equal(inv.command, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  assert.deepEqual(inv.args.slice(0, 5), [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
  ]);
  assert.equal(inv.args.length, 6);
  assert.equal(decodePowerShell(inv.args[5]!), ELEVATE_SCRIPT);
  assert.equal(inv.env.MIRRORKIT_ELEVATE_EXE, 'C:\\Program Files\\nodejs\\node.exe');
  assert.equal(
    inv.env.MIRRORKIT_ELEVATE_ARGS,
    `"C:\\Program Files\\MirrorKit\\cli.cjs" --elevated "C:\\Users\\Li Lei\\b.json" --sha256 ${HASH}`,
  );
});

test('the script elevates with RunAs, maps a declined prompt to 1223 and passes the exit code on', () => {
  assert.match(
    ELEVATE_SCRIPT,
    /Start-Process -FilePath \$env:MIRRORKIT_ELEVATE_EXE -ArgumentList \$env:MIRRORKIT_ELEVATE_ARGS -Verb RunAs/,
  );
  assert.match(ELEVATE_SCRIPT, /NativeErrorCode -eq 1223\) \{ exit 1223 \}/);
  assert.match(ELEVATE_SCRIPT, /exit \$p\.ExitCode/);
  assert.doesNotMatch(ELEVATE_SCRIPT, /batch|sha256|\.json/i, 'no data in the script');
});

test('launcher runs that invocation and reports its exit code', async () => {
  const w = fakeWindows();
  w.answer.set('powershell.exe', () => ({ code: 1223, stdout: '', stderr: '' }));
  const r = await powershellLauncher(w.exec, { SystemRoot: 'C:\\Windows' })('C:\\MirrorKit.exe', [
    '--elevated',
    'C:\\b.json',
    '--sha256',
    HASH,
  ]);
  assert.deepEqual(r, { code: 1223 });
  assert.equal(w.calls[0]?.env?.MIRRORKIT_ELEVATE_ARGS, `--elevated C:\\b.json --sha256 ${HASH}`);
});

test('parseElevatedArgs accepts exactly --elevated <batch> --sha256 <hex> --result <nonce> --for <user>', () => {
  assert.deepEqual(parseElevatedArgs(['--elevated', 'C:\\b.json', '--sha256', HASH, ...TAIL]), CALL);
  assert.deepEqual(parseElevatedArgs(['--lang', 'en', '--elevated', 'C:\\b.json', '--sha256', HASH, ...TAIL]), CALL);
  for (const bad of [
    [],
    ['--elevated'],
    ['--elevated', 'C:\\b.json'],
    ['--elevated', 'C:\\b.json', '--sha256', HASH],
    ['--elevated', 'C:\\b.json', '--sha256', 'xyz', ...TAIL],
    ['--elevated', '--sha256', HASH, ...TAIL],
    ['--elevated', 'b', '--hash', HASH, ...TAIL],
    ['--elevated', 'b', '--sha256', HASH, '--result', '../../Windows', '--for', 'x'],
    ['--elevated', 'b', '--sha256', HASH, '--result', NONCE.toUpperCase(), '--for', 'x'],
    ['--elevated', 'b', '--sha256', HASH, '--result', NONCE, '--for'],
  ]) {
    assert.equal(parseElevatedArgs(bad), null, bad.join(' '));
  }
});
