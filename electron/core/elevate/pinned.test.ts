import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import { pinnedRemove, pinnedWrite } from './pinned';

/**
 * The helper's machine-file writes, on Linux: symbolic links stand in for Windows junctions (Node reports a
 * junction as a symbolic link, so the code under test sees the same thing). The races are played through the
 * test seams at the moments an attacker would aim for.
 */
async function tree() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-pinned-'));
  const root = path.join(dir, 'ProgramData');
  const outside = path.join(dir, 'System32');
  await fs.mkdir(root);
  await fs.mkdir(outside);
  const file = path.join(root, 'pip', 'pip.ini');
  return { dir, root, outside, file, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

const OLD = Buffer.from('[global]\r\ntimeout = 5\r\n\xff', 'latin1').toString('utf8');

describe('pinned writes of machine files', () => {
  it('normal files: created with their folder, rewritten with the old mode kept, put back byte for byte, removed', async () => {
    const t = await tree();
    try {
      await pinnedWrite(t.root, t.file, OLD);
      assert.equal(await fs.readFile(t.file, 'utf8'), OLD);
      await fs.chmod(t.file, 0o640);
      const before = await fs.readFile(t.file);
      await pinnedWrite(t.root, t.file, '[global]\nindex-url = https://mirrors.aliyun.com/pypi/simple/\n');
      assert.equal((await fs.stat(t.file)).mode & 0o777, 0o640);
      await pinnedWrite(t.root, t.file, OLD);
      assert.deepEqual(await fs.readFile(t.file), before, 'the undo puts back the same bytes');
      await pinnedRemove(t.root, t.file);
      await assert.rejects(fs.stat(t.file), { code: 'ENOENT' });
      await pinnedRemove(t.root, t.file); // absent: nothing to do
      assert.deepEqual(await fs.readdir(path.dirname(t.file)), [], 'no temp or aside file left');
    } finally {
      await t.cleanup();
    }
  });

  it('symlink standing for a junction at the file: refused, the link and its target untouched', async () => {
    const t = await tree();
    try {
      const victim = path.join(t.outside, 'config.sys');
      await fs.writeFile(victim, 'system\n');
      await fs.mkdir(path.dirname(t.file));
      await fs.symlink(victim, t.file);
      await assert.rejects(pinnedWrite(t.root, t.file, 'x'), { code: 'windows.batch-path-changed' });
      await assert.rejects(pinnedRemove(t.root, t.file), { code: 'windows.batch-path-changed' });
      assert.equal(await fs.readFile(victim, 'utf8'), 'system\n');
      assert.ok((await fs.lstat(t.file)).isSymbolicLink());
    } finally {
      await t.cleanup();
    }
  });

  it('symlink standing for a junction swapped in for the folder after the checks, before the open: nothing written through it', async () => {
    const t = await tree();
    try {
      const pipDir = path.dirname(t.file);
      await fs.mkdir(pipDir);
      const swap = async () => {
        await fs.rename(pipDir, `${pipDir}.moved`);
        await fs.symlink(t.outside, pipDir);
      };
      await assert.rejects(pinnedWrite(t.root, t.file, 'index-url = x\n', { beforeOpen: swap }), {
        code: 'windows.batch-path-changed',
      });
      assert.deepEqual(
        await fs.readdir(t.outside),
        [],
        'the temp created through the link is removed, nothing renamed',
      );
    } finally {
      await t.cleanup();
    }
  });

  it('symlink standing for a junction swapped in for the folder before a removal: the file there is renamed back, not deleted', async () => {
    const t = await tree();
    try {
      const pipDir = path.dirname(t.file);
      await fs.mkdir(pipDir);
      await fs.writeFile(t.file, OLD);
      const victim = path.join(t.outside, 'pip.ini');
      await fs.writeFile(victim, 'system\n');
      const swap = async () => {
        await fs.rename(pipDir, `${pipDir}.moved`);
        await fs.symlink(t.outside, pipDir);
      };
      await assert.rejects(pinnedRemove(t.root, t.file, { beforeRename: swap }), {
        code: 'windows.batch-path-changed',
      });
      assert.equal(await fs.readFile(victim, 'utf8'), 'system\n');
      assert.deepEqual(await fs.readdir(t.outside), ['pip.ini']);
      assert.equal(await fs.readFile(path.join(`${pipDir}.moved`, 'pip.ini'), 'utf8'), OLD);
    } finally {
      await t.cleanup();
    }
  });

  it('symlink standing for a junction already on the path: refused before anything is created', async () => {
    const t = await tree();
    try {
      await fs.symlink(t.outside, path.dirname(t.file));
      await assert.rejects(pinnedWrite(t.root, t.file, 'x'), { code: 'windows.batch-link' });
      assert.deepEqual(await fs.readdir(t.outside), []);
    } finally {
      await t.cleanup();
    }
  });
});
