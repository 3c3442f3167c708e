import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import type { Change } from '../../../shared/types/core';
import { applyPlan } from '../apply/transaction';
import { restoreApply } from '../apply/restore';
import type { Exec } from '../platform/exec';
import { makePlan } from '../plan/plan';

import { pnpmConfigDir } from './pnpm';
import { TARGETS } from './index';
import { sandboxCtx } from './test-context';

const MIRROR = 'https://registry.npmmirror.com/';
const TOKEN = 'npm_SECRETSECRETSECRET1234';

/** A sandbox with a `pnpm` (and `npm`) on PATH that answer `--version`; nothing else runs. */
async function withPnpm(version: string, files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const exec: Exec = (_cmd, args) =>
    Promise.resolve(
      args[0] === '--version'
        ? { code: 0, stdout: `${version}\n`, stderr: '' }
        : { code: null, stdout: '', stderr: '', failure: 'not-found' },
    );
  const s = await sandboxCtx({ files: { ...files, 'bin/pnpm': '#!/bin/sh\n', 'bin/npm': '#!/bin/sh\n' }, exec, env });
  const bin = path.join(s.root, 'bin');
  for (const tool of ['pnpm', 'npm']) await fs.chmod(path.join(bin, tool), 0o755);
  return { ...s, ctx: { ...s.ctx, env: { ...s.ctx.env, PATH: bin } } };
}

const writes = (changes: Change[]) => changes.flatMap((c) => (c.kind === 'writeFile' ? [c] : []));

describe('pnpm target', () => {
  it('finds its config folder as pnpm does on each system', () => {
    assert.equal(pnpmConfigDir({ platform: 'linux', env: { HOME: '/h' } }), '/h/.config/pnpm');
    assert.equal(pnpmConfigDir({ platform: 'linux', env: { HOME: '/h', XDG_CONFIG_HOME: '/x' } }), '/x/pnpm');
    assert.equal(
      pnpmConfigDir({ platform: 'darwin', env: { HOME: '/Users/li' } }),
      '/Users/li/Library/Preferences/pnpm',
    );
    assert.equal(
      pnpmConfigDir({
        platform: 'win32',
        env: { USERPROFILE: 'C:\\Users\\li', LOCALAPPDATA: 'C:\\Users\\li\\AppData\\Local' },
      }),
      'C:\\Users\\li\\AppData\\Local\\pnpm\\config',
    );
  });

  it('≥ 11: reads pnpm_config_registry > config.yaml > ~/.npmrc > auth.ini, ignores npm_config_registry, writes config.yaml only', async () => {
    const { ctx, root, cleanup } = await withPnpm(
      '12.26.0',
      {
        'home/.config/pnpm/config.yaml':
          '# mine\nstore-dir: /data/pnpm   # big disk\nregistry: https://registry.npmjs.org/\n',
        'home/.config/pnpm/auth.ini': `registry=https://auth.example/\n//npm.corp.example/:_authToken=${TOKEN}\n`,
        'home/.npmrc': 'registry=https://npmrc.example/\n',
      },
      { npm_config_registry: 'https://npmenv.example/' },
    );
    try {
      const dir = path.join(root, 'home', '.config', 'pnpm');
      const r = await TARGETS.pnpm.read(ctx);
      assert.equal(r.value, 'https://registry.npmjs.org/');
      assert.deepEqual(
        r.layers.map((l) => [
          l.origin.kind === 'file' ? path.relative(root, l.origin.path) : l.origin.kind,
          l.value,
          l.effective,
        ]),
        [
          ['home/.config/pnpm/config.yaml', 'https://registry.npmjs.org/', true],
          ['home/.npmrc', 'https://npmrc.example/', false],
          ['home/.config/pnpm/auth.ini', 'https://auth.example/', false],
        ],
      );
      const tp = await TARGETS.pnpm.plan(ctx, { target: 'pnpm', urls: ['https://registry.npmmirror.com'] }, {});
      assert.deepEqual(
        writes(tp.changes).map((c) => [c.path, c.after]),
        [[path.join(dir, 'config.yaml'), `# mine\nstore-dir: /data/pnpm   # big disk\nregistry: ${MIRROR}\n`]],
      );
      assert.ok(!JSON.stringify(tp).includes(TOKEN), 'auth.ini credentials never enter the plan');
      assert.equal(tp.warnings[0]?.code, 'pnpm.own-config');

      const e = await TARGETS.pnpm.read({
        ...ctx,
        env: { ...ctx.env, pnpm_config_registry: 'https://pnpmenv.example/' },
      });
      assert.deepEqual(e.origin, { kind: 'env', name: 'PNPM_CONFIG_REGISTRY'.toLowerCase(), scope: 'process' });
      assert.ok(e.warnings.some((w) => w.code === 'warn.shadowed-by-env'));
    } finally {
      await cleanup();
    }
  });

  it('≤ 10: reads npm_config_registry > ~/.npmrc and writes ~/.npmrc, keeping tokens', async () => {
    const { ctx, root, cleanup } = await withPnpm(
      '10.34.9',
      { 'home/.npmrc': `//registry.npmjs.org/:_authToken=${TOKEN}\n` },
      { NPM_CONFIG_REGISTRY: 'https://npmenv.example/' },
    );
    try {
      const r = await TARGETS.pnpm.read(ctx);
      assert.deepEqual(r.origin, { kind: 'env', name: 'NPM_CONFIG_REGISTRY', scope: 'process' });
      const tp = await TARGETS.pnpm.plan(ctx, { target: 'pnpm', urls: [MIRROR] }, {});
      assert.deepEqual(
        writes(tp.changes).map((c) => [c.path, c.after]),
        [[path.join(root, 'home', '.npmrc'), `//registry.npmjs.org/:_authToken=${TOKEN}\nregistry=${MIRROR}\n`]],
      );
      assert.equal(tp.warnings[0]?.code, 'pnpm.uses-npmrc');
      assert.ok(
        tp.warnings.some((w) => w.code === 'warn.env-wins-posix'),
        'the exported variable still wins in this shell, and the plan says so',
      );
    } finally {
      await cleanup();
    }
  });

  it('≤ 10 planned together with npm: ~/.npmrc is written once, by npm; different mirrors are a conflict that changes nothing', async () => {
    const { ctx, root, cleanup } = await withPnpm('10.34.9', { 'home/.npmrc': '; mine\n' });
    try {
      const npmrc = path.join(root, 'home', '.npmrc');
      const plan = await makePlan(ctx, {
        selection: { kind: 'preset', preset: 'aliyun' },
        only: ['npm', 'pnpm'],
        installed: ['npm', 'pnpm'],
      });
      const npm = plan.targets.find((t) => t.target === 'npm');
      const pnpm = plan.targets.find((t) => t.target === 'pnpm');
      assert.deepEqual(
        writes(npm?.changes ?? []).map((c) => c.path),
        [npmrc],
      );
      assert.equal(pnpm?.status, 'change');
      assert.equal(pnpm?.changes.length, 0);
      assert.deepEqual(pnpm?.warnings.find((w) => w.code === 'warn.shared-change')?.params, {
        what: npmrc,
        target: 'npm',
      });
      const applied = await applyPlan(ctx, plan);
      assert.equal(applied.status, 'applied', JSON.stringify(applied));
      assert.equal(await fs.readFile(npmrc, 'utf8'), `; mine\nregistry=${MIRROR}\n`);

      const conflict = await makePlan(ctx, {
        selection: {
          kind: 'choices',
          label: 'mixed',
          choices: [
            { target: 'npm', urls: ['https://a.example/'] },
            { target: 'pnpm', urls: ['https://b.example/'] },
          ],
        },
        installed: ['npm', 'pnpm'],
      });
      const p2 = conflict.targets.find((t) => t.target === 'pnpm');
      assert.equal(p2?.status, 'error');
      assert.equal(p2?.reason?.code, 'error.shared-change-conflict');
      assert.equal(conflict.targets.find((t) => t.target === 'npm')?.status, 'change');
    } finally {
      await cleanup();
    }
  });

  it('takes the version from the package next to the bin link, without starting pnpm', async () => {
    const { ctx, root, cleanup } = await sandboxCtx({
      files: {
        'lib/node_modules/pnpm/package.json': '{ "name": "pnpm", "version": "10.2.0" }',
        'lib/node_modules/pnpm/bin/pnpm.cjs': '',
      },
    });
    try {
      const bin = path.join(root, 'bin');
      await fs.mkdir(bin);
      await fs.symlink(path.join(root, 'lib/node_modules/pnpm/bin/pnpm.cjs'), path.join(bin, 'pnpm'));
      await fs.chmod(path.join(root, 'lib/node_modules/pnpm/bin/pnpm.cjs'), 0o755);
      const c = { ...ctx, env: { ...ctx.env, PATH: bin } };
      assert.deepEqual(
        (await TARGETS.pnpm.detect(c)).version,
        '10.2.0',
        'the sandbox exec answers nothing: the version came from package.json',
      );
      const tp = await TARGETS.pnpm.plan(c, { target: 'pnpm', urls: [MIRROR] }, {});
      assert.equal(tp.warnings[0]?.code, 'pnpm.uses-npmrc');
    } finally {
      await cleanup();
    }
  });

  it("a malformed config.yaml is reported with its path and the parser's reason, left untouched; the other targets proceed", async () => {
    const bad = 'registry: https://a/\nregistry: https://b/\n';
    const { ctx, root, cleanup } = await withPnpm('12.26.0', { 'home/.config/pnpm/config.yaml': bad });
    try {
      const file = path.join(root, 'home', '.config', 'pnpm', 'config.yaml');
      await assert.rejects(
        TARGETS.pnpm.read(ctx),
        (e: { code?: string; params?: Record<string, unknown> }) =>
          e.code === 'error.malformed-config' &&
          e.params?.path === file &&
          /line 2, column 1: Map keys must be unique/.test(String(e.params.reason)),
      );
      const plan = await makePlan(ctx, {
        selection: { kind: 'preset', preset: 'aliyun' },
        only: ['npm', 'pnpm'],
        installed: ['npm', 'pnpm'],
      });
      assert.equal(plan.targets.find((t) => t.target === 'pnpm')?.status, 'error');
      assert.equal(plan.targets.find((t) => t.target === 'npm')?.status, 'change');
      await applyPlan(ctx, plan);
      assert.equal(await fs.readFile(file, 'utf8'), bad);
    } finally {
      await cleanup();
    }
  });

  it('apply then restore gives back config.yaml byte for byte (CRLF, BOM, no final newline)', async () => {
    const original = '\uFEFF# pnpm\r\nregistry: "https://registry.npmjs.org/"\r\nstrict-peer-dependencies: false';
    const { ctx, root, cleanup } = await withPnpm('11.0.0', { 'home/.config/pnpm/config.yaml': original });
    try {
      const file = path.join(root, 'home', '.config', 'pnpm', 'config.yaml');
      const plan = await makePlan(ctx, { selection: { kind: 'set', target: 'pnpm', mirror: 'npmmirror' } });
      const applied = await applyPlan(ctx, plan);
      assert.equal(applied.status, 'applied', JSON.stringify(applied));
      assert.equal(await fs.readFile(file, 'utf8'), original.replace('https://registry.npmjs.org/', MIRROR));
      await restoreApply(ctx);
      assert.equal(await fs.readFile(file, 'utf8'), original);
    } finally {
      await cleanup();
    }
  });
});
