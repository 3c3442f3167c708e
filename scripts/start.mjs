#!/usr/bin/env node
// `npm start`: build, then open the desktop app. Where the Electron runtime is missing (its download from
// GitHub fails on many networks, this machine's included), say so, give the fix, and serve the same wizard in
// the browser through the harness, so `npm install && npm start` always ends in a working wizard.
// Usage: npm start [-- --port N]   (the port is for the browser fallback)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

/** The executable inside an Electron dist folder, as node_modules/electron/install.js names it. */
function platformExecutable(platform = process.platform) {
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

/**
 * Find the Electron runtime without `require('electron')`, which would try to download it (and block on a
 * network that cannot reach GitHub). ELECTRON_OVERRIDE_DIST_PATH wins, as in the electron package itself.
 * Returns { path } or { missing: reason }.
 */
export function findElectron(env = process.env, dir = root) {
  const pkg = path.join(dir, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const exe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformExecutable();
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, exe);
    return existsSync(p) ? { path: p } : { missing: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${p} does not exist` };
  }
  if (!existsSync(pkg)) return { missing: 'the electron package is not installed (run npm install)' };
  const p = path.join(pkg, 'dist', exe);
  return existsSync(p)
    ? { path: p }
    : { missing: `the Electron runtime was never downloaded (${path.relative(dir, p)} is missing)` };
}

function build() {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'all'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function run(cmd, args, env) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env });
  const forward = (sig) => () => child.kill(sig);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function main() {
  build();
  const electron = findElectron();
  if (electron.path) {
    const env = { ...process.env };
    // Inherited from some shells and CI runners; it would make Electron run as plain Node.
    delete env.ELECTRON_RUN_AS_NODE;
    return run(electron.path, [root], env);
  }
  const mirror = 'https://npmmirror.com/mirrors/electron/';
  console.log(`
MirrorKit: the desktop window cannot open: ${electron.missing}.
Electron downloads its runtime from GitHub, which is slow or blocked on many networks.
Fix it by downloading from a mirror (which is what MirrorKit is for), then run npm start again:

  Linux/macOS:  ELECTRON_MIRROR=${mirror} node node_modules/electron/install.js
  PowerShell:   $env:ELECTRON_MIRROR="${mirror}"; node node_modules/electron/install.js
  cmd.exe:      set "ELECTRON_MIRROR=${mirror}" && node node_modules/electron/install.js

Meanwhile, here is the same wizard in your browser, working on this computer's real settings:
`);
  run(process.execPath, [path.join(root, 'out', 'harness.cjs'), '--open', ...process.argv.slice(2)], process.env);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
