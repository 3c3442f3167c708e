import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { appliesDir, BackupStore, listManifests } from './backup';
import { fileSha256, sha256 } from './hash';
import { isApplyId, newApplyId, type Manifest } from './manifest';

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-backup-'));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function manifest(id: string, createdAt: string): Manifest {
  return {
    version: 1,
    id,
    createdAt,
    label: `label ${id}`,
    platform: 'linux',
    planId: 'p',
    targets: ['pip'],
    status: 'applied',
    entries: [],
  };
}

describe('hash', () => {
  it('hashes bytes and files, null for an absent file', async () => {
    // FIPS 180-2 test vector.
    assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const f = path.join(root, 'abc.txt');
    await fs.writeFile(f, 'abc');
    assert.equal(await fileSha256(f), sha256('abc'));
    assert.equal(await fileSha256(path.join(root, 'missing')), null);
    assert.equal(await fileSha256(path.join(f, 'under-a-file')), null);
  });
});

describe('apply ids', () => {
  it('are UTC-stamped, sortable and random in the tail', () => {
    const at = new Date(Date.UTC(2026, 10, 23, 10, 15, 2));
    const a = newApplyId(at);
    assert.match(a, /^20261123-101502-[0-9a-f]{4}$/);
    assert.ok(isApplyId(a));
    assert.ok(newApplyId(new Date(Date.UTC(2026, 10, 23, 10, 15, 3))) > a);
    const many = new Set(Array.from({ length: 50 }, () => newApplyId(at)));
    assert.ok(many.size > 40);
    assert.equal(isApplyId('../20261123-101502-ab12'), false);
  });
});

describe('BackupStore', () => {
  it('keeps original bytes exactly and round-trips the manifest', async () => {
    const state = path.join(root, 's1');
    const store = await BackupStore.create(state, '20261123-101502-ab12');
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x0d, 0x0a, 0x00, 0xff, 0x41]);
    const rel = await store.saveOriginal(3, bytes);
    assert.equal(rel, 'files/3');
    assert.deepEqual(await store.readOriginal(rel), bytes);
    const m = manifest(store.id, '2026-11-23T10:15:02.000Z');
    await store.writeManifest(m);
    assert.deepEqual(await BackupStore.open(state, store.id).readManifest(), m);
    await assert.rejects(BackupStore.create(state, store.id), { code: 'EEXIST' });
  });

  it('refuses references and ids that would leave its folder', async () => {
    const state = path.join(root, 's2');
    const store = await BackupStore.create(state, '20261123-101502-cd34');
    await assert.rejects(store.readOriginal('../manifest.json'), /bad backup reference/);
    assert.throws(() => BackupStore.open(state, '../../etc'), /not an apply id/);
  });

  it('lists manifests newest first and skips damaged ones', async () => {
    const state = path.join(root, 's3');
    for (const [id, at] of [
      ['20261123-101502-0001', '2026-11-23T10:15:02.000Z'],
      ['20261125-090000-0002', '2026-11-25T09:00:00.000Z'],
      ['20261124-090000-0003', '2026-11-24T09:00:00.000Z'],
    ] as const) {
      const s = await BackupStore.create(state, id);
      await s.writeManifest(manifest(id, at));
    }
    const broken = await BackupStore.create(state, '20261126-000000-0004');
    await fs.writeFile(path.join(broken.dir, 'manifest.json'), '{"version":1,"id":');
    await BackupStore.create(state, '20261127-000000-0005'); // crashed before its manifest
    await fs.mkdir(path.join(appliesDir(state), 'not-an-apply'));
    const ids = (await listManifests(state)).map((m) => m.id);
    assert.deepEqual(ids, ['20261125-090000-0002', '20261124-090000-0003', '20261123-101502-0001']);
    assert.deepEqual(await listManifests(path.join(root, 'nothing-here')), []);
  });

  it('rejects a manifest whose backup reference points outside the store', async () => {
    const state = path.join(root, 's4');
    const s = await BackupStore.create(state, '20261123-101502-ef56');
    const m = manifest(s.id, '2026-11-23T10:15:02.000Z');
    const bad = {
      ...m,
      entries: [
        {
          kind: 'file',
          target: 'pip',
          path: '/x',
          admin: false,
          existed: true,
          mode: 0o644,
          sha256Before: sha256('a'),
          sha256After: sha256('b'),
          backup: '../../../etc/shadow',
          state: 'applied',
        },
      ],
    };
    await fs.writeFile(path.join(s.dir, 'manifest.json'), JSON.stringify(bad));
    await assert.rejects(s.readManifest());
    assert.deepEqual(await listManifests(state), []);
  });
});
