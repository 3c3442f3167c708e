// `npm run test:crash`: SIGKILL the CLI at random moments after it has taken the apply lock, then at once run
// the same command again, and check what the crash left. Prints the counts; exits 1 on any failure.
//   CRASH_KILLS=200 (default) — how many kills must land inside the locked section.
// Each round kills `apply` (files original) or `restore` (files applied), then runs it again immediately:
// - every config file is, after the kill, wholly its original or wholly its applied bytes (0 corrupt);
// - the rerun never meets a busy lock (exit 7) nor waits for one (0 waits) and ends in the expected state;
// - no temp file (`*.tmp`, `*.stale`) and no apply folder without a manifest is left after the rerun;
// - at the end, restore gives every original back byte for byte with its mode.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';

import { createSandbox, REPO_ROOT } from '../test/helpers/sandbox';

const KILLS = Number(process.env.CRASH_KILLS ?? 200);
const CLI = path.join(REPO_ROOT, 'out', 'cli.cjs');
const ONLY = 'npm,go,cargo';

const sb = createSandbox('mk-crash-');
const env = sb.env as NodeJS.ProcessEnv;
const stateDir = env.MIRRORKIT_HOME as string;
const lock = path.join(stateDir, 'apply.lock');

const files: Record<string, { text: string; mode: number }> = {
  [path.join(sb.home, '.npmrc')]: {
    text: '//registry.npmjs.org/:_authToken=npm_s3cr3tTOKEN\n@corp:registry=https://npm.corp.example/\nregistry=https://registry.npmjs.org/\n',
    mode: 0o600,
  },
  [path.join(sb.xdgConfig, 'go', 'env')]: {
    text: 'GOPROXY=https://proxy.golang.org,direct\nGOPRIVATE=corp.example/*\n',
    mode: 0o640,
  },
  [path.join(env.CARGO_HOME as string, 'config.toml')]: {
    text: '# my cargo config\n[net]\ngit-fetch-with-cli = true\n',
    mode: 0o644,
  },
};

type Snapshot = Record<string, { bytes: Buffer | null; mode: number | null }>;

function snapshot(): Snapshot {
  const s: Snapshot = {};
  for (const f of Object.keys(files)) {
    s[f] = existsSync(f) ? { bytes: readFileSync(f), mode: statSync(f).mode & 0o7777 } : { bytes: null, mode: null };
  }
  return s;
}

function same(a: Snapshot[string] | undefined, b: Snapshot[string] | undefined, withMode: boolean): boolean {
  if (!a || !b) return false;
  if (a.bytes === null || b.bytes === null) return a.bytes === b.bytes;
  return a.bytes.equals(b.bytes) && (!withMode || a.mode === b.mode);
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  /** ms from spawn until the lock file was first seen (null: never seen), and last seen. */
  lockSeenAt: number | null;
  lockLastAt: number | null;
  killed: boolean;
}

/** Run the CLI; with `killAfter`, SIGKILL it that many ms after its lock file first appears. */
async function cli(args: string[], killAfter?: (lockedFor: number) => number, lockedMs = 0): Promise<Run> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, ...args, '--yes', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.resume();
  let exited = false;
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  let lockSeenAt: number | null = null;
  let lockLastAt: number | null = null;
  let killed = false;
  while (!exited) {
    const held = existsSync(lock);
    if (held) lockLastAt = performance.now() - t0;
    if (lockSeenAt === null && held) {
      lockSeenAt = performance.now() - t0;
      if (killAfter) {
        const delay = killAfter(lockedMs);
        const at = performance.now() + delay;
        while (!exited && performance.now() < at) await tick();
        if (!exited) killed = child.kill('SIGKILL');
      }
    }
    await tick();
  }
  const r = await done;
  return { ...r, ms: performance.now() - t0, stdout, lockSeenAt, lockLastAt, killed: killed && r.signal === 'SIGKILL' };
}

/** Temp files and manifest-less apply folders anywhere MirrorKit writes (tool caches left out). */
function leftovers(): string[] {
  const found: string[] = [];
  const skip = new Set(['npm-cache', 'gocache', 'gopath', '.cache']);
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (skip.has(e.name)) continue;
        if (path.basename(dir) === 'applies' && !existsSync(path.join(p, 'manifest.json'))) found.push(p);
        walk(p);
      } else if (/\.(tmp|stale)$/.test(e.name)) found.push(p);
    }
  };
  walk(sb.root);
  if (existsSync(lock)) found.push(lock);
  return found;
}

function errorCode(stdout: string): string | undefined {
  try {
    return (JSON.parse(stdout) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run node scripts/build.mjs core first`);
  for (const [f, { text, mode }] of Object.entries(files)) {
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, text);
    chmodSync(f, mode);
  }
  const original = snapshot();

  // One clean round each way: the applied state, and how long each command holds its lock.
  const first = await cli(['apply', '--preset', 'aliyun', '--only', ONLY]);
  if (first.code !== 0) throw new Error(`the clean apply failed (exit ${first.code}): ${first.stdout.slice(0, 400)}`);
  const applied = snapshot();
  const applyLocked = (first.lockLastAt ?? 0) - (first.lockSeenAt ?? 0);
  const back = await cli(['restore']);
  if (back.code !== 0 || !Object.keys(files).every((f) => same(snapshot()[f], original[f], true)))
    throw new Error('the clean restore did not give the originals back');
  const restoreLocked = (back.lockLastAt ?? 0) - (back.lockSeenAt ?? 0);
  console.log(
    `crash campaign: ${KILLS} kills wanted; lock held ~${applyLocked.toFixed(0)} ms by apply, ~${restoreLocked.toFixed(0)} ms by restore`,
  );

  const n = {
    kills: 0,
    applyKills: 0,
    restoreKills: 0,
    finishedFirst: 0,
    corrupt: 0,
    waits: 0,
    rerunFailed: 0,
    wrongState: 0,
    leftovers: 0,
    maxRerunMs: 0,
  };
  let state: 'original' | 'applied' = 'original';
  const delay = (span: number): number => Math.random() * span;
  for (let round = 0; n.kills < KILLS; round++) {
    if (round > KILLS * 4) throw new Error('too few kills landed inside the lock');
    const phase: 'apply' | 'restore' = state === 'original' ? 'apply' : 'restore';
    const args = phase === 'apply' ? ['apply', '--preset', 'aliyun', '--only', ONLY] : ['restore'];
    const victim = await cli(args, delay, phase === 'apply' ? applyLocked : restoreLocked);
    if (victim.killed) {
      n.kills++;
      if (phase === 'apply') n.applyKills++;
      else n.restoreKills++;
    } else n.finishedFirst++;
    const mid = snapshot();
    for (const f of Object.keys(files)) {
      if (!same(mid[f], original[f], false) && !same(mid[f], applied[f], false)) {
        n.corrupt++;
        console.log(`corrupt after kill (round ${round}): ${f}`);
      }
    }
    const rerun = await cli(args);
    n.maxRerunMs = Math.max(n.maxRerunMs, rerun.ms);
    const code = errorCode(rerun.stdout);
    if (rerun.code === 7 || code === 'error.locked') n.waits++;
    else if (rerun.code !== 0 && !(phase === 'restore' && code === 'error.nothing-to-restore')) {
      n.rerunFailed++;
      console.log(`rerun of ${phase} failed (round ${round}): exit ${rerun.code} ${rerun.stdout.slice(0, 300)}`);
    }
    const now = snapshot();
    const want = phase === 'apply' ? applied : original;
    if (!Object.keys(files).every((f) => same(now[f], want[f], phase === 'restore'))) {
      n.wrongState++;
      console.log(
        `after the rerun of ${phase} (round ${round}) the files are not ${phase === 'apply' ? 'applied' : 'the originals'}`,
      );
    }
    const left = leftovers();
    if (left.length > 0) {
      n.leftovers += left.length;
      console.log(`left after round ${round}: ${left.join(', ')}`);
    }
    state = phase === 'apply' ? 'applied' : 'original';
    if (n.kills > 0 && n.kills % 25 === 0 && victim.killed) console.log(`  … ${n.kills} kills`);
  }
  if (state === 'applied') await cli(['restore']);
  const final = snapshot();
  const identical = Object.keys(files).every((f) => same(final[f], original[f], true));

  console.log(
    `kills inside the lock: ${n.kills} (apply ${n.applyKills}, restore ${n.restoreKills}); runs that finished before the kill: ${n.finishedFirst}`,
  );
  console.log(`corrupt files: ${n.corrupt}`);
  console.log(`waits (busy lock on the rerun): ${n.waits}; slowest rerun: ${n.maxRerunMs.toFixed(0)} ms`);
  console.log(`reruns failed: ${n.rerunFailed}; reruns ending in the wrong state: ${n.wrongState}`);
  console.log(`leftover temp files / orphan folders: ${n.leftovers}`);
  console.log(`final restore byte- and mode-identical: ${identical ? 'yes' : 'NO'}`);
  return n.corrupt + n.waits + n.rerunFailed + n.wrongState + n.leftovers === 0 && identical ? 0 : 1;
}

main()
  .then((code) => {
    sb.cleanup();
    process.exit(code);
  })
  .catch((err: unknown) => {
    console.error(err);
    console.error(`sandbox kept for inspection: ${sb.root}`);
    process.exit(1);
  });
