import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import type { Change } from '../../../shared/types/core';
import { restoreApply } from '../apply/restore';
import { applyPlan } from '../apply/transaction';
import type { Exec } from '../platform/exec';
import { makePlan } from '../plan/plan';

import { TARGETS } from './index';
import { sandboxCtx } from './test-context';
import { classicEffective } from './yarn';

const MIRROR = 'https://registry.npmmirror.com/';

/** A sandbox with a `yarn` on PATH answering `--version`; `root` as yarn 1 sees its user (uid 0 or not). */
async function withYarn(
  version: string,
  files: Record<string, string> = {},
  opts: { root?: boolean; env?: Record<string, string> } = {},
) {
  const exec: Exec = (_cmd, args) =>
    Promise.resolve(
      args[0] === '--version'
        ? { code: 0, stdout: `${version}\n`, stderr: '' }
        : { code: null, stdout: '', stderr: '', failure: 'not-found' },
    );
  const s = await sandboxCtx({ files: { ...files, 'bin/yarn': '#!/bin/sh\n' }, exec, env: opts.env ?? {} });
  await fs.chmod(path.join(s.root, 'bin', 'yarn'), 0o755);
  return {
    ...s,
    ctx: { ...s.ctx, isAdmin: opts.root ?? false, env: { ...s.ctx.env, PATH: path.join(s.root, 'bin') } },
  };
}

const writes = (changes: Change[]) => changes.flatMap((c) => (c.kind === 'writeFile' ? [c] : []));

describe('yarn target', () => {
  it('yarn 1: ~/.npmrc beats ~/.yarnrc; the plan writes ~/.yarnrc and says which .npmrc line will still decide', async () => {
    const { ctx, root, cleanup } = await withYarn('1.22.22', {
      'home/.npmrc': 'registry=https://stale.example/\n',
      'home/.yarnrc': '# mine\nregistry "https://registry.yarnpkg.com"\n',
    });
    try {
      const r = await TARGETS.yarn.read(ctx);
      assert.equal(r.value, 'https://stale.example/');
      assert.deepEqual(
        r.layers.map((l) => [l.origin.kind === 'file' ? path.basename(l.origin.path) : '', l.effective]),
        [
          ['.npmrc', true],
          ['.yarnrc', false],
        ],
      );
      const tp = await TARGETS.yarn.plan(ctx, { target: 'yarn', urls: [MIRROR] }, {});
      assert.deepEqual(
        writes(tp.changes).map((c) => [path.relative(root, c.path), c.after]),
        [['home/.yarnrc', `# mine\nregistry "${MIRROR}"\n`]],
      );
      assert.deepEqual(tp.warnings.find((w) => w.code === 'yarn.npmrc-wins')?.params?.value, 'https://stale.example/');
    } finally {
      await cleanup();
    }
  });

  it('yarn 1 as root reads /usr/local/share/.yarnrc whatever HOME says: that is the file planned', async () => {
    const { ctx, root, cleanup } = await withYarn('1.22.22', {}, { root: true });
    try {
      const tp = await TARGETS.yarn.plan(ctx, { target: 'yarn', urls: [MIRROR] }, {});
      assert.deepEqual(
        writes(tp.changes).map((c) => path.relative(root, c.path)),
        ['sysroot/usr/local/share/.yarnrc'],
      );
      assert.ok(tp.warnings.some((w) => w.code === 'yarn.root-rc'));
    } finally {
      await cleanup();
    }
  });

  it('berry: YARN_NPM_REGISTRY_SERVER > ~/.yarnrc.yml, .npmrc ignored; writes .yarnrc.yml (and an existing .yarnrc too); plain http needs the whitelist', async () => {
    const yml =
      '# berry\r\nnpmRegistryServer: "https://registry.yarnpkg.com"\r\nunsafeHttpWhitelist:\r\n  - 10.0.0.5\r\n';
    const { ctx, root, cleanup } = await withYarn(
      '4.18.1',
      {
        'home/.yarnrc.yml': yml,
        'home/.npmrc': 'registry=https://npmrc.example/\n',
        'home/.yarnrc': 'registry "https://old.example/"\n',
      },
      { env: { YARN_NPM_REGISTRY_SERVER: 'https://env.example' } },
    );
    try {
      const r = await TARGETS.yarn.read(ctx);
      assert.equal(r.value, 'https://env.example');
      assert.deepEqual(r.origin, { kind: 'env', name: 'YARN_NPM_REGISTRY_SERVER', scope: 'process' });
      assert.ok(
        !r.layers.some((l) => l.origin.kind === 'file' && l.origin.path.endsWith('.npmrc')),
        'berry does not read .npmrc',
      );
      const tp = await TARGETS.yarn.plan(ctx, { target: 'yarn', urls: ['http://10.0.0.5:4873/'] }, {});
      assert.deepEqual(
        writes(tp.changes).map((c) => [path.relative(root, c.path), c.after]),
        [
          ['home/.yarnrc', 'registry "http://10.0.0.5:4873/"\n'],
          ['home/.yarnrc.yml', yml.replace('"https://registry.yarnpkg.com"', '"http://10.0.0.5:4873/"')],
        ],
      );
      assert.ok(!tp.warnings.some((w) => w.code === 'yarn.berry-http'), 'the host is whitelisted already');
      assert.ok(tp.warnings.some((w) => w.code === 'warn.env-wins-posix'));
      const other = await TARGETS.yarn.plan(ctx, { target: 'yarn', urls: ['http://192.0.2.1/'] }, {});
      assert.ok(other.warnings.some((w) => w.code === 'yarn.berry-http'));
    } finally {
      await cleanup();
    }
  });

  it('a malformed .yarnrc.yml or .yarnrc is reported with its path and reason, left untouched; the other targets proceed', async () => {
    for (const [file, text, reason] of [
      [
        'home/.yarnrc.yml',
        'npmRegistryServer: "https://a"\nnpmRegistryServer: "https://b"\n',
        /^line 2, column 1: Map keys must be unique/,
      ],
      ['home/.yarnrc', 'registry "https://a\n', /^line 1: unterminated string$/],
    ] as const) {
      const { ctx, root, cleanup } = await withYarn('4.18.1', { [file]: text });
      try {
        await assert.rejects(
          TARGETS.yarn.read(ctx),
          (e: { code?: string; params?: Record<string, unknown> }) =>
            e.code === 'error.malformed-config' &&
            e.params?.path === path.join(root, file) &&
            reason.test(String(e.params.reason)),
        );
        const plan = await makePlan(ctx, {
          selection: { kind: 'preset', preset: 'aliyun' },
          only: ['npm', 'yarn'],
          installed: ['npm', 'yarn'],
        });
        assert.equal(plan.targets.find((t) => t.target === 'yarn')?.status, 'error');
        assert.equal(plan.targets.find((t) => t.target === 'npm')?.status, 'change');
        await applyPlan(ctx, plan);
        assert.equal(await fs.readFile(path.join(root, file), 'utf8'), text);
      } finally {
        await cleanup();
      }
    }
  });

  it('apply then restore gives back both files byte for byte', async () => {
    const rc = '\uFEFFregistry "https://registry.yarnpkg.com" # x\r\nlastUpdateCheck 1765000000000';
    const yml = 'enableTelemetry: false\n';
    const { ctx, root, cleanup } = await withYarn('1.22.22', { 'home/.yarnrc': rc, 'home/.yarnrc.yml': yml });
    try {
      const plan = await makePlan(ctx, { selection: { kind: 'set', target: 'yarn', mirror: 'npmmirror' } });
      assert.equal((await applyPlan(ctx, plan)).status, 'applied');
      assert.equal(
        await fs.readFile(path.join(root, 'home/.yarnrc'), 'utf8'),
        rc.replace('"https://registry.yarnpkg.com"', `"${MIRROR}"`),
      );
      assert.equal(
        await fs.readFile(path.join(root, 'home/.yarnrc.yml'), 'utf8'),
        `${yml}npmRegistryServer: "${MIRROR}"\n`,
      );
      await restoreApply(ctx);
      assert.equal(await fs.readFile(path.join(root, 'home/.yarnrc'), 'utf8'), rc);
      assert.equal(await fs.readFile(path.join(root, 'home/.yarnrc.yml'), 'utf8'), yml);
    } finally {
      await cleanup();
    }
  });

  it("reads yarn 1's `config list`: the npm layer wins, except over YARN_REGISTRY", () => {
    const out =
      "yarn config v1.22.22\ninfo yarn config\n{\n  'init-license': 'MIT',\n  registry: 'https://yarnrc.example/',\n  'strict-ssl': true\n}\ninfo npm config\n{\n  registry: 'https://npmrc.example/'\n}\nDone in 0.11s.\n";
    assert.equal(classicEffective({ env: {} }, out), 'https://npmrc.example/');
    assert.equal(
      classicEffective({ env: { YARN_REGISTRY: 'https://yarnrc.example/' } }, out),
      'https://yarnrc.example/',
    );
    assert.equal(
      classicEffective({ env: { YARN_REGISTRY: 'x', npm_config_registry: 'y' } }, out),
      'https://npmrc.example/',
    );
    assert.equal(
      classicEffective({ env: {} }, out.replace(/info npm config\n\{\n.*\n\}\n/, '')),
      'https://yarnrc.example/',
    );
  });
});
