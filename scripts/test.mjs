#!/usr/bin/env node
// The one test command (`npm test`): typecheck, lint, the Node test suites (unit + real-tool oracles), the
// browser end-to-end suite and the Windows lane under Wine. Each stage says plainly when it is skipped and why.
// Usage: node scripts/test.mjs [stage…]   stages: typecheck lint node e2e windows
// Test files run one at a time: the probe and deadline tests measure real timing on a 2-core machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const want = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const report = [];

function findTests(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(path.relative(root, p));
  }
  return out;
}

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  return { code: r.status ?? 1, out: r.stdout ?? '' };
}

function count(out, word) {
  const m = [...out.matchAll(new RegExp(`^[ℹ#]\\s*${word}\\s+(\\d+)\\s*$`, 'gm'))];
  return m.reduce((s, x) => s + Number(x[1]), 0);
}

function nodeSuite(name, files, env = {}) {
  if (files.length === 0) return skip(name, 'no test files');
  const { code, out } = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], env);
  const passed = count(out, 'pass');
  const failed = count(out, 'fail');
  const skipped = count(out, 'skipped') + count(out, 'todo');
  record(name, { passed, failed: failed || (code !== 0 && passed + failed === 0 ? 1 : failed), skipped }, code);
}

function record(name, c, code) {
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  report.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  if (code !== 0 && c.failed === 0) totals.failed += 1;
}

function skip(name, why) {
  report.push(`SKIP ${name}: ${why}`);
  console.log(`\n*** ${name} SKIPPED: ${why}\n`);
}

function check(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const { code } = run(cmd, args);
  record(name, { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 }, code);
}

const npx = path.join(root, 'node_modules', '.bin');
const stages = {
  typecheck: () => {
    check('typecheck (node)', path.join(npx, 'tsc'), ['--noEmit', '-p', 'tsconfig.node.json']);
    check('typecheck (web)', path.join(npx, 'tsc'), ['--noEmit', '-p', 'tsconfig.web.json']);
  },
  lint: () => check('lint', path.join(npx, 'eslint'), ['.']),
  node: () => {
    const files = ['electron', 'shared', 'renderer', 'scripts', 'test']
      .flatMap((d) => findTests(path.join(root, d)))
      .filter((f) => !f.startsWith(`test${path.sep}windows${path.sep}`))
      // The packaging lane's checks need its build first: `npm run test:package`.
      .filter((f) => !f.startsWith(`test${path.sep}package${path.sep}`));
    console.log(`\n=== node tests (${files.length} files)`);
    nodeSuite('node tests', files);
  },
  e2e: () => {
    if (!existsSync(path.join(root, 'playwright.config.ts'))) return skip('e2e', 'no playwright.config.ts yet');
    if (!existsSync('/usr/bin/chromium')) return skip('e2e', '/usr/bin/chromium is missing (apt-get install -y chromium)');
    console.log('\n=== e2e (Playwright, Debian Chromium)');
    const { code, out } = run(path.join(npx, 'playwright'), ['test']);
    const passed = Number(/(\d+) passed/.exec(out)?.[1] ?? 0);
    const failed = Number(/(\d+) failed/.exec(out)?.[1] ?? 0);
    const skipped = Number(/(\d+) skipped/.exec(out)?.[1] ?? 0);
    record('e2e', { passed, failed, skipped }, code);
  },
  windows: () => {
    const files = findTests(path.join(root, 'test', 'windows'));
    if (files.length === 0) return skip('windows lane', 'no test/windows tests yet');
    console.log('\n=== Windows lane (win32 node.exe under Wine)');
    nodeSuite('windows lane', files);
  },
};

for (const [name, fn] of Object.entries(stages)) {
  if (want.length === 0 || want.includes(name)) fn();
}

console.log('\n--- summary');
for (const line of report) console.log(line);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
