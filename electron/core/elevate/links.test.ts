// Reparse points on the way to a machine-wide file. Linux has no junctions: a symbolic link stands in for one
// (Node's lstat reports a Windows junction as a symbolic link too, which is what the check relies on), and the
// Windows-path cases use a stand-in file system that answers as Windows would for a junction.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { componentsBelow, linkOnPath, type LinkCheckFs } from './links';
import { sandbox } from './testkit';
import { writeBatch } from './write';

const PIP_INI = '[global]\nindex-url = https://mirrors.aliyun.com/pypi/simple/\n';

/** A Windows file system where the given paths are junctions to the given targets and everything else a folder. */
function junctions(map: Record<string, string>, missingBelow?: string): LinkCheckFs {
  const norm = (p: string) => p.toLowerCase();
  return {
    lstat: (p) => {
      if (missingBelow && norm(p).startsWith(norm(missingBelow)) && norm(p) !== norm(missingBelow))
        return Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }));
      return Promise.resolve({ isSymbolicLink: () => Object.keys(map).some((k) => norm(k) === norm(p)) });
    },
    readlink: (p) => Promise.resolve(Object.entries(map).find(([k]) => norm(k) === norm(p))?.[1] ?? ''),
  };
}

describe('links on the way to a machine-wide file', () => {
  it('lists every component from the allowed folder down to the file; a file outside it has none', () => {
    assert.deepEqual(componentsBelow('C:\\ProgramData', 'C:\\ProgramData\\pip\\pip.ini', path.win32), [
      'C:\\ProgramData',
      'C:\\ProgramData\\pip',
      'C:\\ProgramData\\pip\\pip.ini',
    ]);
    assert.equal(componentsBelow('C:\\ProgramData', 'C:\\Windows\\pip.ini', path.win32), null);
    assert.equal(componentsBelow('C:\\ProgramData', 'C:\\ProgramData\\..\\Windows\\x', path.win32), null);
  });

  it('junction fake (Windows paths): C:\\ProgramData\\pip → C:\\Windows\\System32 is refused, naming the link', async () => {
    const io = junctions({ 'C:\\ProgramData\\pip': 'C:\\Windows\\System32' });
    assert.deepEqual(await linkOnPath('C:\\ProgramData', 'C:\\ProgramData\\pip\\pip.ini', io, path.win32), {
      code: 'windows.batch-link',
      params: { path: 'C:\\ProgramData\\pip\\pip.ini', link: 'C:\\ProgramData\\pip', target: 'C:\\Windows\\System32' },
    });
    // The folder itself a junction, or the file a link: refused the same way.
    const root = junctions({ 'C:\\ProgramData': 'D:\\elsewhere' });
    assert.equal(
      (await linkOnPath('C:\\ProgramData', 'C:\\ProgramData\\docker\\config\\daemon.json', root, path.win32))?.code,
      'windows.batch-link',
    );
    const file = junctions({ 'C:\\ProgramData\\docker\\config\\daemon.json': 'C:\\Windows\\win.ini' });
    assert.equal(
      (await linkOnPath('C:\\ProgramData', 'C:\\ProgramData\\docker\\config\\daemon.json', file, path.win32))?.code,
      'windows.batch-link',
    );
  });

  it('no link, or folders not created yet (the helper creates them): allowed', async () => {
    assert.equal(await linkOnPath('C:\\ProgramData', 'C:\\ProgramData\\pip\\pip.ini', junctions({}), path.win32), null);
    const io = junctions({}, 'C:\\ProgramData');
    assert.equal(await linkOnPath('C:\\ProgramData', 'C:\\ProgramData\\pip\\pip.ini', io, path.win32), null);
  });

  it('junction fake (a symlink on Linux) to a folder outside ProgramData: the batch is refused, nothing written there', async () => {
    const s = await sandbox();
    try {
      const outside = path.join(s.dir, 'System32');
      await fs.mkdir(outside, { recursive: true });
      await fs.mkdir(path.join(s.dir, 'ProgramData'), { recursive: true });
      await fs.symlink(outside, path.dirname(s.paths.pip));
      const staged = await writeBatch(s.ctx, [
        { kind: 'writeFile', target: 'pip', path: s.paths.pip, before: null, after: PIP_INI, admin: true },
      ]);
      assert.equal(await s.run(staged), 2);
      assert.equal(s.result(staged.path).status, 'refused');
      assert.deepEqual(await fs.readdir(outside), []);
    } finally {
      await s.cleanup();
    }
  });

  it('junction fake (a symlink on Linux) planted after the checks, before the write: refused at the write, nothing written', async () => {
    const s = await sandbox();
    try {
      const outside = path.join(s.dir, 'System32');
      await fs.mkdir(outside, { recursive: true });
      await fs.mkdir(path.join(s.dir, 'ProgramData'), { recursive: true });
      const staged = await writeBatch(s.ctx, [
        { kind: 'writeFile', target: 'pip', path: s.paths.pip, before: null, after: PIP_INI, admin: true },
      ]);
      // The announcement comes after every check and before the first write: the race an attacker would aim for.
      const deps = { ...s.deps, announce: () => fs.symlink(outside, path.dirname(s.paths.pip)) };
      assert.equal(await s.run(staged, deps), 1);
      const r = s.result(staged.path);
      assert.equal(r.status, 'failed');
      assert.equal(r.error?.code, 'windows.batch-link');
      assert.deepEqual(await fs.readdir(outside), []);
    } finally {
      await s.cleanup();
    }
  });

  it('a link that stays inside ProgramData is refused too (stricter than "leads outside": a link is never written through)', async () => {
    const s = await sandbox();
    try {
      const inside = path.join(s.dir, 'ProgramData', 'vendor');
      await fs.mkdir(inside, { recursive: true });
      await fs.symlink(inside, path.dirname(s.paths.pip));
      assert.equal((await linkOnPath(path.join(s.dir, 'ProgramData'), s.paths.pip))?.code, 'windows.batch-link');
    } finally {
      await s.cleanup();
    }
  });
});
