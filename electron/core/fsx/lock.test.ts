import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';

import { MirrorKitError } from '../errors';

import { lockPath, withLock } from './lock';
import { processStart } from './owner';

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
    assert.equal(err.params.path, lockPath(stateDir));
    assert.equal(err.exit, 7);
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
    await assert.rejects(
      withLock(state, () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await withLock(state, () => Promise.resolve(1)), 1);
  });

  it('still honours a lock folder of an older MirrorKit until it is stale', async () => {
    const state = path.join(root, 'd');
    await fs.mkdir(lockPath(state), { recursive: true });
    await assert.rejects(
      withLock(state, () => Promise.resolve()),
      isLocked(state),
    );
    const old = new Date(Date.now() - 60 * 60 * 1000);
    await fs.utimes(lockPath(state), old, old);
    assert.equal(await withLock(state, () => Promise.resolve('recovered')), 'recovered');
  });

  it('records its owner: pid, process start time and host', async () => {
    const state = path.join(root, 'e');
    const seen = await withLock(
      state,
      async () => JSON.parse(await fs.readFile(lockPath(state), 'utf8')) as Record<string, unknown>,
    );
    assert.equal(seen.pid, process.pid);
    assert.equal(seen.host, os.hostname());
    if (process.platform === 'linux') assert.match(String(seen.start), /^\d+$/);
  });

  it('takes over at once a lock whose owner process is gone (killed, not waited for)', async () => {
    const state = path.join(root, 'f');
    await fs.mkdir(state, { recursive: true });
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    const start = processStart(child.pid);
    await fs.writeFile(lockPath(state), JSON.stringify({ pid: child.pid, start, host: os.hostname(), token: 'dead' }));
    await assert.rejects(
      withLock(state, () => Promise.resolve()),
      isLocked(state),
    );
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const t0 = Date.now();
    assert.equal(await withLock(state, () => Promise.resolve('taken')), 'taken');
    assert.ok(Date.now() - t0 < 1000, 'no waiting for a stale time');
    await assert.rejects(fs.stat(lockPath(state)), { code: 'ENOENT' });
  });

  it(
    'takes over a lock whose pid now belongs to another process (a reused id: other start time)',
    { skip: process.platform !== 'linux' },
    async () => {
      const state = path.join(root, 'g');
      await fs.mkdir(state, { recursive: true });
      await fs.writeFile(
        lockPath(state),
        JSON.stringify({ pid: process.ppid, start: '1', host: os.hostname(), token: 'reused' }),
      );
      assert.equal(await withLock(state, () => Promise.resolve('taken')), 'taken');
    },
  );

  it('does not take over a live owner on another host until its heartbeat is stale', async () => {
    const state = path.join(root, 'h');
    await fs.mkdir(state, { recursive: true });
    await fs.writeFile(
      lockPath(state),
      JSON.stringify({ pid: 1, start: null, host: 'elsewhere.example', token: 'far' }),
    );
    await assert.rejects(
      withLock(state, () => Promise.resolve()),
      isLocked(state),
    );
    const old = new Date(Date.now() - 60 * 60 * 1000);
    await fs.utimes(lockPath(state), old, old);
    assert.equal(await withLock(state, () => Promise.resolve('taken')), 'taken');
  });

  it('never removes a lock that is no longer its own on release', async () => {
    const state = path.join(root, 'i');
    await withLock(state, async () => {
      await fs.writeFile(
        lockPath(state),
        JSON.stringify({ pid: process.pid, start: processStart(), host: os.hostname(), token: 'other' }),
      );
    });
    assert.match(await fs.readFile(lockPath(state), 'utf8'), /"other"/);
    await fs.rm(lockPath(state));
  });
});
