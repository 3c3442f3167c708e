import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import type { BrokerChange, Change } from '../../../shared/types/core';
import { BackupStore } from '../fsx/backup';

import { listHistory, restoreApply } from './restore';
import { bytesOf, plan, rejectsWith, sandbox, sandboxPerTest, setEnv, targetPlan, writeFile } from './testkit';
import { applyPlan, type ElevateOutcome } from './transaction';

const open = sandboxPerTest();
const code = rejectsWith;

/** Valid UTF-8 that a careless round trip would damage: BOM, CRLF, a lone CR, NUL, astral and CJK text, no final newline. */
const ODD = '\ufeff[global]\r\nindex-url = https://pypi.org/simple\r\n\r# 镜像 🚀\u0000\u007f\ufffd  \ttrailing';

describe('restoreApply', () => {
  it('brings back every byte, mode, absence and variable', async () => {
    const s = await open({ initialEnv: { user: { GOPROXY: 'https://proxy.golang.org,direct' } } });
    const pip = path.join(s.dir, '.config', 'pip', 'pip.conf');
    const npmrc = path.join(s.dir, '.npmrc');
    const cargo = path.join(s.dir, '.cargo', 'config.toml');
    await fs.mkdir(path.dirname(pip), { recursive: true });
    await fs.writeFile(pip, ODD);
    await fs.chmod(pip, 0o600);
    const original = await fs.readFile(pip);
    const p = plan([
      targetPlan('pip', [await writeFile('pip', pip, '[global]\nindex-url = https://m/\n')]),
      targetPlan('npm', [await writeFile('npm', npmrc, 'registry=https://m/\n')]),
      targetPlan('cargo', [await writeFile('cargo', cargo, '[source.crates-io]\n')]),
      targetPlan('go', [
        setEnv('go', 'GOPROXY', 'https://goproxy.cn,direct', 'https://proxy.golang.org,direct'),
        setEnv('go', 'GOSUMDB', 'sum.golang.google.cn', null),
      ]),
    ]);
    const applied = await applyPlan(s.ctx, p);
    assert.equal(applied.status, 'applied');
    assert.equal(await s.env.get('GOSUMDB', 'user'), 'sum.golang.google.cn');
    await fs.chmod(pip, 0o666); // the mode is part of what comes back

    const r = await restoreApply(s.ctx);
    assert.equal(r.status, 'restored');
    assert.equal(r.id, applied.id);
    assert.deepEqual(r.conflicts, []);
    assert.deepEqual(await fs.readFile(pip), original);
    assert.equal((await fs.stat(pip)).mode & 0o777, 0o600);
    assert.equal(await bytesOf(npmrc), null);
    assert.equal(await bytesOf(cargo), null);
    assert.deepEqual(s.env.dump(), { user: { GOPROXY: 'https://proxy.golang.org,direct' }, machine: {} });
    assert.deepEqual(
      r.restored.map((x) => [x.kind, x.name, x.action]).sort(),
      [
        ['env', 'GOPROXY', 'rewritten'],
        ['env', 'GOSUMDB', 'removed'],
        ['file', cargo, 'removed'],
        ['file', npmrc, 'removed'],
        ['file', pip, 'rewritten'],
      ].sort(),
    );

    const [h] = await listHistory(s.ctx);
    assert.equal(h?.restoredAt, '2026-11-23T10:15:02.000Z');
    await assert.rejects(restoreApply(s.ctx, applied.id), code('error.nothing-to-restore'));
    await assert.rejects(restoreApply(s.ctx), code('error.nothing-to-restore'));
  });

  it('round-trips any set of files and variables byte for byte (property)', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 });
    const fileSpec = fc.record({
      existing: fc.option(text, { nil: null }),
      after: text,
      mode: fc.constantFrom(0o600, 0o640, 0o644, 0o755),
    });
    const envSpec = fc.record({
      before: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
      after: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fileSpec, { minLength: 1, maxLength: 4 }),
        fc.array(envSpec, { maxLength: 2 }),
        async (files, envs) => {
          const s = await sandbox();
          try {
            const changes: Change[] = [];
            const originals: (Buffer | null)[] = [];
            for (const [i, f] of files.entries()) {
              const file = path.join(s.dir, `d${i % 2}`, `f${i}.conf`);
              if (f.existing !== null) {
                await fs.mkdir(path.dirname(file), { recursive: true });
                await fs.writeFile(file, f.existing);
                await fs.chmod(file, f.mode);
              }
              originals.push(await bytesOf(file));
              changes.push(await writeFile('pip', file, f.after));
            }
            for (const [i, e] of envs.entries()) {
              if (e.before !== null) await s.env.set(`V${i}`, e.before, 'user');
              changes.push(setEnv('pip', `V${i}`, e.after, e.before));
            }
            const envBefore = s.env.dump();
            const applied = await applyPlan(s.ctx, plan([targetPlan('pip', changes)]));
            assert.equal(applied.status, 'applied');
            for (const [i, f] of files.entries())
              assert.equal(
                await fs.readFile(path.join(s.dir, `d${i % 2}`, `f${i}.conf`), 'utf8'),
                Buffer.from(f.after).toString('utf8'),
              );

            // An apply whose every change was a no-op (same bytes, same value) leaves nothing to restore.
            const noop =
              files.every((f) => f.existing !== null && Buffer.from(f.existing).equals(Buffer.from(f.after))) &&
              envs.every((e) => e.before === e.after);
            if (noop) {
              await assert.rejects(restoreApply(s.ctx), code('error.nothing-to-restore'));
              return;
            }
            const r = await restoreApply(s.ctx);
            assert.notEqual(r.status, 'failed');
            for (const [i, f] of files.entries()) {
              const file = path.join(s.dir, `d${i % 2}`, `f${i}.conf`);
              assert.deepEqual(await bytesOf(file), originals[i]);
              if (f.existing !== null) assert.equal((await fs.stat(file)).mode & 0o777, f.mode);
            }
            assert.deepEqual(s.env.dump(), envBefore);
          } finally {
            await s.cleanup();
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('restores an older apply by id, and the latest one by default', async () => {
    const s = await open();
    const a = path.join(s.dir, 'a.conf');
    const b = path.join(s.dir, 'b.conf');
    await fs.writeFile(a, 'a0');
    await fs.writeFile(b, 'b0');
    const first = await applyPlan(s.ctx, plan([targetPlan('pip', [await writeFile('pip', a, 'a1')])], 'first'));
    s.tick();
    const second = await applyPlan(s.ctx, plan([targetPlan('npm', [await writeFile('npm', b, 'b1')])], 'second'));
    s.tick();
    const third = await applyPlan(s.ctx, plan([targetPlan('npm', [await writeFile('npm', b, 'b2')])], 'third'));

    const history = await listHistory(s.ctx);
    assert.deepEqual(
      history.map((h) => h.label),
      ['third', 'second', 'first'],
    );
    assert.deepEqual(
      history.map((h) => h.id),
      [third.id, second.id, first.id],
    );
    assert.deepEqual(
      history.map((h) => h.targets),
      [['npm'], ['npm'], ['pip']],
    );
    assert.ok((third.id ?? '') > (second.id ?? '') && (second.id ?? '') > (first.id ?? ''));

    const old = await restoreApply(s.ctx, first.id);
    assert.equal(old.status, 'restored');
    assert.equal(await fs.readFile(a, 'utf8'), 'a0');
    assert.equal(await fs.readFile(b, 'utf8'), 'b2');

    const latest = await restoreApply(s.ctx);
    assert.equal(latest.id, third.id);
    assert.equal(await fs.readFile(b, 'utf8'), 'b1');
    const next = await restoreApply(s.ctx);
    assert.equal(next.id, second.id);
    assert.equal(await fs.readFile(b, 'utf8'), 'b0');
    await assert.rejects(restoreApply(s.ctx), code('error.nothing-to-restore'));
  });

  it('says which ids it does not know, and when there is nothing at all', async () => {
    const s = await open();
    await assert.rejects(restoreApply(s.ctx), code('error.nothing-to-restore'));
    await assert.rejects(restoreApply(s.ctx, '20991231-235959-abcd'), code('error.unknown-apply'));
    await assert.rejects(restoreApply(s.ctx, '../../etc'), code('error.unknown-apply'));
  });

  it('keeps a copy of a file or variable changed since the apply, and restores anyway', async () => {
    const s = await open();
    const f = path.join(s.dir, 'pip.conf');
    await fs.writeFile(f, 'original\n');
    const applied = await applyPlan(
      s.ctx,
      plan([
        targetPlan('pip', [
          await writeFile('pip', f, 'mirrorkit\n'),
          setEnv('pip', 'PIP_INDEX_URL', 'https://m/', null),
        ]),
      ]),
    );
    await fs.writeFile(f, 'hand edit\n');
    await s.env.set('PIP_INDEX_URL', 'https://someone-else/', 'user');

    const r = await restoreApply(s.ctx, applied.id);
    assert.equal(r.status, 'restored');
    assert.equal(await fs.readFile(f, 'utf8'), 'original\n');
    assert.equal(await s.env.get('PIP_INDEX_URL', 'user'), null);
    assert.deepEqual(
      r.conflicts.map((c) => [c.name, c.message.code, c.message.params?.path]),
      [
        ['PIP_INDEX_URL', 'error.restore-conflict', 'PIP_INDEX_URL'],
        [f, 'error.restore-conflict', f],
      ],
    );
    const kept = r.conflicts.map((c) => String(c.message.params?.kept));
    assert.equal(await fs.readFile(kept[0] ?? '', 'utf8'), 'https://someone-else/');
    assert.equal(await fs.readFile(kept[1] ?? '', 'utf8'), 'hand edit\n');
    assert.ok(kept.every((k) => k.startsWith(path.join(s.ctx.stateDir, 'applies', applied.id ?? ''))));
  });

  it('leaves alone what is already back; an apply cut short by a crash is rolled back as the lock is taken', async () => {
    const s = await open();
    const a = path.join(s.dir, 'a.conf');
    const b = path.join(s.dir, 'b.conf');
    await fs.writeFile(a, 'a0');
    const applied = await applyPlan(
      s.ctx,
      plan([targetPlan('pip', [await writeFile('pip', a, 'a1'), await writeFile('pip', b, 'b1')])]),
    );
    // As if the process died after writing both files but before recording it, mid-apply.
    const store = BackupStore.open(s.ctx.stateDir, applied.id ?? '');
    const m = await store.readManifest();
    await store.writeManifest({
      ...m,
      status: 'in-progress',
      entries: m.entries.map((e) => ({ ...e, state: 'pending' as const })),
    });
    assert.equal((await listHistory(s.ctx))[0]?.status, 'partial');

    // Crash recovery (recover.ts) runs first under the lock and rolls it back: nothing is left to restore.
    await assert.rejects(restoreApply(s.ctx), code('error.nothing-to-restore'));
    assert.equal(await fs.readFile(a, 'utf8'), 'a0');
    assert.equal(await bytesOf(b), null);
    assert.equal((await listHistory(s.ctx))[0]?.status, 'failed');

    // A pending entry whose file someone else changed was never MirrorKit's write: it is left alone.
    const again = await applyPlan(s.ctx, plan([targetPlan('pip', [await writeFile('pip', a, 'a2')])]));
    const m2 = await BackupStore.open(s.ctx.stateDir, again.id ?? '').readManifest();
    await BackupStore.open(s.ctx.stateDir, again.id ?? '').writeManifest({
      ...m2,
      entries: m2.entries.map((e) => ({ ...e, state: 'pending' as const })),
    });
    await fs.writeFile(a, 'other');
    await assert.rejects(restoreApply(s.ctx, again.id), code('error.nothing-to-restore'));
    assert.equal(await fs.readFile(a, 'utf8'), 'other');
  });

  it('sends admin undos to the broker in one batch, and reports what it cannot put back', async () => {
    const s = await open({ isAdmin: false });
    const daemon = path.join(s.dir, 'sys', 'daemon.json');
    const created = path.join(s.dir, 'sys', 'created.json');
    await fs.mkdir(path.dirname(daemon));
    await fs.writeFile(daemon, '{"old":true}\r\n');
    const firewall: Change = {
      kind: 'firewallRule',
      target: 'docker',
      action: 'ensure',
      spec: { name: 'MirrorKit', port: 2375, protocol: 'TCP', direction: 'Inbound' },
      admin: true,
    };
    const calls: BrokerChange[][] = [];
    const elevate = async (changes: BrokerChange[]): Promise<ElevateOutcome> => {
      calls.push(changes);
      for (const c of changes) {
        if (c.kind === 'writeFile') await fs.writeFile(c.path, c.after);
        if (c.kind === 'removeFile') await fs.rm(c.path);
        if (c.kind === 'setEnv') await s.env.set(c.name, c.value, c.scope);
      }
      return { status: 'done' };
    };
    const p = plan([
      targetPlan('docker', [
        await writeFile('docker', daemon, '{"registry-mirrors":[]}', true),
        await writeFile('docker', created, '{}', true),
        firewall,
      ]),
      targetPlan('go', [setEnv('go', 'GOPROXY', 'https://m/', null, 'machine')]),
    ]);
    const applied = await applyPlan(s.ctx, p, { elevate });
    assert.equal(applied.status, 'applied');
    calls.length = 0;

    const r = await restoreApply(s.ctx, applied.id, { elevate });
    assert.equal(calls.length, 1);
    assert.deepEqual(
      calls[0]?.map((c) => c.kind),
      ['setEnv', 'firewallRule', 'removeFile', 'writeFile'],
    );
    assert.deepEqual(calls[0]?.[1], { ...firewall, action: 'remove' });
    // The file MirrorKit created is removed by the broker, told what it must still hold.
    assert.deepEqual(calls[0]?.[2], { kind: 'removeFile', target: 'docker', path: created, before: '{}', admin: true });
    assert.deepEqual(calls[0]?.[3], {
      kind: 'writeFile',
      target: 'docker',
      path: daemon,
      before: '{"registry-mirrors":[]}',
      after: '{"old":true}\r\n',
      admin: true,
    });
    assert.equal(await fs.readFile(daemon, 'utf8'), '{"old":true}\r\n');
    await assert.rejects(fs.stat(created), { code: 'ENOENT' });
    assert.equal(await s.env.get('GOPROXY', 'machine'), null);
    assert.equal(r.status, 'restored');
    assert.deepEqual(r.conflicts, []);
    assert.ok((await listHistory(s.ctx))[0]?.restoredAt);
  });
});
