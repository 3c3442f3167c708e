import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import type { Change } from '../../../shared/types/core';
import { restoreApply } from '../apply/restore';
import { applyPlan } from '../apply/transaction';
import type { Exec } from '../platform/exec';
import { makePlan } from '../plan/plan';

import { BUN_PROBE_PACKAGE, bunfigPath } from './bun';
import { TARGETS } from './index';
import { sandboxCtx } from './test-context';

const MIRROR = 'https://registry.npmmirror.com/';
const writes = (changes: Change[]) => changes.flatMap((c) => (c.kind === 'writeFile' ? [c] : []));

/** A sandbox with `bun` on PATH; `info` answers as bun does when the registry says 404 (or `infoOut`). */
async function withBun(files: Record<string, string> = {}, env: Record<string, string> = {}, infoOut?: string) {
  const exec: Exec = (_cmd, args) =>
    Promise.resolve(
      args[0] === '--version'
        ? { code: 0, stdout: '1.4.5\n', stderr: '' }
        : {
            code: 0,
            stdout: infoOut ?? `\n404 Not Found: https://registry.npmmirror.com/${BUN_PROBE_PACKAGE}\n`,
            stderr: '',
          },
    );
  const s = await sandboxCtx({ files: { ...files, 'bin/bun': '#!/bin/sh\n' }, exec, env });
  await fs.chmod(path.join(s.root, 'bin', 'bun'), 0o755);
  return { ...s, ctx: { ...s.ctx, env: { ...s.ctx.env, PATH: path.join(s.root, 'bin') } } };
}

describe('bun target', () => {
  it('global bunfig: $XDG_CONFIG_HOME/.bunfig.toml when set, else ~/.bunfig.toml', () => {
    assert.equal(bunfigPath({ platform: 'linux', env: { HOME: '/h' } }), '/h/.bunfig.toml');
    assert.equal(bunfigPath({ platform: 'linux', env: { HOME: '/h', XDG_CONFIG_HOME: '/x' } }), '/x/.bunfig.toml');
    assert.equal(
      bunfigPath({ platform: 'win32', env: { USERPROFILE: 'C:\\Users\\li' } }),
      'C:\\Users\\li\\.bunfig.toml',
    );
  });

  it('BUN_CONFIG_REGISTRY > NPM_CONFIG_REGISTRY > bunfig > ~/.npmrc; the plan edits [install] registry in place', async () => {
    const toml = '# bun\n[install]\n# where\nregistry = "https://registry.npmjs.org/" # default\nexact = true\n';
    const { ctx, root, cleanup } = await withBun(
      { 'home/.config/.bunfig.toml': toml, 'home/.npmrc': 'registry=https://npmrc.example/\n' },
      { npm_config_registry: 'https://npmenv.example/' },
    );
    try {
      const r = await TARGETS.bun.read(ctx);
      assert.deepEqual(
        r.layers.map((l) => [
          l.origin.kind === 'env' ? l.origin.name : path.basename(l.origin.kind === 'file' ? l.origin.path : ''),
          l.effective,
        ]),
        [
          ['npm_config_registry', true],
          ['.bunfig.toml', false],
          ['.npmrc', false],
        ],
      );
      const tp = await TARGETS.bun.plan(ctx, { target: 'bun', urls: ['https://registry.npmmirror.com'] }, {});
      assert.deepEqual(
        writes(tp.changes).map((c) => [path.relative(root, c.path), c.after]),
        [['home/.config/.bunfig.toml', toml.replace('"https://registry.npmjs.org/"', `"${MIRROR}"`)]],
      );
      assert.ok(tp.warnings.some((w) => w.code === 'warn.env-wins-posix'));
      const b = await TARGETS.bun.read({ ...ctx, env: { ...ctx.env, BUN_CONFIG_REGISTRY: 'https://bunenv.example/' } });
      assert.deepEqual(b.origin, { kind: 'env', name: 'BUN_CONFIG_REGISTRY', scope: 'process' });
    } finally {
      await cleanup();
    }
  });

  it('a registry table { url, token }: only url changes, the token stays and is never the value', async () => {
    const toml = '[install.registry]\nurl = "https://corp.example/npm/"\ntoken = "s3cr3t-token-value"\n';
    const { ctx, cleanup } = await withBun({ 'home/.config/.bunfig.toml': toml });
    try {
      assert.equal((await TARGETS.bun.read(ctx)).value, 'https://corp.example/npm/');
      const tp = await TARGETS.bun.plan(ctx, { target: 'bun', urls: [MIRROR] }, {});
      assert.equal(writes(tp.changes)[0]?.after, toml.replace('https://corp.example/npm/', MIRROR));
    } finally {
      await cleanup();
    }
  });

  it('a malformed bunfig is reported with its path and reason, left untouched; the other targets proceed', async () => {
    const bad = '[install]\nregistry = "https://a/\n';
    const { ctx, root, cleanup } = await withBun({ 'home/.config/.bunfig.toml': bad });
    try {
      const file = path.join(root, 'home/.config/.bunfig.toml');
      await assert.rejects(
        TARGETS.bun.read(ctx),
        (e: { code?: string; params?: Record<string, unknown> }) =>
          e.code === 'error.malformed-config' && e.params?.path === file && /^line 2/.test(String(e.params.reason)),
      );
      const plan = await makePlan(ctx, {
        selection: { kind: 'preset', preset: 'aliyun' },
        only: ['npm', 'bun'],
        installed: ['npm', 'bun'],
      });
      assert.equal(plan.targets.find((t) => t.target === 'bun')?.status, 'error');
      assert.equal(plan.targets.find((t) => t.target === 'npm')?.status, 'change');
      await applyPlan(ctx, plan);
      assert.equal(await fs.readFile(file, 'utf8'), bad);
    } finally {
      await cleanup();
    }
  });

  it("apply, verify from the registry's 404, restore byte for byte", async () => {
    const original = '\uFEFF# mine\r\n[run]\r\nbun = true\r\n';
    const { ctx, root, cleanup } = await withBun({ 'home/.config/.bunfig.toml': original });
    try {
      const file = path.join(root, 'home/.config/.bunfig.toml');
      const plan = await makePlan(ctx, { selection: { kind: 'set', target: 'bun', mirror: 'npmmirror' } });
      assert.equal((await applyPlan(ctx, plan)).status, 'applied');
      assert.equal(await fs.readFile(file, 'utf8'), `${original}\r\n[install]\r\nregistry = "${MIRROR}"\r\n`);
      const v = await TARGETS.bun.verify(ctx, MIRROR);
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.equal(v.observed, MIRROR);
      await restoreApply(ctx);
      assert.equal(await fs.readFile(file, 'utf8'), original);
    } finally {
      await cleanup();
    }
  });

  it('verify says so when bun cannot reach the registry (no URL to observe)', async () => {
    const { ctx, cleanup } = await withBun({}, {}, 'ConnectionRefused: view request failed to send\n');
    try {
      const v = await TARGETS.bun.verify(ctx, MIRROR);
      assert.equal(v.ok, false);
      assert.equal(v.message?.code, 'bun.verify-unreachable');
      assert.match(String(v.message?.params?.reason), /ConnectionRefused/);
    } finally {
      await cleanup();
    }
  });
});
