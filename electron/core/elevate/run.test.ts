import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

import type { BrokerChange, Change } from '../../../shared/types/core';
import { sha256 } from '../fsx/hash';

import { rule, sandbox, setEnv } from './testkit';
import { writeBatch } from './write';

const PIP_INI = '[global]\r\nindex-url = https://mirrors.aliyun.com/pypi/simple/\r\n';

test('a valid batch is applied: files, machine variables, firewall; one broadcast', async () => {
  const s = await sandbox({ machine: { GOSUMDB: 'sum.golang.org' } });
  try {
    const changes: Change[] = [
      setEnv('GOPROXY', 'https://goproxy.cn,direct'),
      setEnv('GOSUMDB', null, 'sum.golang.org'),
      rule(),
      { kind: 'writeFile', target: 'pip', path: s.paths.pip, before: null, after: PIP_INI, admin: true },
    ];
    const staged = await writeBatch(s.ctx, changes);
    assert.equal((await fs.stat(staged.path)).mode & 0o777, 0o600);
    assert.equal(staged.sha256, sha256(await fs.readFile(staged.path)));
    assert.equal(await s.run(staged), 0);
    assert.deepEqual(s.store.dump().machine, { GOPROXY: 'https://goproxy.cn,direct' });
    assert.equal(await fs.readFile(s.paths.pip, 'utf8'), PIP_INI);
    assert.deepEqual(
      s.firewall.map((f) => [f.action, f.spec.name]),
      [['ensure', 'MirrorKit-devpi']],
    );
    assert.equal(s.broadcasts(), 1);
    assert.deepEqual(s.result(staged.path), { version: 1, status: 'done', applied: 4 });
  } finally {
    await s.cleanup();
  }
});

test('a batch changed after it was written is refused, nothing applied', async () => {
  const s = await sandbox();
  try {
    const staged = await writeBatch(s.ctx, [setEnv('GOPROXY', 'https://goproxy.cn,direct')]);
    const text = await fs.readFile(staged.path, 'utf8');
    await fs.writeFile(staged.path, text.replace('https://goproxy.cn', 'https://evil.example'));
    assert.equal(await s.run(staged), 2);
    assert.equal(s.result(staged.path).error?.code, 'windows.batch-tampered');
    assert.deepEqual(s.store.dump().machine, {});
    // A hash that is not a hash is refused the same way.
    assert.equal(await s.run({ path: staged.path, sha256: 'not-a-hash' }), 2);
  } finally {
    await s.cleanup();
  }
});

async function rawBatch(dir: string, changes: unknown[]): Promise<{ path: string; sha256: string }> {
  const file = path.join(dir, 'hand-made.json');
  const bytes = Buffer.from(JSON.stringify({ version: 1, createdAt: '2026-01-02T03:04:05.000Z', changes }));
  await fs.writeFile(file, bytes);
  return { path: file, sha256: sha256(bytes) };
}

test('an unknown variable or a hostile value refuses the whole batch, valid changes included', async () => {
  const s = await sandbox();
  try {
    for (const [bad, code] of [
      [setEnv('GOFLAGS', '-toolexec=calc'), 'windows.batch-unknown-variable'],
      [setEnv('PIP_INDEX_URL', 'https://a.example/$(calc)'), 'windows.batch-bad-value'],
      [setEnv('PATH', 'C:\\evil'), 'windows.env-path-refused'],
      [
        {
          kind: 'writeFile',
          target: 'pip',
          path: path.join(s.dir, 'elsewhere.ini'),
          before: null,
          after: PIP_INI,
          admin: true,
        },
        'windows.batch-bad-path',
      ],
      [
        {
          kind: 'writeFile',
          target: 'pip',
          path: s.paths.pip,
          before: null,
          after: '[global]\ncert = C:\\evil.pem\n',
          admin: true,
        },
        'windows.batch-file-content',
      ],
    ] as const) {
      const b = await rawBatch(s.dir, [setEnv('GOPROXY', 'https://goproxy.cn,direct'), bad, rule()]);
      assert.equal(await s.run(b), 2, code);
      assert.equal(s.result(b.path).error?.code, code);
    }
    assert.deepEqual(s.store.dump().machine, {});
    assert.equal(s.firewall.length, 0);
    await assert.rejects(fs.stat(s.paths.pip));
  } finally {
    await s.cleanup();
  }
});

test('a file that changed since the plan is not overwritten', async () => {
  const s = await sandbox();
  try {
    await fs.mkdir(path.dirname(s.paths.pip), { recursive: true });
    await fs.writeFile(s.paths.pip, '[global]\ntimeout = 5\n');
    const b = await rawBatch(s.dir, [
      { kind: 'writeFile', target: 'pip', path: s.paths.pip, before: null, after: PIP_INI, admin: true },
    ]);
    assert.equal(await s.run(b), 2);
    assert.equal(s.result(b.path).error?.code, 'error.changed-since-plan');
    assert.equal(await fs.readFile(s.paths.pip, 'utf8'), '[global]\ntimeout = 5\n');
  } finally {
    await s.cleanup();
  }
});

test('a folder redirected by a link is refused', async () => {
  const s = await sandbox();
  try {
    const target = path.join(s.dir, 'System32');
    await fs.mkdir(target, { recursive: true });
    await fs.mkdir(path.dirname(path.dirname(s.paths.pip)), { recursive: true });
    await fs.symlink(target, path.dirname(s.paths.pip), 'junction');
    const b = await rawBatch(s.dir, [
      { kind: 'writeFile', target: 'pip', path: s.paths.pip, before: null, after: PIP_INI, admin: true },
    ]);
    assert.equal(await s.run(b), 2);
    assert.equal(s.result(b.path).error?.code, 'windows.batch-bad-path');
    assert.deepEqual(await fs.readdir(target), []);
  } finally {
    await s.cleanup();
  }
});

test('a failing step undoes the steps before it', async () => {
  const s = await sandbox({ machine: { GOPROXY: 'https://proxy.golang.org,direct' } });
  s.deps.failFirewall = true;
  try {
    await fs.mkdir(path.dirname(s.paths.pip), { recursive: true });
    await fs.writeFile(s.paths.pip, '[global]\nindex-url = https://pypi.org/simple\n');
    const staged = await writeBatch(s.ctx, [
      {
        kind: 'writeFile',
        target: 'pip',
        path: s.paths.pip,
        before: '[global]\nindex-url = https://pypi.org/simple\n',
        after: PIP_INI,
        admin: true,
      },
      setEnv('GOPROXY', 'https://goproxy.cn,direct', 'https://proxy.golang.org,direct'),
      setEnv('GOSUMDB', 'sum.golang.google.cn'),
      rule(),
    ]);
    assert.equal(await s.run(staged), 1);
    const r = s.result(staged.path);
    assert.equal(r.status, 'failed');
    assert.equal(r.error?.code, 'error.internal');
    assert.deepEqual(s.store.dump().machine, { GOPROXY: 'https://proxy.golang.org,direct' });
    assert.equal(await fs.readFile(s.paths.pip, 'utf8'), '[global]\nindex-url = https://pypi.org/simple\n');
    assert.equal(s.broadcasts(), 1, 'the restored values are announced too');
  } finally {
    await s.cleanup();
  }
});

test('a missing batch file is refused with a reason', async () => {
  const s = await sandbox();
  try {
    const missing = path.join(s.dir, 'nope.json');
    assert.equal(await s.run({ path: missing, sha256: 'a'.repeat(64) }), 2);
    assert.equal(s.result(missing).error?.code, 'windows.batch-unreadable');
  } finally {
    await s.cleanup();
  }
});

test('restore may remove a system file MirrorKit created, only while it holds mirror keys alone', async () => {
  const s = await sandbox();
  try {
    await fs.mkdir(path.dirname(s.paths.pip), { recursive: true });
    await fs.writeFile(s.paths.pip, PIP_INI);
    const remove: BrokerChange = { kind: 'removeFile', target: 'pip', path: s.paths.pip, before: PIP_INI, admin: true };
    const ok = await writeBatch(s.ctx, [remove]);
    assert.equal(await s.run(ok), 0);
    await assert.rejects(fs.stat(s.paths.pip), { code: 'ENOENT' });

    // Someone added a setting of their own since: deleting the file would lose it, so the batch is refused.
    const theirs = `${PIP_INI}timeout = 60\r\n`;
    await fs.writeFile(s.paths.pip, theirs);
    const mine = await writeBatch(s.ctx, [{ ...remove, before: theirs }]);
    assert.equal(await s.run(mine), 2);
    assert.equal(s.result(mine.path).error?.code, 'windows.batch-file-content');
    assert.equal(await fs.readFile(s.paths.pip, 'utf8'), theirs);

    // The text on disk is not what restore was told: refused.
    const stale = await writeBatch(s.ctx, [remove]);
    assert.equal(await s.run(stale), 2);
    assert.equal(s.result(stale.path).error?.code, 'error.changed-since-plan');

    // A path that is not one of the allowed system files is never removed.
    const other = path.join(s.dir, 'other.ini');
    await fs.writeFile(other, PIP_INI);
    const elsewhere = await writeBatch(s.ctx, [{ ...remove, path: other }]);
    assert.equal(await s.run(elsewhere), 2);
    assert.equal(s.result(elsewhere.path).error?.code, 'windows.batch-bad-path');
    assert.equal(await fs.readFile(other, 'utf8'), PIP_INI);
  } finally {
    await s.cleanup();
  }
});
