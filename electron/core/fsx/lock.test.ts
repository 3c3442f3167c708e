import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { MirrorKitError } from '../errors';

import { lockPath, withLock } from './lock';

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-lock-'));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function isLocked(stateDir: string) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof MirrorKitError);
    assert.equal(err.code, 'error.locked');
    assert.deepEqual(err.params, { path: lockPath(stateDir) });
    return true;
  };
}

describe('withLock', () => {
  it('creates the state folder, runs the function and releases the lock', async () => {
    const state = path.join(root, 'a', 'state');
    assert.equal(await withLock(state, () => Promise.resolve(42)), 42);
    assert.equal(await withLock(state, () => Promise.resolve('again')), 'again');
    await assert.rejects(fs.stat(lockPath(state)), { code: 'ENOENT' });
  });

  it('refuses a second holder with error.locked while the first runs', async () => {
    const state = path.join(root, 'b');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const first = withLock(state, async () => {
      entered();
      await gate;
      return 'first';
    });
    await inside;
    let ran = false;
    await assert.rejects(
      withLock(state, () => {
        ran = true;
        return Promise.resolve();
      }),
      isLocked(state),
    );
    assert.equal(ran, false);
    release();
    assert.equal(await first, 'first');
    assert.equal(await withLock(state, () => Promise.resolve('free')), 'free');
  });

  it('releases the lock when the function throws', async () => {
    const state = path.join(root, 'c');
    await assert.rejects(withLock(state, () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await withLock(state, () => Promise.resolve(1)), 1);
  });

  it('takes over a lock left behind by a dead process once it is stale', async () => {
    const state = path.join(root, 'd');
    await fs.mkdir(lockPath(state), { recursive: true });
    await assert.rejects(withLock(state, () => Promise.resolve()), isLocked(state));
    const old = new Date(Date.now() - 60 * 60 * 1000);
    await fs.utimes(lockPath(state), old, old);
    assert.equal(await withLock(state, () => Promise.resolve('recovered')), 'recovered');
  });
});
