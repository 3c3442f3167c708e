// The real electron/main/index.ts, bundled with a recording stand-in for the `electron` module: headless modes must
// run the CLI without ever taking the single-instance lock or opening a window; the GUI mode takes the lock
// and registers app:// before anything else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
let bundle: string;

/**
 * Records each call as a line on stderr. whenReady never resolves, so the GUI path stops before any window, and
 * the process leaves once the code after whenReady has run: no waiting on a clock that a loaded machine stretches.
 */
const FAKE_ELECTRON = `
const rec = (what) => process.stderr.write('electron:' + what + '\\n');
const app = {
  requestSingleInstanceLock: () => (rec('lock'), true),
  on: (ev) => rec('on ' + ev),
  quit: () => rec('quit'),
  exit: (code) => { rec('exit ' + code); process.exit(code); },
  whenReady: () => (rec('whenReady'), setTimeout(() => process.exit(0), 0), new Promise(() => {})),
  getVersion: () => '0.0.0',
  getLocale: () => 'en-US',
  getPreferredSystemLanguages: () => ['en-US'],
};
module.exports = {
  app,
  protocol: { registerSchemesAsPrivileged: () => rec('registerScheme'), handle: () => rec('protocol.handle') },
  session: {}, shell: {}, ipcMain: { handle: () => rec('ipc') }, BrowserWindow: function () { rec('window'); },
  Menu: { setApplicationMenu: () => {} }, screen: {},
};
`;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mk-main-'));
  const fake = path.join(dir, 'electron.cjs');
  writeFileSync(fake, FAKE_ELECTRON);
  bundle = path.join(dir, 'main.cjs');
  await build({
    entryPoints: [path.join(root, 'electron', 'main', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    outfile: bundle,
    alias: { electron: fake },
    logLevel: 'error',
  });
});

after(() => rmSync(dir, { recursive: true, force: true }));

// The timeout only ends a run that hangs; a loaded machine may take many seconds to start a bundle.
function runMain(args: string[], timeoutMs = 120_000) {
  const home = path.join(dir, 'home');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    MIRRORKIT_HOME: path.join(dir, 'state'),
    MIRRORKIT_SYSROOT: path.join(dir, 'sys'),
    LANG: 'en_US.UTF-8',
  };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, [bundle, ...args], { env, encoding: 'utf8', timeout: timeoutMs });
  const calls = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('electron:'))
    .map((l) => l.slice('electron:'.length));
  return { code: r.status, stdout: r.stdout, calls };
}

test('--cli runs the command line headless: no lock, no window, its exit code', () => {
  const r = runMain(['--cli', 'help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /status/);
  assert.deepEqual(r.calls, ['exit 0']);
  const bad = runMain(['--cli', 'no-such-command']);
  assert.equal(bad.code, 2);
  assert.deepEqual(bad.calls, ['exit 2']);
});

test('--elevated goes to the elevated helper before the lock (a malformed batch is refused, headless)', () => {
  const r = runMain(['--elevated', path.join(dir, 'missing.json'), '--sha256', '0'.repeat(64)]);
  assert.notEqual(r.code, 0);
  assert.ok(!r.calls.includes('lock'), r.calls.join(', '));
  assert.ok(!r.calls.includes('window'));
  assert.match(r.calls.at(-1) ?? '', /^exit \d+$/);
});

test('without flags: app:// is registered, then the single-instance lock, then it waits for ready', () => {
  const r = runMain([]);
  assert.deepEqual(r.calls.slice(0, 2), ['registerScheme', 'lock']);
  assert.ok(r.calls.includes('whenReady'));
  assert.ok(!r.calls.includes('window'));
});
