// An interrupt (the CLI's SIGINT/SIGTERM, here an AbortController) at each point of an apply: before the lock's
// work starts, between two writes, after the last write, while a tool's check hangs. Each leaves the files and
// the journal either wholly rolled back or wholly complete, and no temp file and no lock behind.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import type { Verification } from '../../../shared/types/core';
import { BackupStore } from '../fsx/backup';
import { holdsLock, trackedTemps } from '../fsx/inflight';
import { lockPath } from '../fsx/lock';

import { listHistory } from './restore';
import { bytesOf, plan, sandboxPerTest, targetPlan, writeFile, type Sandbox } from './testkit';
import { applyPlan } from './transaction';

const open = sandboxPerTest();

/** Two targets, each with a file that already exists: the originals are what a rollback must give back. */
async function twoTargets(s: Sandbox) {
  const npmrc = path.join(s.dir, '.npmrc');
  const goenv = path.join(s.dir, 'go', 'env');
  await fs.mkdir(path.dirname(goenv), { recursive: true });
  await fs.writeFile(npmrc, '//r.example/:_authToken=s3cr3t\nregistry=https://registry.npmjs.org/\n', { mode: 0o600 });
  await fs.writeFile(goenv, 'GOPROXY=https://proxy.golang.org,direct\n');
  const p = plan([
    targetPlan('npm', [await writeFile('npm', npmrc, 'registry=https://m.example/npm/\n')]),
    targetPlan('go', [await writeFile('go', goenv, 'GOPROXY=https://m.example/go,direct\n')]),
  ]);
  return { npmrc, goenv, p, originals: [await bytesOf(npmrc), await bytesOf(goenv)] };
}

/** Nothing of this process is left: no temp file anywhere under the sandbox, no lock file, none tracked. */
function nothingLeft(s: Sandbox): void {
  const temps: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(tmp|stale)$/.test(e.name)) temps.push(p);
    }
  };
  walk(s.dir);
  assert.deepEqual(temps, []);
  assert.equal(existsSync(lockPath(s.ctx.stateDir)), false, 'the lock is released');
  assert.deepEqual(trackedTemps(), []);
  assert.equal(holdsLock(), false);
}

describe('an interrupted apply', () => {
  it('interrupted between two writes: the first is put back, the journal says failed and interrupted', async () => {
    const s = await open();
    const t = await twoTargets(s);
    const ac = new AbortController();
    const r = await applyPlan(s.ctx, t.p, {
      // Deterministic: the interrupt lands as the second target starts writing, after the first was written.
      onProgress: (e) => {
        if (e.target === 'go' && e.phase === 'writing') ac.abort('SIGINT');
      },
      signal: ac.signal,
    });
    assert.equal(r.status, 'failed');
    assert.deepEqual(
      r.targets.map((x) => [x.target, x.outcome]),
      [
        ['npm', 'rolled-back'],
        ['go', 'failed'],
      ],
    );
    assert.deepEqual(r.targets[1]?.error, { code: 'error.interrupted', params: { signal: 'SIGINT' } });
    assert.deepEqual([await bytesOf(t.npmrc), await bytesOf(t.goenv)], t.originals);
    assert.equal((await fs.stat(t.npmrc)).mode & 0o777, 0o600);
    const m = await BackupStore.open(s.ctx.stateDir, r.id as string).readManifest();
    assert.equal(m.status, 'failed');
    assert.ok(m.entries.every((e) => e.state !== 'applied'));
    nothingLeft(s);
  });

  it('interrupted during the last write: that write is undone with the others', async () => {
    const s = await open();
    const t = await twoTargets(s);
    const ac = new AbortController();
    const r = await applyPlan(s.ctx, t.p, {
      // The abort lands while go's file is being written (its write is async): the loop has no next change to
      // stop before, so only the check after the last write can catch it.
      onProgress: (e) => {
        if (e.target === 'go' && e.phase === 'writing') queueMicrotask(() => ac.abort('SIGTERM'));
      },
      signal: ac.signal,
    });
    assert.equal(r.status, 'failed');
    assert.deepEqual(r.targets[1]?.error, { code: 'error.interrupted', params: { signal: 'SIGTERM' } });
    assert.deepEqual([await bytesOf(t.npmrc), await bytesOf(t.goenv)], t.originals);
    nothingLeft(s);
  });

  it('interrupted while a tool check hangs: the apply is complete, the check given up, the lock released', async () => {
    const s = await open();
    const t = await twoTargets(s);
    const ac = new AbortController();
    const hang = (): Promise<Verification> => {
      ac.abort('SIGTERM');
      return new Promise(() => undefined); // a `go env` that never answers
    };
    const r = await applyPlan(s.ctx, t.p, { verify: hang, signal: ac.signal });
    assert.equal(r.status, 'applied');
    for (const x of r.targets) {
      assert.equal(x.outcome, 'applied');
      assert.deepEqual(x.verification?.skipped, { code: 'verify.interrupted', params: { signal: 'SIGTERM' } });
    }
    assert.equal(await fs.readFile(t.goenv, 'utf8'), 'GOPROXY=https://m.example/go,direct\n');
    const m = await BackupStore.open(s.ctx.stateDir, r.id as string).readManifest();
    assert.equal(m.status, 'applied');
    nothingLeft(s);
  });

  it('interrupted before the lock was taken: nothing is backed up, written or journalled', async () => {
    const s = await open();
    const t = await twoTargets(s);
    const ac = new AbortController();
    ac.abort('SIGHUP');
    const r = await applyPlan(s.ctx, t.p, { signal: ac.signal });
    assert.equal(r.status, 'failed');
    assert.equal(r.id, undefined);
    assert.deepEqual(r.targets[0]?.error, { code: 'error.interrupted', params: { signal: 'SIGHUP' } });
    assert.deepEqual([await bytesOf(t.npmrc), await bytesOf(t.goenv)], t.originals);
    assert.deepEqual(await listHistory(s.ctx), []);
    nothingLeft(s);
  });
});
