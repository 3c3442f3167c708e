import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { makeTestPki, type TestPki } from '../../../test/helpers/pki';
import type { Change, Plan, TargetId } from '../../../shared/types/core';
import { restoreApply } from '../apply/restore';
import { applyPlan } from '../apply/transaction';
import { memoryEnvStore } from '../platform/env-store';
import { readShellEnv } from '../platform/shell-env';
import { makePlan } from '../plan/plan';
import { envSh, sandboxCtx, written } from '../targets/test-context';

let pki: TestPki;
let theirs: TestPki;
let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-node-extra-'));
  pki = makeTestPki(path.join(tmp, 'corp'), 'Contoso Root CA');
  theirs = makeTestPki(path.join(tmp, 'own'), 'Their Own CA');
});
after(() => fs.rm(tmp, { recursive: true, force: true }));

const all = (p: Plan): Change[] => p.targets.flatMap((t) => t.changes);
const profile = (targets: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  selection: {
    kind: 'profile' as const,
    text: JSON.stringify({ name: 'Contoso', targets, ca: [{ file: pki.caPem }], ...extra }),
    name: 'corp.json',
  },
  installed: Object.keys(targets) as TargetId[],
});
const codes = (p: Plan, t: TargetId) => p.targets.find((x) => x.target === t)!.warnings.map((w) => w.code);

describe('NODE_EXTRA_CA_CERTS', () => {
  it('Linux: env.sh gets it beside ELECTRON_MIRROR, pointing at the company-only copy; restore gives every byte back', async () => {
    const BASHRC = '# mine\nalias ll="ls -l"\n';
    const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.bashrc': BASHRC } });
    try {
      const req = profile({
        npm: { url: 'https://npm.corp.example/' },
        yarn: { url: 'https://npm.corp.example/' },
        electron: { url: 'https://electron.corp.example/' },
      });
      const plan = await makePlan(ctx, req);
      const sh = envSh(all(plan))!;
      const vars = readShellEnv(sh.after);
      assert.equal(vars.ELECTRON_MIRROR, 'https://electron.corp.example/', 'the tool’s own variable is kept');
      const file = vars.NODE_EXTRA_CA_CERTS!;
      assert.match(file, /[/\\]corporate[/\\]ca-[0-9a-f]{12}\.pem$/);
      const copy = written(all(plan)).filter((c) => c.path === file);
      assert.equal(copy.length, 1, 'one copy of the company CA');
      assert.equal(copy[0]!.after.split('BEGIN CERTIFICATE').length, 2, 'the company CA alone: Node adds it');
      assert.equal(written(all(plan)).filter((c) => c.path === sh.path).length, 1, 'one edit of env.sh');
      assert.ok(codes(plan, 'npm').includes('corp.node-extra-ca'));
      for (const t of ['yarn', 'electron'] as const) {
        assert.ok(!codes(plan, t).includes('corp.unsupported'), t);
        assert.deepEqual(
          plan.targets.find((x) => x.target === t)!.corporate?.map((s) => [s.key, s.actual, s.expected]),
          [['NODE_EXTRA_CA_CERTS', null, file]],
        );
      }

      await applyPlan(ctx, plan);
      const again = await makePlan(ctx, req);
      for (const t of again.targets) {
        assert.equal(t.status, 'unchanged', t.target);
        for (const s of t.corporate ?? []) assert.equal(s.actual, s.expected, `${t.target} ${s.key}`);
      }
      await restoreApply(ctx);
      assert.equal(readFileSync(path.join(root, 'home/.bashrc'), 'utf8'), BASHRC);
      for (const f of [file, sh.path]) await assert.rejects(fs.stat(f), /ENOENT/, f);
    } finally {
      await cleanup();
    }
  });

  it("Linux: a value of the user's own is combined, not clobbered; applying again keeps it; restore removes ours", async () => {
    const { ctx, cleanup } = await sandboxCtx({ env: { NODE_EXTRA_CA_CERTS: theirs.caPem } });
    try {
      const req = profile(
        { pnpm: { url: 'https://npm.corp.example/' } },
        { proxy: { https: 'http://p.example:3128' } },
      );
      const plan = await makePlan(ctx, req);
      const file = readShellEnv(envSh(all(plan))!.after).NODE_EXTRA_CA_CERTS!;
      assert.match(file, /node-extra-ca-[0-9a-f]{12}\.pem$/);
      const combined = written(all(plan)).find((c) => c.path === file)!.after;
      assert.ok(combined.startsWith(`# NODE_EXTRA_CA_CERTS before MirrorKit: ${theirs.caPem}\n# CN=Their Own CA\n`));
      assert.match(combined, /# CN=Their Own CA\n[\s\S]*# CN=Contoso Root CA\n/);
      assert.deepEqual(plan.targets[0]!.corporate, [
        { key: 'NODE_EXTRA_CA_CERTS', path: envSh(all(plan))!.path, actual: theirs.caPem, expected: file },
      ]);
      assert.ok(codes(plan, 'pnpm').includes('corp.node-extra-ca-combined'));
      assert.ok(codes(plan, 'pnpm').includes('corp.proxy-unsupported'), 'pnpm: the proxy is said unsupported');

      await applyPlan(ctx, plan);
      const again = await makePlan(ctx, req);
      assert.equal(again.targets[0]!.status, 'unchanged', 'the combined file is recognised as ours');
      await restoreApply(ctx);
      await assert.rejects(fs.stat(file), /ENOENT/);
    } finally {
      await cleanup();
    }
  });

  it('Windows: a user variable, replacing theirs with the combined file (the change keeps theirs for the restore)', async () => {
    const envStore = memoryEnvStore();
    await envStore.set('NODE_EXTRA_CA_CERTS', theirs.caPem, 'user');
    const { ctx, cleanup } = await sandboxCtx({ platform: 'win32', envStore, env: { USERPROFILE: 'C:\\Users\\li' } });
    try {
      const plan = await makePlan(ctx, profile({ yarn: { url: 'https://npm.corp.example/' } }));
      const set = all(plan).find((c) => c.kind === 'setEnv');
      assert.ok(set?.kind === 'setEnv', JSON.stringify(all(plan)));
      assert.deepEqual(
        [set.name, set.scope, set.admin, set.before],
        ['NODE_EXTRA_CA_CERTS', 'user', false, theirs.caPem],
      );
      assert.match(set.value ?? '', /node-extra-ca-[0-9a-f]{12}\.pem$/);
      assert.equal(plan.targets[0]!.corporate?.[0]?.path, 'HKCU\\Environment');
    } finally {
      await cleanup();
    }
  });

  it('a value that is not a certificate file is left alone, with the reason', async () => {
    for (const [name, text] of [
      ['missing.pem', null],
      ['key.pem', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'],
    ] as const) {
      const { ctx, root, cleanup } = await sandboxCtx({ env: { NODE_EXTRA_CA_CERTS: path.join(tmp, name) } });
      try {
        if (text) await fs.writeFile(path.join(tmp, name), text);
        const plan = await makePlan(ctx, profile({ npm: { url: 'https://npm.corp.example/' } }));
        assert.equal(envSh(all(plan)), undefined, name);
        const w = plan.targets[0]!.warnings.find((x) => x.code === 'corp.node-extra-ca-kept');
        assert.ok(w, name);
        assert.match(String(w.params?.reason), text ? /PRIVATE KEY/ : /ENOENT/);
        assert.ok(!plan.targets[0]!.corporate?.some((s) => s.key === 'NODE_EXTRA_CA_CERTS'));
        assert.ok(root);
      } finally {
        await cleanup();
      }
    }
  });
});
