import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import type { BrokerChange, Change, Verification } from '../../../shared/types/core';
import { BackupStore } from '../fsx/backup';
import { withLock } from '../fsx/lock';
import type { ExecResult } from '../platform/exec';

import { listHistory, restoreApply } from './restore';
import { bytesOf, plan, rejectsWith, sandboxPerTest, setEnv, targetPlan, writeFile, type Sandbox } from './testkit';
import { applyPlan, overallStatus, previewPlan, type ElevateOutcome } from './transaction';

const open = sandboxPerTest();
const code = rejectsWith;

async function manifestOf(s: Sandbox, id: string) {
  return BackupStore.open(s.ctx.stateDir, id).readManifest();
}

describe('applyPlan: what gets applied', () => {
  it('applies only targets with changes and reports the others with their reason', async () => {
    const s = await open();
    const pipConf = path.join(s.dir, '.config', 'pip', 'pip.conf');
    const skipReason = { code: 'skip.not-installed', params: { target: 'go' } };
    const errReason = { code: 'error.malformed-config', params: { path: 'x', format: 'TOML', reason: 'bad' } };
    const p = plan([
      targetPlan('pip', [await writeFile('pip', pipConf, '[global]\nindex-url = https://m/\n')]),
      targetPlan('npm', [], 'unchanged'),
      { ...targetPlan('go', [], 'skipped'), reason: skipReason },
      { ...targetPlan('cargo', [], 'error'), reason: errReason },
    ]);
    const r = await applyPlan(s.ctx, p);
    assert.equal(r.status, 'partial'); // cargo's plan failed while pip applied
    assert.deepEqual(
      r.targets.map((t) => [t.target, t.outcome]),
      [
        ['pip', 'applied'],
        ['npm', 'unchanged'],
        ['go', 'skipped'],
        ['cargo', 'failed'],
      ],
    );
    assert.deepEqual(r.targets[2]?.warnings, [skipReason]);
    assert.deepEqual(r.targets[3]?.error, errReason);
    assert.equal(await fs.readFile(pipConf, 'utf8'), '[global]\nindex-url = https://m/\n');
    assert.match(r.id ?? '', /^20261123-101502-[0-9a-f]{4}$/);
  });

  it('is nothing-to-do without a journal entry when no target changes', async () => {
    const s = await open();
    const r = await applyPlan(s.ctx, plan([targetPlan('npm', [], 'unchanged'), targetPlan('go', [], 'skipped')]));
    assert.equal(r.status, 'nothing-to-do');
    assert.equal(r.id, undefined);
    assert.deepEqual(await listHistory(s.ctx), []);
  });

  it('backs up first and records every entry in the manifest', async () => {
    const s = await open();
    const npmrc = path.join(s.dir, '.npmrc');
    await fs.writeFile(npmrc, 'registry=https://old/\r\n');
    await fs.chmod(npmrc, 0o600);
    const created = path.join(s.dir, 'new', 'pip.conf');
    const p = plan([
      targetPlan('npm', [await writeFile('npm', npmrc, 'registry=https://new/\r\n')]),
      targetPlan('pip', [
        await writeFile('pip', created, '[global]\n'),
        setEnv('pip', 'PIP_INDEX_URL', 'https://m/', null),
      ]),
    ]);
    const r = await applyPlan(s.ctx, p);
    assert.equal(r.status, 'applied');
    const m = await manifestOf(s, r.id ?? '');
    assert.equal(m.status, 'applied');
    assert.equal(m.label, 'test plan');
    assert.deepEqual(m.targets, ['npm', 'pip']);
    const [a, b, c] = m.entries;
    assert.ok(a?.kind === 'file' && b?.kind === 'file' && c?.kind === 'env');
    assert.deepEqual([a.existed, a.mode, a.backup, a.state], [true, 0o600, 'files/0', 'applied']);
    assert.deepEqual([b.existed, b.mode, b.backup, b.sha256Before], [false, null, null, null]);
    assert.deepEqual([c.before, c.after, c.scope, c.state], [null, 'https://m/', 'user', 'applied']);
    const store = BackupStore.open(s.ctx.stateDir, m.id);
    assert.equal((await store.readOriginal('files/0')).toString(), 'registry=https://old/\r\n');
    assert.equal((await fs.stat(npmrc)).mode & 0o777, 0o600);
    assert.equal(await s.env.get('PIP_INDEX_URL', 'user'), 'https://m/');
  });
});

describe('applyPlan: safety', () => {
  it('aborts everything when a file changed since the plan', async () => {
    const s = await open();
    const a = path.join(s.dir, 'a.conf');
    const b = path.join(s.dir, 'b.conf');
    await fs.writeFile(b, 'original');
    const p = plan([
      targetPlan('pip', [await writeFile('pip', a, 'A')]),
      targetPlan('npm', [await writeFile('npm', b, 'B')]),
    ]);
    await fs.writeFile(b, 'edited by the user after the plan');
    await assert.rejects(applyPlan(s.ctx, p), code('error.changed-since-plan'));
    assert.equal(await bytesOf(a), null);
    assert.equal(await fs.readFile(b, 'utf8'), 'edited by the user after the plan');
    assert.deepEqual(await listHistory(s.ctx), []);

    // A file the plan expected absent that has appeared since is a change too.
    await fs.writeFile(a, 'appeared');
    await assert.rejects(
      applyPlan(
        s.ctx,
        plan([
          targetPlan('pip', [{ kind: 'writeFile', target: 'pip', path: a, before: null, after: 'A', admin: false }]),
        ]),
      ),
      code('error.changed-since-plan'),
    );
  });

  it('refuses a file whose bytes are not the UTF-8 of the plan text (not byte-restorable from text)', async () => {
    const s = await open();
    const f = path.join(s.dir, 'latin1.conf');
    await fs.writeFile(f, Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1
    const p = plan([targetPlan('pip', [await writeFile('pip', f, 'x')])]);
    await assert.rejects(applyPlan(s.ctx, p), code('error.changed-since-plan'));
    assert.deepEqual([...(await fs.readFile(f))], [0x63, 0x61, 0x66, 0xe9]);
  });

  it('gives error.locked to an apply started while another holds the lock', async () => {
    const s = await open();
    const f = path.join(s.dir, 'f.conf');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let verifying!: () => void;
    const inVerify = new Promise<void>((r) => (verifying = r));
    const verify = async (): Promise<Verification> => {
      verifying();
      await gate;
      return { target: 'pip', ok: true, observed: 'x', command: ['pip'] };
    };
    const first = applyPlan(s.ctx, plan([targetPlan('pip', [await writeFile('pip', f, 'one')])]), { verify });
    await inVerify;
    const second = plan([targetPlan('npm', [await writeFile('npm', path.join(s.dir, 'g.conf'), 'two')])]);
    await assert.rejects(applyPlan(s.ctx, second), code('error.locked'));
    await assert.rejects(restoreApply(s.ctx), code('error.locked'));
    release();
    assert.equal((await first).status, 'applied');
    assert.equal(await bytesOf(path.join(s.dir, 'g.conf')), null);
  });

  it('is refused while another process holds the lock', async () => {
    const s = await open();
    const f = path.join(s.dir, 'f.conf');
    const p = plan([targetPlan('pip', [await writeFile('pip', f, 'x')])]);
    await withLock(s.ctx.stateDir, async () => {
      await assert.rejects(applyPlan(s.ctx, p), code('error.locked'));
    });
    assert.equal(await bytesOf(f), null);
  });
});

describe('applyPlan: rollback', () => {
  it('puts every byte back when the third write fails', async () => {
    const s = await open();
    const one = path.join(s.dir, 'one.conf');
    const two = path.join(s.dir, 'dir', 'two.conf');
    const blocker = path.join(s.dir, 'blocker');
    await fs.writeFile(one, 'first\r\nline\u0000\ufeff\r\n');
    await fs.chmod(one, 0o640);
    await fs.writeFile(blocker, 'a regular file where a folder is needed');
    const three = path.join(blocker, 'sub', 'three.conf');
    const p = plan([
      targetPlan('pip', [
        await writeFile('pip', one, 'changed'),
        setEnv('pip', 'PIP_INDEX_URL', 'https://m/', 'https://old/'),
      ]),
      targetPlan('npm', [await writeFile('npm', two, 'created')]),
      targetPlan('go', [await writeFile('go', three, 'cannot be written')]),
      targetPlan('cargo', [await writeFile('cargo', path.join(s.dir, 'four.conf'), 'never reached')]),
    ]);
    await s.env.set('PIP_INDEX_URL', 'https://old/', 'user');
    const before = await fs.readFile(one);
    const r = await applyPlan(s.ctx, p);

    assert.equal(r.status, 'failed');
    assert.deepEqual(
      r.targets.map((t) => t.outcome),
      ['rolled-back', 'rolled-back', 'failed', 'rolled-back'],
    );
    assert.equal(r.targets[2]?.error?.code, 'error.write-failed');
    assert.equal(r.targets[2]?.error?.params?.path, three);
    assert.deepEqual(await fs.readFile(one), before);
    assert.equal((await fs.stat(one)).mode & 0o777, 0o640);
    assert.equal(await bytesOf(two), null);
    assert.equal(await bytesOf(path.join(s.dir, 'four.conf')), null);
    assert.equal(await s.env.get('PIP_INDEX_URL', 'user'), 'https://old/');

    const [h] = await listHistory(s.ctx);
    assert.deepEqual([h?.id, h?.status], [r.id, 'failed']);
    const m = await manifestOf(s, r.id ?? '');
    assert.deepEqual(
      m.entries.map((e) => e.state),
      ['rolled-back', 'rolled-back', 'rolled-back', 'pending', 'pending'],
    );
    await assert.rejects(restoreApply(s.ctx), code('error.nothing-to-restore'));
  });

  it('treats a failing tool as a failure, and a failing optional tool as a warning', async () => {
    const calls: string[][] = [];
    const exec = (command: string, args: readonly string[]): Promise<ExecResult> => {
      calls.push([command, ...args]);
      return Promise.resolve(
        command === 'ok'
          ? { code: 0, stdout: '', stderr: '' }
          : { code: 1, stdout: '', stderr: 'daemon not running\n' },
      );
    };
    const s = await open({ exec });
    const f = path.join(s.dir, 'daemon.json');
    const reason = { code: 'change.docker-reload' };
    const tool = (argv: string[], optional: boolean): Change => ({
      kind: 'runTool',
      target: 'docker',
      argv,
      admin: false,
      reason,
      optional,
    });

    const soft = await applyPlan(
      s.ctx,
      plan([
        targetPlan('docker', [await writeFile('docker', f, '{}'), tool(['fail', 'reload'], true), tool(['ok'], false)]),
      ]),
    );
    assert.equal(soft.status, 'applied');
    assert.deepEqual(soft.targets[0]?.warnings, [
      { code: 'verify.failed-to-run', params: { command: 'fail reload', reason: 'daemon not running' } },
    ]);
    assert.deepEqual(calls, [['fail', 'reload'], ['ok']]);

    const hard = await applyPlan(
      s.ctx,
      plan([targetPlan('docker', [await writeFile('docker', f, '{"x":1}'), tool(['fail'], false)])]),
    );
    assert.equal(hard.status, 'failed');
    assert.equal(hard.targets[0]?.outcome, 'failed');
    assert.equal(hard.targets[0]?.error?.code, 'verify.failed-to-run');
    assert.equal(await fs.readFile(f, 'utf8'), '{}');
  });
});

describe('applyPlan: verification', () => {
  it('reports verify-failed without rolling back, and accepts skipped checks', async () => {
    const s = await open();
    const a = path.join(s.dir, 'a.conf');
    const b = path.join(s.dir, 'b.conf');
    const p = plan([
      targetPlan('pip', [await writeFile('pip', a, 'A')]),
      targetPlan('npm', [await writeFile('npm', b, 'B')]),
    ]);
    const seen: string[] = [];
    const r = await applyPlan(s.ctx, p, {
      verify: (target, tp) => {
        seen.push(`${target}:${tp.changes.length}`);
        const mismatch = { code: 'verify.mismatch', params: { tool: 'npm', observed: 'x', expected: 'y' } };
        return Promise.resolve(
          target === 'npm'
            ? { target, ok: false, observed: 'x', command: ['npm', 'config', 'get', 'registry'], message: mismatch }
            : { target, ok: true, observed: 'A', command: ['pip'] },
        );
      },
    });
    assert.equal(r.status, 'verify-failed');
    assert.deepEqual(seen.sort(), ['npm:1', 'pip:1']);
    assert.deepEqual(
      r.targets.map((t) => t.outcome),
      ['applied', 'applied'],
    );
    assert.equal(r.targets[1]?.verification?.ok, false);
    assert.equal(await fs.readFile(b, 'utf8'), 'B');
    assert.equal((await manifestOf(s, r.id ?? '')).status, 'verify-failed');

    const skipped = await applyPlan(
      s.ctx,
      plan([targetPlan('go', [await writeFile('go', path.join(s.dir, 'go.env'), 'GOPROXY=x\n')])]),
      {
        verify: (target) =>
          Promise.resolve({
            target,
            ok: false,
            observed: null,
            command: ['go', 'env'],
            skipped: { code: 'verify.not-installed', params: { tool: 'go' } },
          }),
      },
    );
    assert.equal(skipped.status, 'applied');

    const thrown = await applyPlan(
      s.ctx,
      plan([targetPlan('go', [await writeFile('go', path.join(s.dir, 'go.env'), 'GOPROXY=y\n')])]),
      {
        verify: () => Promise.reject(new Error('checker crashed')),
      },
    );
    assert.equal(thrown.status, 'verify-failed');
    assert.equal(thrown.targets[0]?.verification?.message?.code, 'error.internal');
  });

  it('ranks statuses: failure, then elevation, then verification', () => {
    const r = (outcome: 'applied' | 'failed' | 'needs-elevation', ok = true) => ({
      target: 'pip' as const,
      outcome,
      warnings: [],
      verification: { target: 'pip' as const, ok, observed: null, command: [] },
    });
    assert.equal(overallStatus([r('applied'), r('failed')]), 'partial');
    assert.equal(overallStatus([r('failed')]), 'failed');
    assert.equal(overallStatus([r('applied'), r('needs-elevation')]), 'needs-elevation');
    assert.equal(overallStatus([r('applied', false), r('needs-elevation')]), 'needs-elevation');
    assert.equal(overallStatus([r('applied', false), r('applied')]), 'verify-failed');
    assert.equal(overallStatus([r('applied')]), 'applied');
  });
});

describe('applyPlan: elevation', () => {
  it('without a broker, blocks a target whose admin change this process cannot make, and applies the rest', async () => {
    const s = await open({ isAdmin: false });
    const user = path.join(s.dir, '.npmrc');
    const machine = setEnv('go', 'GOPROXY', 'https://m/', null, 'machine');
    const firewall: Change = {
      kind: 'firewallRule',
      target: 'docker',
      action: 'ensure',
      spec: { name: 'MirrorKit', port: 2375, protocol: 'TCP', direction: 'Inbound' },
      admin: true,
    };
    const goFile = path.join(s.dir, 'go', 'env');
    const r = await applyPlan(
      s.ctx,
      plan([
        targetPlan('npm', [await writeFile('npm', user, 'registry=x\n')]),
        targetPlan('go', [await writeFile('go', goFile, 'GOPROXY=x\n'), machine]),
        targetPlan('docker', [firewall]),
      ]),
    );
    assert.equal(r.status, 'needs-elevation');
    assert.deepEqual(
      r.targets.map((t) => t.outcome),
      ['applied', 'needs-elevation', 'needs-elevation'],
    );
    assert.deepEqual(r.targets[1]?.error, { code: 'error.needs-elevation', params: { what: 'GOPROXY (machine)' } });
    assert.deepEqual(r.targets[2]?.error, { code: 'error.needs-elevation', params: { what: 'MirrorKit' } });
    assert.equal(await bytesOf(goFile), null); // go is blocked as a whole: its user-level file is not written
    assert.equal(await fs.readFile(user, 'utf8'), 'registry=x\n');
    assert.deepEqual((await manifestOf(s, r.id ?? '')).targets, ['npm']);
  });

  it('writes an admin file directly when it is writable anyway (a sandboxed sysroot)', async () => {
    const s = await open({ isAdmin: false });
    const daemon = path.join(s.dir, 'sysroot', 'etc', 'docker', 'daemon.json');
    const r = await applyPlan(s.ctx, plan([targetPlan('docker', [await writeFile('docker', daemon, '{}', true)])]));
    assert.equal(r.status, 'applied');
    assert.equal(await fs.readFile(daemon, 'utf8'), '{}');
  });

  it('hands all admin changes to the broker once, after the user-level writes', async () => {
    const s = await open({ isAdmin: false });
    const user = path.join(s.dir, '.npmrc');
    const daemon = path.join(s.dir, 'sys', 'daemon.json');
    await fs.mkdir(path.dirname(daemon));
    await fs.writeFile(daemon, '{"old":true}');
    const userChange = await writeFile('npm', user, 'registry=x\n');
    const admin: Change[] = [
      await writeFile('docker', daemon, '{"registry-mirrors":["https://m/"]}', true),
      {
        kind: 'firewallRule',
        target: 'docker',
        action: 'ensure',
        spec: { name: 'MirrorKit', port: 2375, protocol: 'TCP', direction: 'Inbound' },
        admin: true,
      },
      setEnv('go', 'GOPROXY', 'https://m/', null, 'machine'),
    ];
    const calls: BrokerChange[][] = [];
    const elevate = async (changes: BrokerChange[]): Promise<ElevateOutcome> => {
      calls.push(changes);
      assert.equal(await fs.readFile(user, 'utf8'), 'registry=x\n', 'user-level writes come first');
      for (const c of changes) {
        if (c.kind === 'writeFile') await fs.writeFile(c.path, c.after);
        if (c.kind === 'setEnv') await s.env.set(c.name, c.value, c.scope);
      }
      return { status: 'done' };
    };
    const r = await applyPlan(
      s.ctx,
      plan([
        targetPlan('npm', [userChange]),
        targetPlan('docker', admin.slice(0, 2)),
        targetPlan('go', admin.slice(2)),
      ]),
      { elevate },
    );
    assert.equal(r.status, 'applied');
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0], admin);
    const m = await manifestOf(s, r.id ?? '');
    assert.deepEqual(
      m.entries.map((e) => [e.kind, e.state]),
      [
        ['file', 'applied'],
        ['file', 'applied'],
        ['firewall', 'applied'],
        ['env', 'applied'],
      ],
    );
  });

  it('takes back only the targets that needed the prompt when the user declines', async () => {
    const s = await open({ isAdmin: false });
    const npmrc = path.join(s.dir, '.npmrc');
    const goEnv = path.join(s.dir, 'go.env');
    await fs.writeFile(goEnv, 'GOPROXY=direct\n');
    const r = await applyPlan(
      s.ctx,
      plan([
        targetPlan('npm', [await writeFile('npm', npmrc, 'registry=x\n')]),
        targetPlan('go', [await writeFile('go', goEnv, 'GOPROXY=m\n'), setEnv('go', 'GOPROXY', 'm', null, 'machine')]),
      ]),
      { elevate: () => Promise.resolve({ status: 'declined' }) },
    );
    assert.equal(r.status, 'needs-elevation');
    assert.deepEqual(
      r.targets.map((t) => t.outcome),
      ['applied', 'needs-elevation'],
    );
    assert.equal(await fs.readFile(goEnv, 'utf8'), 'GOPROXY=direct\n');
    assert.equal(await fs.readFile(npmrc, 'utf8'), 'registry=x\n');
  });

  it('keeps the user-level part of a declined target when the user chose so, and restore still undoes it', async () => {
    const s = await open({ isAdmin: false });
    const goEnv = path.join(s.dir, 'go.env');
    await fs.writeFile(goEnv, 'GOPROXY=direct\n');
    const r = await applyPlan(
      s.ctx,
      plan([
        targetPlan('go', [await writeFile('go', goEnv, 'GOPROXY=m\n'), setEnv('go', 'GOPROXY', 'm', null, 'machine')]),
      ]),
      {
        elevate: () => Promise.resolve({ status: 'declined' }),
        ifDeclined: 'keep',
      },
    );
    assert.equal(r.status, 'needs-elevation');
    assert.equal(r.targets[0]?.outcome, 'needs-elevation');
    assert.deepEqual(r.targets[0]?.warnings, [{ code: 'warn.user-part-kept', params: { what: goEnv } }]);
    assert.equal(await fs.readFile(goEnv, 'utf8'), 'GOPROXY=m\n');
    assert.equal(await s.env.get('GOPROXY', 'machine'), null);
    const back = await restoreApply(s.ctx, r.id);
    assert.equal(back.status, 'restored');
    assert.equal(await fs.readFile(goEnv, 'utf8'), 'GOPROXY=direct\n');
  });

  it('rolls everything back when the broker fails', async () => {
    const s = await open({ isAdmin: false });
    const npmrc = path.join(s.dir, '.npmrc');
    const brokerError = { code: 'error.write-failed', params: { path: 'HKLM', reason: 'denied' } };
    const r = await applyPlan(
      s.ctx,
      plan([
        targetPlan('npm', [await writeFile('npm', npmrc, 'registry=x\n')]),
        targetPlan('go', [setEnv('go', 'GOPROXY', 'm', null, 'machine')]),
      ]),
      {
        elevate: () => Promise.resolve({ status: 'failed', error: brokerError }),
      },
    );
    assert.equal(r.status, 'failed');
    assert.deepEqual(
      r.targets.map((t) => t.outcome),
      ['rolled-back', 'failed'],
    );
    assert.deepEqual(r.targets[1]?.error, brokerError);
    assert.equal(await bytesOf(npmrc), null);
  });
});

describe('previewPlan', () => {
  it('shows a unified diff per file and the other changes, for targets that change', () => {
    const p = plan([
      targetPlan('pip', [
        {
          kind: 'writeFile',
          target: 'pip',
          path: '/h/.config/pip/pip.conf',
          before: '[global]\nindex-url = a\n',
          after: '[global]\nindex-url = b\n',
          admin: false,
        },
        setEnv('pip', 'PIP_INDEX_URL', 'b', 'a'),
      ]),
      targetPlan('npm', [
        { kind: 'writeFile', target: 'npm', path: '/h/.npmrc', before: null, after: 'registry=b\n', admin: false },
      ]),
      targetPlan(
        'go',
        [{ kind: 'writeFile', target: 'go', path: '/h/x', before: null, after: 'y', admin: false }],
        'skipped',
      ),
    ]);
    const items = previewPlan(p);
    assert.equal(items.length, 3);
    const [pip, env, npm] = items;
    assert.ok(pip?.kind === 'file' && npm?.kind === 'file');
    assert.match(pip.diff, /^--- a\/\/h\/.config\/pip\/pip.conf\n\+\+\+ b\/\/h\/.config\/pip\/pip.conf\n/m);
    assert.match(pip.diff, /^-index-url = a$/m);
    assert.match(pip.diff, /^\+index-url = b$/m);
    assert.equal(pip.created, false);
    assert.equal(npm.created, true);
    assert.match(npm.diff, /^\+registry=b$/m);
    assert.deepEqual(env, {
      kind: 'env',
      target: 'pip',
      name: 'PIP_INDEX_URL',
      scope: 'user',
      before: 'a',
      after: 'b',
      admin: false,
    });
  });
});
