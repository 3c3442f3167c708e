// The CLI as a user runs it, stopped by SIGINT (Ctrl-C) or SIGTERM (a service manager, `kill`) in the middle of
// `set go`: it must exit at once with 130/143, leave no temp file and no lock, and leave the journal either
// complete or rolled back. The moment is not a guess: a stand-in `go` on PATH writes a marker and blocks when
// MirrorKit calls it (`go env GOPROXY`, the check after the writes; `go version`, the detection before any
// lock, which `apply --preset` runs for the tools it was not told to set: `set go` names go and detects nothing),
// and the signal is sent once the marker is there. (Interrupts between two writes, which a child process
// cannot be stopped at on cue, are in electron/core/apply/interrupted.test.ts.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';

import { createSandbox, REPO_ROOT, seed, type Sandbox } from '../helpers/sandbox';

const MAIN = path.join(REPO_ROOT, 'electron', 'cli', 'main.ts');
const ORIGINAL = 'GOPROXY=https://proxy.golang.org,direct\nGOPRIVATE=corp.example/*\n';
const URL = 'https://goproxy.example/';

const sandboxes: Sandbox[] = [];
after(() => {
  for (const sb of sandboxes) sb.cleanup();
});

/** A `go` that answers `go version`, and blocks (recording its pid) on the subcommand named by MK_BLOCK_ON. */
function fakeGo(sb: Sandbox): string {
  const bin = sb.dir('bin');
  const go = path.join(bin, 'go');
  writeFileSync(
    go,
    [
      '#!/bin/sh',
      'if [ "$1" = "$MK_BLOCK_ON" ]; then echo $$ > "$MK_MARK.part" && mv "$MK_MARK.part" "$MK_MARK"; exec sleep 600; fi',
      'if [ "$1" = version ]; then echo "go version go1.22.0 linux/amd64"; fi',
      '',
    ].join('\n'),
  );
  chmodSync(go, 0o755);
  return bin;
}

async function until(check: () => boolean, what: string): Promise<void> {
  // A bound on a hung run, not a timing assumption: each poll only looks for the marker.
  for (let i = 0; i < 1200; i++) {
    if (check()) return;
    await sleep(100);
  }
  throw new Error(`gave up waiting for ${what}`);
}

interface Stopped {
  code: number | null;
  stderr: string;
  sb: Sandbox;
  goenv: string;
  lockHeldAtSignal: boolean;
}

/** `mirrorkit <args>` (`set go URL --yes`), stopped with `sig` when the stand-in go is called for `blockOn`. */
async function stopAt(
  blockOn: 'env' | 'version',
  sig: NodeJS.Signals,
  args = ['set', 'go', URL, '--yes'],
): Promise<Stopped> {
  const sb = createSandbox('mk-interrupt-');
  sandboxes.push(sb);
  const goenv = sb.env.GOENV as string;
  seed(goenv, ORIGINAL);
  const mark = path.join(sb.root, 'go-called');
  const env = { ...sb.env, PATH: `${fakeGo(sb)}:/usr/bin:/bin`, MK_BLOCK_ON: blockOn, MK_MARK: mark, LANG: 'C' };
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await until(() => existsSync(mark), `the CLI to call go ${blockOn}`);
    const lockHeldAtSignal = existsSync(path.join(sb.env.MIRRORKIT_HOME as string, 'apply.lock'));
    child.kill(sig);
    return { code: await exited, stderr, sb, goenv, lockHeldAtSignal };
  } finally {
    // The stand-in go was given up, not killed: end it here.
    if (existsSync(mark)) {
      try {
        process.kill(Number(readFileSync(mark, 'utf8')), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    child.kill('SIGKILL');
  }
}

/** Temp files anywhere in the sandbox, the lock, and the status of every journal. */
function leftovers(sb: Sandbox): { temps: string[]; lock: boolean; journals: string[] } {
  const temps: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(tmp|stale)$/.test(e.name)) temps.push(p);
    }
  };
  walk(sb.root);
  const state = sb.env.MIRRORKIT_HOME as string;
  const applies = path.join(state, 'applies');
  const journals = existsSync(applies)
    ? readdirSync(applies).map(
        (id) =>
          (JSON.parse(readFileSync(path.join(applies, id, 'manifest.json'), 'utf8')) as { status: string }).status,
      )
    : [];
  return { temps, lock: existsSync(path.join(state, 'apply.lock')), journals };
}

describe('an interrupted CLI', () => {
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${sig} while the tool's check runs: exit ${code}, the apply complete, no temp file, no lock`, async () => {
      const r = await stopAt('env', sig);
      assert.ok(r.lockHeldAtSignal, 'the signal came inside the apply lock');
      assert.equal(r.code, code, r.stderr);
      assert.match(r.stderr, new RegExp(`Interrupted \\(${sig}\\)`));
      assert.equal(
        readFileSync(r.goenv, 'utf8'),
        ORIGINAL.replace(/^GOPROXY=.*$/m, 'GOPROXY=https://goproxy.example,direct'),
      );
      assert.deepEqual(leftovers(r.sb), { temps: [], lock: false, journals: ['applied'] });
    });

    it(`${sig} before any lock (detection): exit ${code} at once, nothing written, no journal`, async () => {
      const r = await stopAt('version', sig, ['apply', '--preset', 'aliyun', '--yes']);
      assert.equal(r.lockHeldAtSignal, false);
      assert.equal(r.code, code, r.stderr);
      assert.equal(readFileSync(r.goenv, 'utf8'), ORIGINAL);
      assert.deepEqual(leftovers(r.sb), { temps: [], lock: false, journals: [] });
    });
  }
});
