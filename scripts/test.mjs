#!/usr/bin/env node
// The test lanes. Each test file sits in the lane of what it needs:
//   fast     typecheck, lint and the unit + simulation tests, run side by side. No real tools, no timing, no
//            idle machine: this is `npm test`, the loop to run after every change.
//   oracles  test/oracles: each package manager's own command against a loopback registry (pip, npm, go, …).
//   slow     any folder named slow/ (test/slow, test/probe/slow; and SLOW_FILES below): real loopback transfers
//            whose outcome depends on timing.
//   e2e      e2e/*.spec.ts: the wizard in Chromium against the harness (Playwright).
//   windows  test/windows: the Windows code paths in a win32 node.exe under Wine.
//   all      every lane above, one after the other, then `npm run test:package` / `test:crash` where they exist.
// Usage: node scripts/test.mjs [lane or stage…]   (stages of the fast lane: typecheck lint unit)
//        node scripts/test.mjs --list             which lane each test file is in
// The last line is always 'N passed, N failed, N skipped'; the exit code is 1 when anything failed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { sharedTests } from './test-shared.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'node_modules', '.bin');
// The checks' caches (tsc --incremental, ESLint, Prettier) live in .cache/ (gitignored), not node_modules/.cache:
// a worktree's node_modules is often a hard-linked copy (cp -al), and a cache file rewritten in place there would
// be rewritten for every checkout that shares the link.
const cache = path.join(root, '.cache');
const rel = (p) => path.relative(root, p).split(path.sep).join('/');

/**
 * Loopback speed-test scenarios that still run on the wall clock. They belong in test/slow; they stay where they
 * are until the simulator under test/support replaces them, and run in the slow lane meanwhile.
 */
const SLOW_FILES = ['cli', 'deadlines', 'estimates', 'finals', 'kinds', 'outcomes', 'ranking', 'rotation'].map(
  (n) => `test/probe/${n}.test.ts`,
);
/** Folders whose tests need more than Node: each is a lane of its own. */
const LANE_DIRS = { oracles: 'test/oracles/', windows: 'test/windows/', package: 'test/package/' };
const isSlow = (f) => f.split('/').includes('slow') || SLOW_FILES.includes(f);

function findTests(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(rel(p));
  }
  return out.sort();
}

const allTests = ['electron', 'shared', 'renderer', 'scripts', 'test'].flatMap((d) => findTests(path.join(root, d)));
const inDir = (dir) => allTests.filter((f) => f.startsWith(dir));
const files = {
  oracles: inDir(LANE_DIRS.oracles),
  slow: allTests.filter(isSlow),
  windows: inDir(LANE_DIRS.windows),
  // Checks of the packaging lane's build: `npm run test:package` builds first, then runs them (`all` calls it).
  package: inDir(LANE_DIRS.package),
};
files.unit = allTests.filter((f) => !Object.values(LANE_DIRS).some((d) => f.startsWith(d)) && !files.slow.includes(f));

/** Runs a command; its output is streamed (`live`) or kept and shown only if it fails (jobs side by side). */
function run(cmd, args, { live = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (stream, to) => stream.on('data', (d) => ((out += d), live && to.write(d)));
    keep(child.stdout, process.stdout);
    keep(child.stderr, process.stderr);
    child.on('error', (e) => (out += `${e.message}\n`));
    child.on('close', (code) => resolve({ code: code ?? 1, out, secs: (performance.now() - started) / 1000 }));
  });
}

function count(out, word) {
  const m = [...out.matchAll(new RegExp(`^[ℹ#]\\s*${word}\\s+(\\d+)\\s*$`, 'gm'))];
  return m.reduce((s, x) => s + Number(x[1]), 0);
}

/** A command that passes or fails as a whole (typecheck, lint). */
async function check(name, cmd, args, opts) {
  const r = await run(cmd, args, opts);
  return { name, ...r, passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1, skipped: 0 };
}

/** node:test over files; `concurrency` 1 where tests measure time. */
async function nodeTests(name, list, concurrency, opts) {
  if (list.length === 0) return { name, skip: 'no test files' };
  const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...list];
  const r = await run(process.execPath, args, opts);
  const passed = count(r.out, 'pass');
  const failed = count(r.out, 'fail');
  return {
    name: `${name} (${list.length} files)`,
    ...r,
    passed,
    failed: failed || (r.code !== 0 ? 1 : 0),
    skipped: count(r.out, 'skipped') + count(r.out, 'todo'),
  };
}

const tsc = (config) =>
  check(`typecheck (${config})`, path.join(bin, 'tsc'), [
    '--noEmit',
    '-p',
    `tsconfig.${config}.json`,
    '--incremental',
    '--tsBuildInfoFile',
    path.join(cache, `tsc-${config}.tsbuildinfo`),
  ]);
const stages = {
  typecheck: () => [tsc('node'), tsc('web')],
  lint: () => [
    check('lint', path.join(bin, 'eslint'), [
      '.',
      '--cache',
      '--cache-location',
      path.join(cache, 'eslint') + path.sep,
    ]),
    // One formatting for the whole tree (.prettierrc); prose (*.md) is excluded in .prettierignore.
    check('format', path.join(bin, 'prettier'), [
      '--check',
      '.',
      '--cache',
      '--cache-location',
      path.join(cache, 'prettier'),
      '--log-level',
      'warn',
    ]),
  ],
  // Both cores, plus one: a test file spends part of its time waiting on its own child processes and files.
  unit: () => [
    sharedTests({
      name: 'unit + simulation tests',
      root,
      cache,
      list: files.unit,
      n: Math.max(2, os.availableParallelism()) + 1,
      run,
    }),
  ],
};

const lanes = {
  fast: async () => (await Promise.all([...stages.typecheck(), ...stages.lint(), ...stages.unit()])).map(quiet),
  typecheck: async () => (await Promise.all(stages.typecheck())).map(quiet),
  lint: async () => (await Promise.all(stages.lint())).map(quiet),
  unit: async () => (await Promise.all(stages.unit())).map(quiet),
  oracles: async () => [await nodeTests('oracles', files.oracles, 2, { live: true })],
  slow: async () => [await nodeTests('slow (loopback timing)', files.slow, 1, { live: true })],
  e2e: async () => {
    if (!existsSync(path.join(root, 'playwright.config.ts'))) return [{ name: 'e2e', skip: 'no playwright.config.ts' }];
    if (!existsSync('/usr/bin/chromium'))
      return [{ name: 'e2e', skip: '/usr/bin/chromium is missing (apt-get install -y chromium)' }];
    const r = await run(path.join(bin, 'playwright'), ['test'], { live: true });
    const n = (w) => Number(new RegExp(`(\\d+) ${w}`).exec(r.out)?.[1] ?? 0);
    return [
      {
        name: 'e2e (Playwright, Debian Chromium)',
        ...r,
        passed: n('passed'),
        failed: n('failed') || (r.code !== 0 ? 1 : 0),
        skipped: n('skipped'),
      },
    ];
  },
  windows: async () => [await nodeTests('windows lane (win32 node.exe under Wine)', files.windows, 1, { live: true })],
};

/** Lanes that other scripts own (packaging, crash recovery): `all` runs them through npm when they exist. */
async function scriptLanes() {
  const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts ?? {};
  const out = [];
  for (const name of ['test:package', 'test:crash'].filter((s) => s in scripts)) {
    console.log(`\n=== npm run ${name}`);
    const r = await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', name], { live: true });
    const m = [...r.out.matchAll(/^(\d+) passed, (\d+) failed, (\d+) skipped$/gm)].at(-1);
    const [passed, failed, skipped] = m ? m.slice(1).map(Number) : [r.code === 0 ? 1 : 0, 0, 0];
    out.push({ name, ...r, passed, failed: failed || (r.code !== 0 ? 1 : 0), skipped });
  }
  return out;
}

/** Jobs run side by side print only their failures, so the output of one is not cut into another's. */
function quiet(r) {
  // node:test repeats its failures at the end, under this line: that part is enough (sharedTests kept only that).
  const at = r.trimmed ? -1 : r.out.lastIndexOf('\u2716 failing tests:');
  if (r.code !== 0) console.log(`\n=== ${r.name} FAILED\n${at >= 0 ? r.out.slice(at) : r.out}`);
  return r;
}

const want = process.argv.slice(2);
if (want.includes('--list')) {
  for (const [lane, list] of Object.entries(files)) console.log(`${lane}:\n${list.map((f) => `  ${f}`).join('\n')}`);
  process.exit(0);
}
const unknown = want.filter((w) => !(w in lanes) && w !== 'all');
if (unknown.length > 0) {
  console.error(`unknown lane: ${unknown.join(', ')} (lanes: ${[...Object.keys(lanes), 'all'].join(', ')})`);
  process.exit(2);
}
const order =
  want.length === 0 ? ['fast'] : want.includes('all') ? ['fast', 'oracles', 'slow', 'e2e', 'windows'] : want;

const started = performance.now();
const results = [];
/** One line per job: as each lane ends (a long `all` run shows where it is), and again in the summary. */
const line = (r) =>
  r.skip
    ? `SKIP ${r.name}: ${r.skip}`
    : `${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${r.secs.toFixed(1)} s)`;
for (const lane of order) {
  console.log(`\n=== lane: ${lane}`);
  const done = await lanes[lane]();
  if (order.length > 1) for (const r of done) console.log(`--- ${line(r)}`);
  results.push(...done);
}
if (want.includes('all')) results.push(...(await scriptLanes()));

const totals = { passed: 0, failed: 0, skipped: 0 };
console.log('\n--- summary');
for (const r of results) {
  if (!r.skip) for (const k of Object.keys(totals)) totals[k] += r[k];
  console.log(line(r));
  for (const s of r.skips ?? []) console.log(`     skipped: ${s}`);
}
console.log(`(${order.join(' + ')} in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
