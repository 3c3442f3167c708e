import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import fc from 'fast-check';

import { atomicWrite, removeFile } from './atomic';

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-atomic-'));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function freshDir(): Promise<string> {
  return fs.mkdtemp(path.join(root, 'd-'));
}

const posix = process.platform !== 'win32';

describe('atomicWrite', () => {
  it('replaces the content and leaves no temp file behind', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'pip.conf');
    await fs.writeFile(file, 'old content that is longer than the new one\n');
    await atomicWrite(file, 'new\r\n');
    assert.equal(await fs.readFile(file, 'utf8'), 'new\r\n');
    assert.deepEqual(await fs.readdir(dir), ['pip.conf']);
  });

  it('creates missing parent folders', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'a', 'b', 'c', 'config.toml');
    await atomicWrite(file, Buffer.from([0, 1, 2, 255]));
    assert.deepEqual([...(await fs.readFile(file))], [0, 1, 2, 255]);
  });

  it(
    'keeps the mode of an existing file, and gives new files 0644 or the mode asked for',
    { skip: !posix },
    async () => {
      const dir = await freshDir();
      const secret = path.join(dir, '.npmrc');
      await fs.writeFile(secret, 'x');
      await fs.chmod(secret, 0o600);
      await atomicWrite(secret, 'y');
      assert.equal((await fs.stat(secret)).mode & 0o7777, 0o600);

      const fresh = path.join(dir, 'new.conf');
      await atomicWrite(fresh, 'z');
      assert.equal((await fs.stat(fresh)).mode & 0o7777, 0o644);

      const chosen = path.join(dir, 'chosen.conf');
      await atomicWrite(chosen, 'z', { mode: 0o640 });
      assert.equal((await fs.stat(chosen)).mode & 0o7777, 0o640);

      // An explicit mode also wins over the existing one (restore brings back the original mode this way).
      await atomicWrite(secret, 'w', { mode: 0o644 });
      assert.equal((await fs.stat(secret)).mode & 0o7777, 0o644);
    },
  );

  it(
    'keeps the owner of an existing file when running as root',
    { skip: !posix || process.getuid?.() !== 0 },
    async () => {
      const dir = await freshDir();
      const file = path.join(dir, '.npmrc');
      await fs.writeFile(file, 'x');
      await fs.chown(file, 65534, 65534);
      await atomicWrite(file, 'y');
      const st = await fs.stat(file);
      assert.deepEqual([st.uid, st.gid], [65534, 65534]);
    },
  );

  it('writes through a symlink, so the link stays a link', { skip: !posix }, async () => {
    const dir = await freshDir();
    const real = path.join(dir, 'dotfiles-npmrc');
    const link = path.join(dir, '.npmrc');
    await fs.writeFile(real, 'old');
    await fs.symlink(real, link);
    await atomicWrite(link, 'new');
    assert.ok((await fs.lstat(link)).isSymbolicLink());
    assert.equal(await fs.readFile(real, 'utf8'), 'new');
  });

  it('cleans up its temp file when the rename fails, and leaves the target alone', async () => {
    const dir = await freshDir();
    const target = path.join(dir, 'occupied');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'inside'), 'keep');
    await assert.rejects(atomicWrite(target, 'data'));
    assert.deepEqual(await fs.readdir(dir), ['occupied']);
    assert.equal(await fs.readFile(path.join(target, 'inside'), 'utf8'), 'keep');
  });

  it('fails when a parent is a regular file', async () => {
    const dir = await freshDir();
    await fs.writeFile(path.join(dir, 'plain'), '');
    await assert.rejects(atomicWrite(path.join(dir, 'plain', 'sub', 'f'), 'x'));
    assert.deepEqual(await fs.readdir(dir), ['plain']);
  });

  it('reads back exactly the bytes written (property)', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'prop.bin');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 70_000 }), async (bytes) => {
        await atomicWrite(file, Buffer.from(bytes));
        assert.deepEqual(new Uint8Array(await fs.readFile(file)), bytes);
      }),
      { numRuns: 40 },
    );
    assert.deepEqual(await fs.readdir(dir), ['prop.bin']);
  });

  it('writes text as UTF-8 (property)', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'prop.txt');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 200 }), async (text) => {
        await atomicWrite(file, text);
        assert.equal(await fs.readFile(file, 'utf8'), text);
      }),
      { numRuns: 40 },
    );
  });
});

describe('removeFile', () => {
  it('removes a file and accepts one that is already absent', async () => {
    const dir = await freshDir();
    const file = path.join(dir, 'f');
    await fs.writeFile(file, 'x');
    await removeFile(file);
    await removeFile(file);
    assert.deepEqual(await fs.readdir(dir), []);
  });
});
