#!/usr/bin/env node
// electron-builder's `makensis` in the packaging lane: Debian's makensis, run with the same arguments and script,
// after keeping a copy of both (and of the message files the script includes from a temporary folder, which
// electron-builder deletes afterwards) in $PACKAGE_LANE_CAPTURE/<n>/. The lane rebuilds its 64-bit test variant
// from the last capture: the project's own script, as electron-builder generated it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const real = process.env.PACKAGE_LANE_REAL_MAKENSIS;
const captureRoot = process.env.PACKAGE_LANE_CAPTURE;
if (!real || !captureRoot) {
  console.error('capture-makensis: PACKAGE_LANE_REAL_MAKENSIS and PACKAGE_LANE_CAPTURE must be set');
  process.exit(2);
}
const args = process.argv.slice(2);
const script = readFileSync(0);
const dir = path.join(captureRoot, `${Date.now()}-${process.pid}`);
mkdirSync(dir, { recursive: true });
let text = script.toString('utf8');
let i = 0;
text = text.replace(/^!include "(\/tmp\/[^"]+)"$/gm, (_, file) => {
  const copy = path.join(dir, `include-${i++}-${path.basename(file)}`);
  copyFileSync(file, copy);
  return `!include "${copy}"`;
});
writeFileSync(path.join(dir, 'script.nsi'), text);
writeFileSync(path.join(dir, 'args.json'), JSON.stringify(args, null, 2));
// The final build's app archive (APP_64), which electron-builder deletes once the installer is made.
const app64 = args.find((a) => a.startsWith('-DAPP_64='))?.slice('-DAPP_64='.length);
if (app64 && !args.includes('-DBUILD_UNINSTALLER')) copyFileSync(app64, path.join(dir, 'app-64.7z'));
const r = spawnSync(real, args, { input: script, stdio: ['pipe', 'inherit', 'inherit'] });
process.exit(r.status ?? 1);
