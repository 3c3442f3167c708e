import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import { appliesDir, BackupStore, listManifests } from '../fsx/backup';
import { lockPath } from '../fsx/lock';

import { recoverIfIdle } from './recover';
import { listHistory, restoreApply } from './restore';
import { bytesOf, plan, sandboxPerTest, targetPlan, writeFile } from './testkit';
import { applyPlan } from './transaction';

const open = sandboxPerTest();

/** A process id that is not running: the highest a Linux kernel hands out, far above any test machine's. */
const DEAD_PID = 4_194_303;

/** Turn a finished apply back into what a SIGKILL in its middle leaves: manifest 'in-progress', a dead lock. */
async function crashAfterWrites(stateDir: string, id: string, pendingAfter: number): Promise<void> {
  const store = BackupStore.open(stateDir, id);
  const m = await store.readManifest();
  m.status = 'in-progress';
  delete m.finishedAt;
  m.entries.forEach((e, i) => {
    if (i >= pendingAfter) e.state = 'pending';
  });
  await store.writeManifest(m);
  await fs.writeFile(
    lockPath(stateDir),
    JSON.stringify({ pid: DEAD_PID, start: '1', host: os.hostname(), token: 'dead' }),
  );
}

describe('crash recovery', () => {
  it('rolls back a cut-short apply (written entries, applied or not yet marked) before the next plan, without waiting', async () => {
    const s = await open();
    const a = path.join(s.dir, 'a.conf');
    const b = path.join(s.dir, 'b.conf');
    await fs.writeFile(a, 'original a\n');
    await fs.chmod(a, 0o600);
    const p = plan([targetPlan('pip', [await writeFile('pip', a, 'new a\n'), await writeFile('pip', b, 'new b\n')])]);
    const r = await applyPlan(s.ctx, p);
    assert.ok(r.id);
    await crashAfterWrites(s.ctx.stateDir, r.id, 1);
    const t0 = Date.now();
    await recoverIfIdle(s.ctx);
    assert.ok(Date.now() - t0 < 2000);
    assert.equal((await bytesOf(a))?.toString(), 'original a\n');
    assert.equal((await fs.stat(a)).mode & 0o777, 0o600);
    assert.equal(await bytesOf(b), null);
    const [m] = await listManifests(s.ctx.stateDir);
    assert.equal(m?.status, 'failed');
    assert.equal(m?.interrupted, true);
    assert.ok(m?.entries.every((e) => e.state === 'rolled-back'));
    await assert.rejects(fs.stat(lockPath(s.ctx.stateDir)), { code: 'ENOENT' });
    // Nothing is left for restore to do, and history says it failed.
    await assert.rejects(restoreApply(s.ctx), /nothing-to-restore/);
    assert.equal((await listHistory(s.ctx))[0]?.status, 'failed');
  });

  it('leaves alone a file someone changed after the crash, and keeps the apply restorable', async () => {
    const s = await open();
    const a = path.join(s.dir, 'a.conf');
    await fs.writeFile(a, 'original\n');
    const r = await applyPlan(s.ctx, plan([targetPlan('pip', [await writeFile('pip', a, 'mirrorkit\n')])]));
    await crashAfterWrites(s.ctx.stateDir, r.id as string, 1);
    await fs.writeFile(a, 'user edit\n');
    await recoverIfIdle(s.ctx);
    assert.equal((await bytesOf(a))?.toString(), 'user edit\n');
    const [m] = await listManifests(s.ctx.stateDir);
    assert.equal(m?.status, 'partial');
    assert.equal(m?.entries[0]?.state, 'applied');
  });

  it('removes orphan temp files of dead writers and manifest-less apply folders, and nothing else', async () => {
    const s = await open();
    const a = path.join(s.dir, 'npmrc');
    await fs.writeFile(a, '//r/:_authToken=secret\n');
    const r = await applyPlan(s.ctx, plan([targetPlan('npm', [await writeFile('npm', a, 'registry=https://m/\n')])]));
    const orphan = path.join(s.dir, `.npmrc.${DEAD_PID}.0badc0de.tmp`);
    const live = path.join(s.dir, `.npmrc.${process.pid}.0badc0de.tmp`);
    const foreign = path.join(s.dir, `.other.${DEAD_PID}.0badc0de.tmp`);
    for (const f of [orphan, live, foreign]) await fs.writeFile(f, 'x');
    const half = path.join(appliesDir(s.ctx.stateDir), '20261123-101500-abcd');
    await fs.mkdir(path.join(half, 'files'), { recursive: true });
    await fs.writeFile(path.join(half, 'files', '0'), 'copy');
    const stateTmp = path.join(appliesDir(s.ctx.stateDir), r.id as string, `.manifest.json.${DEAD_PID}.12345678.tmp`);
    await fs.writeFile(stateTmp, '{');
    const lockTmp = `${lockPath(s.ctx.stateDir)}.${DEAD_PID}.87654321.tmp`;
    await fs.writeFile(lockTmp, '{}');
    await recoverIfIdle(s.ctx);
    for (const gone of [orphan, half, stateTmp, lockTmp]) await assert.rejects(fs.stat(gone), { code: 'ENOENT' }, gone);
    for (const kept of [live, foreign]) await fs.stat(kept);
    assert.equal((await listHistory(s.ctx)).length, 1);
  });
});
