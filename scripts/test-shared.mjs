// The unit + simulation files of `npm test` in a few shared processes (scripts/test-batch.mjs runs each), side by
// side, instead of one `node --import tsx` process per file: tsx's start-up and the core's modules are paid once a
// process, not once a file (about a third of the CPU). A test's outcome must not depend on which process it is in:
// test-batch.mjs gives each file its own suite and fails a file that leaves process-wide state changed.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Files that keep a process of their own (under `node --test`), with the reason. None today: test-batch.mjs
 * scopes a file's hooks to the file and checks the cwd, process.env and the umask after it; a file whose need
 * goes beyond that (it must change one of them for its whole run, or patches a global) goes here.
 */
const OWN_PROCESS = new Map();

/** How long each file took in the last run that ran it (ms, from the reporter's lines): only to split the files. */
const TIMES = 'test-times.json';

function loadTimes(cache) {
  try {
    return JSON.parse(readFileSync(path.join(cache, TIMES), 'utf8'));
  } catch {
    return {};
  }
}

/** The file suites' times as the spec reporter prints them: '✔ electron/x.test.ts (12.3ms)' at the top level. */
function timesIn(out) {
  const times = {};
  for (const m of out.matchAll(/^[\u2714\u2716] (\S+\.test\.tsx?) \(([\d.]+)(m?s)\)$/gm))
    times[m[1]] = Number(m[2]) * (m[3] === 's' ? 1000 : 1);
  return times;
}

/**
 * The files in `n` groups of about the same run time, longest first into the group with the least so far. A
 * file not timed yet counts by its size at the median time per byte of those that were.
 */
export function split(root, list, n, times) {
  const sized = list.map((f) => ({ f, bytes: statSync(path.join(root, f)).size }));
  const rates = sized
    .filter((s) => times[s.f] > 0)
    .map((s) => times[s.f] / s.bytes)
    .sort((a, b) => a - b);
  const rate = rates.length > 0 ? rates[Math.floor(rates.length / 2)] : 1;
  const cost = sized.map((s) => ({ f: s.f, ms: times[s.f] > 0 ? times[s.f] : s.bytes * rate }));
  const groups = Array.from({ length: n }, () => ({ ms: 0, files: [] }));
  for (const { f, ms } of cost.sort((a, b) => b.ms - a.ms || a.f.localeCompare(b.f))) {
    const g = groups.reduce((a, b) => (b.ms < a.ms ? b : a));
    g.ms += ms;
    g.files.push(f);
  }
  return groups.filter((g) => g.files.length > 0).map((g) => g.files.sort());
}

/** What node:test printed: passed, failed and skipped tests; a failing suite or hook counts as a failure too. */
export function tally(r) {
  const count = (word) =>
    [...r.out.matchAll(new RegExp(`^[ℹ#]\\s*${word}\\s+(\\d+)\\s*$`, 'gm'))].reduce((s, x) => s + Number(x[1]), 0);
  const at = r.out.lastIndexOf('\u2716 failing tests:');
  const listed = at < 0 ? 0 : [...r.out.slice(at).matchAll(/^test at /gm)].length;
  return {
    passed: count('pass'),
    failed: Math.max(count('fail'), listed) || (r.code !== 0 ? 1 : 0),
    skipped: count('skipped') + count('todo'),
  };
}

/**
 * Runs `list` in `n` shared processes (and the OWN_PROCESS files under `node --test`) with `run` (scripts/test.mjs:
 * a command, its output kept). A failure is shown with the files of the process it came from; the files' times
 * are kept in `cache` for the next split.
 */
export async function sharedTests({ name, root, cache, list, n, run }) {
  if (list.length === 0) return { name, skip: 'no test files' };
  const own = list.filter((f) => OWN_PROCESS.has(f));
  const times = loadTimes(cache);
  const jobs = split(
    root,
    list.filter((f) => !OWN_PROCESS.has(f)),
    n,
    times,
  ).map((files) => ({ files, args: ['--import', 'tsx', '--test-reporter=spec', 'scripts/test-batch.mjs', ...files] }));
  if (own.length > 0) jobs.push({ files: own, args: ['--import', 'tsx', '--test', '--test-reporter=spec', ...own] });
  const started = performance.now();
  const done = await Promise.all(jobs.map(async (j) => ({ ...j, r: await run(process.execPath, j.args) })));
  for (const d of done) Object.assign(times, timesIn(d.r.out));
  try {
    writeFileSync(path.join(cache, TIMES), `${JSON.stringify(times, null, 1)}\n`);
  } catch {
    // No .cache/ to write to: the next run splits by size again; the tests' outcome does not depend on it.
  }
  const sum = (k) => done.reduce((s, d) => s + tally(d.r)[k], 0);
  const failedParts = done.filter((d) => d.r.code !== 0);
  const out = failedParts
    .map((d) => {
      const at = d.r.out.lastIndexOf('\u2716 failing tests:');
      return `--- in the process running ${d.files.join(' ')}\n${at >= 0 ? d.r.out.slice(at) : d.r.out}`;
    })
    .join('\n');
  // Quiet jobs print no test lines, so the lane names here what was skipped and why (spec: '﹣ name (ms) # why').
  const skips = done.flatMap((d) =>
    d.r.out
      .split('\n')
      .filter((l) => /^\s*\ufe63 /.test(l) || / # TODO$/.test(l))
      .map((l) => l.trim().replace(/ \([\d.]+m?s\)/, '')),
  );
  const shared = jobs.length - (own.length > 0 ? 1 : 0);
  return {
    name: `${name} (${list.length} files: ${list.length - own.length} in ${shared} shared processes, ${own.length} on their own)`,
    code: failedParts.length > 0 ? 1 : 0,
    out,
    trimmed: true,
    skips,
    secs: (performance.now() - started) / 1000,
    passed: sum('passed'),
    failed: sum('failed'),
    skipped: sum('skipped'),
  };
}
