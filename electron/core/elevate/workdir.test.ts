import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { sha256 } from '../fsx/hash';

import { posixSecurer } from './folder-acl';
import { runElevatedBatch } from './run';
import { setEnv, sandbox } from './testkit';
import {
  cleanLeftovers,
  LEFTOVER_AGE_MS,
  newNonce,
  prepareWorkDir,
  readResultText,
  workDirOf,
  writeResult,
} from './workdir';
import { writeBatch } from './write';

/**
 * The helper's own folder, on Linux: symbolic links stand in for Windows junctions (Node reports both as
 * symbolic links), POSIX modes for the ACL (folder-acl.test.ts checks the Windows ACL report).
 */
describe('the helper folder: MirrorKit/elevate/<nonce> under the trusted root', () => {
  it('made fresh and private; a second run with the same name is refused; a bad name is refused', async () => {
    const s = await sandbox();
    try {
      const nonce = newNonce();
      const w = await prepareWorkDir(s.workRoot, nonce, 'tester', posixSecurer);
      assert.ok(!('code' in w));
      assert.equal(w.dir, path.join(s.workRoot, 'MirrorKit', 'elevate', nonce));
      assert.equal((await fs.stat(w.dir)).mode & 0o777, 0o700);
      const again = await prepareWorkDir(s.workRoot, nonce, 'tester', posixSecurer);
      assert.equal('code' in again && again.code, 'windows.elevate-folder');
      const bad = await prepareWorkDir(s.workRoot, '../../etc', 'tester', posixSecurer);
      assert.equal('code' in bad && bad.code, 'windows.elevate-folder');
    } finally {
      await s.cleanup();
    }
  });

  it('a folder of the chain others may write to is refused (what a user-made C:\\ProgramData\\MirrorKit would be)', async () => {
    const s = await sandbox();
    try {
      await fs.mkdir(path.join(s.workRoot, 'MirrorKit'));
      await fs.chmod(path.join(s.workRoot, 'MirrorKit'), 0o777);
      const r = await prepareWorkDir(s.workRoot, newNonce(), 'tester', posixSecurer);
      assert.equal('code' in r && r.params?.reason, 'others may write to it');
    } finally {
      await s.cleanup();
    }
  });

  for (const level of ['MirrorKit', 'MirrorKit/elevate', 'MirrorKit/elevate/<nonce>']) {
    it(`symlink standing for a junction pre-planted at ${level}: refused, nothing made or written through it`, async () => {
      const s = await sandbox();
      try {
        const nonce = newNonce();
        const outside = path.join(s.dir, 'System32');
        await fs.mkdir(outside);
        const at = path.join(s.workRoot, ...level.replace('<nonce>', nonce).split('/'));
        await fs.mkdir(path.dirname(at), { recursive: true });
        await fs.symlink(outside, at);
        const r = await prepareWorkDir(s.workRoot, nonce, 'tester', posixSecurer);
        assert.equal('code' in r && r.code, 'windows.batch-link');
        assert.deepEqual(await fs.readdir(outside), []);
      } finally {
        await s.cleanup();
      }
    });
  }

  it('symlink standing for a junction at result.json: the result is not written through it, nor read through it', async () => {
    const s = await sandbox();
    try {
      const w = await prepareWorkDir(s.workRoot, newNonce(), 'tester', posixSecurer);
      assert.ok(!('code' in w));
      const victim = path.join(s.dir, 'victim.txt');
      await fs.writeFile(victim, 'keep\n');
      await fs.symlink(victim, w.result);
      await assert.rejects(writeResult(w, '{"version":1}\n'), { code: 'EEXIST' });
      assert.equal(await fs.readFile(victim, 'utf8'), 'keep\n');
      assert.equal(await readResultText(w), null);
    } finally {
      await s.cleanup();
    }
  });

  it('leftovers of earlier runs are removed once old enough; its own folder, recent ones, other names and links stay', async () => {
    const s = await sandbox();
    try {
      const old = await prepareWorkDir(s.workRoot, newNonce(), 'tester', posixSecurer);
      const recent = await prepareWorkDir(s.workRoot, newNonce(), 'tester', posixSecurer);
      const mine = await prepareWorkDir(s.workRoot, newNonce(), 'tester', posixSecurer);
      assert.ok(!('code' in old) && !('code' in recent) && !('code' in mine));
      await writeResult(old, '{}\n');
      const now = new Date();
      const then = new Date(now.getTime() - LEFTOVER_AGE_MS - 1000);
      await fs.utimes(old.dir, then, then);
      const elevate = path.dirname(mine.dir);
      await fs.mkdir(path.join(elevate, 'keep-me'));
      await fs.utimes(path.join(elevate, 'keep-me'), then, then);
      assert.equal(await cleanLeftovers(mine, now), 1);
      assert.deepEqual(
        (await fs.readdir(elevate)).sort(),
        [path.basename(recent.dir), path.basename(mine.dir), 'keep-me'].sort(),
      );
    } finally {
      await s.cleanup();
    }
  });
});

describe('runElevatedBatch and its folder', () => {
  it('the result is written in the helper folder only, never beside the user batch', async () => {
    const s = await sandbox();
    try {
      const staged = await writeBatch(s.ctx, [setEnv('GOPROXY', 'https://goproxy.cn,direct')]);
      assert.equal(await s.run(staged), 0);
      assert.equal(s.result(staged.path).status, 'done');
      assert.deepEqual(await fs.readdir(path.dirname(staged.path)), [path.basename(staged.path)]);
    } finally {
      await s.cleanup();
    }
  });

  it('symlink standing for a junction pre-planted at the helper folder: exit 2, nothing applied, no result anywhere', async () => {
    const s = await sandbox();
    try {
      const outside = path.join(s.dir, 'System32');
      await fs.mkdir(outside);
      await fs.symlink(outside, path.join(s.workRoot, 'MirrorKit'));
      const staged = await writeBatch(s.ctx, [setEnv('GOPROXY', 'https://goproxy.cn,direct')]);
      const nonce = newNonce();
      const call = { batchPath: staged.path, sha256: staged.sha256, nonce, principal: 'tester' };
      assert.equal(await runElevatedBatch(s.ctx, call, s.deps), 2);
      assert.deepEqual(s.store.dump().machine, {});
      assert.deepEqual(await fs.readdir(outside), []);
      assert.equal(await readResultText(workDirOf(s.workRoot, nonce)), null);
    } finally {
      await s.cleanup();
    }
  });

  it('symlink standing for a junction as the batch file: not followed, refused (even with the right hash)', async () => {
    const s = await sandbox();
    try {
      const real = path.join(s.dir, 'real.json');
      const bytes = Buffer.from(JSON.stringify({ version: 1, createdAt: '2026-01-02T03:04:05.000Z', changes: [] }));
      await fs.writeFile(real, bytes);
      const link = path.join(s.dir, 'batch.json');
      await fs.symlink(real, link);
      assert.equal(await s.run({ path: link, sha256: sha256(bytes) }), 2);
      const r = s.result(link);
      assert.equal(r.error?.code, 'windows.batch-unreadable');
      assert.match(String(r.error?.params?.reason), /link/);
    } finally {
      await s.cleanup();
    }
  });

  it('an invoking user that is neither a SID nor a name is refused before any folder is made', async () => {
    const s = await sandbox();
    try {
      const staged = await writeBatch(s.ctx, [setEnv('GOPROXY', 'https://goproxy.cn,direct')]);
      const call = { batchPath: staged.path, sha256: staged.sha256, nonce: newNonce(), principal: 'a;b' };
      assert.equal(await runElevatedBatch(s.ctx, call, s.deps), 2);
      await assert.rejects(fs.stat(path.join(s.workRoot, 'MirrorKit')), { code: 'ENOENT' });
      assert.deepEqual(s.store.dump().machine, {});
    } finally {
      await s.cleanup();
    }
  });
});
