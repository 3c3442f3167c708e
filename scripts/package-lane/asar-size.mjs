#!/usr/bin/env node
// Print the packed app.asar's size and file count, and fail when it is over the budget or carries what must not
// ship (node_modules, source maps, harness bundles). Run after `electron-builder` by the dist:* scripts.
// Usage: node scripts/package-lane/asar-size.mjs <unpacked app dir, e.g. dist/win-unpacked>
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { listPackage } from '@electron/asar';

/** The budget: the app's own bundles are ~4.3 MB; 22.8 MB is what a stray node_modules makes of it. */
export const ASAR_BUDGET = 6 * 1024 * 1024;

/** Where electron-builder put app.asar in an unpacked build (Windows/Linux resources/, macOS inside the .app). */
export function findAsar(dir) {
  const direct = path.join(dir, 'resources', 'app.asar');
  if (existsSync(direct)) return direct;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const inApp = path.join(dir, name, 'Contents', 'Resources', 'app.asar');
    if (name.endsWith('.app') && existsSync(inApp)) return inApp;
  }
  return null;
}

/** What must never be in the asar, with the reason; [] when it is clean. */
export function forbidden(files) {
  const bad = [];
  for (const f of files) {
    const p = f.replace(/\\/g, '/');
    if (/(^|\/)node_modules(\/|$)/.test(p)) bad.push(`${p}: node_modules (out/*.cjs are self-contained)`);
    else if (p.endsWith('.map')) bad.push(`${p}: a source map`);
    else if (/^\/?out\/harness/.test(p)) bad.push(`${p}: a test harness bundle`);
  }
  return bad;
}

export function asarReport(asar) {
  const files = listPackage(asar, { isPack: false }).map((f) => f.replace(/\\/g, '/'));
  return { asar, bytes: statSync(asar).size, files };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  // dist/mac is dist/mac-arm64 on Apple silicon: a folder that starts with the given name is looked at too.
  const near =
    dir && existsSync(path.dirname(dir))
      ? readdirSync(path.dirname(dir)).filter((n) => n.startsWith(path.basename(dir)))
      : [];
  const asar = dir ? [dir, ...near.map((n) => path.join(path.dirname(dir), n))].map(findAsar).find(Boolean) : null;
  if (!asar) {
    console.error(`no app.asar under ${dir ?? '(no folder given)'}`);
    process.exit(2);
  }
  const r = asarReport(asar);
  console.log(
    `app.asar: ${(r.bytes / 1024 / 1024).toFixed(2)} MB (budget ${ASAR_BUDGET / 1024 / 1024} MB), ${r.files.length} entries`,
  );
  const bad = forbidden(r.files);
  for (const b of bad) console.error(`  must not ship: ${b}`);
  if (r.bytes > ASAR_BUDGET) console.error(`  over budget by ${((r.bytes - ASAR_BUDGET) / 1024).toFixed(0)} KB`);
  process.exit(bad.length > 0 || r.bytes > ASAR_BUDGET ? 1 : 0);
}
