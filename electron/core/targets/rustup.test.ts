import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { memoryEnvStore } from '../platform/env-store';
import type { Exec } from '../platform/exec';
import { readShellEnv } from '../platform/shell-env';

import { rustup } from './rustup';
import { applyFiles, envSh, sandboxCtx } from './test-context';

const TUNA = 'https://mirrors.tuna.tsinghua.edu.cn/rustup';

describe('rustup target', () => {
  it('Linux: env.sh gets RUSTUP_DIST_SERVER and the provider’s RUSTUP_UPDATE_ROOT; read finds them; official removes both', async () => {
    const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.bashrc': '# mine\n' } });
    try {
      const tp = await rustup.plan(ctx, { target: 'rustup', provider: 'tuna', urls: [TUNA] }, {});
      assert.equal(tp.status, 'change');
      assert.equal(tp.after, TUNA);
      assert.deepEqual(readShellEnv(envSh(tp.changes)!.after), {
        RUSTUP_DIST_SERVER: TUNA,
        RUSTUP_UPDATE_ROOT: `${TUNA}/rustup`,
      });
      assert.deepEqual(
        tp.warnings.map((w) => w.code),
        ['rustup.new-shells'],
      );
      await applyFiles(tp.changes);
      const r = await rustup.read(ctx);
      assert.equal(r.value, TUNA);
      assert.equal(r.match?.provider, 'tuna');
      assert.equal(r.origin.kind, 'file');
      assert.equal((await rustup.plan(ctx, { target: 'rustup', urls: [TUNA] }, {})).status, 'unchanged');

      const back = await rustup.plan(
        ctx,
        { target: 'rustup', provider: 'official', urls: ['https://static.rust-lang.org'] },
        {},
      );
      assert.equal(back.after, null);
      assert.deepEqual(readShellEnv(envSh(back.changes)!.after), {});
    } finally {
      await cleanup();
    }
  });

  it('a mirror the catalog does not know: RUSTUP_DIST_SERVER only, the update root left as it is, and the plan says so', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const tp = await rustup.plan(ctx, { target: 'rustup', urls: ['https://rust.corp.example/dist-mirror/'] }, {});
      assert.deepEqual(readShellEnv(envSh(tp.changes)!.after), {
        RUSTUP_DIST_SERVER: 'https://rust.corp.example/dist-mirror',
      });
      assert.ok(tp.warnings.some((w) => w.code === 'rustup.update-root-untouched'));
    } finally {
      await cleanup();
    }
  });

  it('a deprecated RUSTUP_DIST_ROOT is a layer: rustup uses it (without /dist) when no server is set, and official says so', async () => {
    const old = 'https://old.example/rust/dist';
    const { ctx, cleanup } = await sandboxCtx({ env: { RUSTUP_DIST_ROOT: old } });
    try {
      const r = await rustup.read(ctx);
      assert.equal(r.value, 'https://old.example/rust');
      assert.deepEqual(r.origin, { kind: 'env', name: 'RUSTUP_DIST_ROOT', scope: 'process' });
      assert.deepEqual(r.warnings, [{ code: 'rustup.dist-root', params: { value: old } }]);
      const back = await rustup.plan(ctx, { target: 'rustup', urls: ['https://static.rust-lang.org'] }, {});
      assert.equal(back.status, 'unchanged');
      assert.equal(back.before, 'https://old.example/rust');
      assert.ok(back.warnings.some((w) => w.code === 'rustup.dist-root'));
    } finally {
      await cleanup();
    }
  });

  it('Windows: user variables (both), machine with --env-scope machine; official removes them', async () => {
    const store = memoryEnvStore({ user: { RUSTUP_DIST_SERVER: 'https://rsproxy.cn' } });
    const { ctx, cleanup } = await sandboxCtx({
      platform: 'win32',
      envStore: store,
      env: { USERPROFILE: 'C:\\Users\\li' },
    });
    try {
      const tp = await rustup.plan(ctx, { target: 'rustup', provider: 'tuna', urls: [TUNA] }, {});
      assert.deepEqual(
        tp.changes.map((c) => c.kind === 'setEnv' && [c.name, c.scope, c.value, c.before]),
        [
          ['RUSTUP_DIST_SERVER', 'user', TUNA, 'https://rsproxy.cn'],
          ['RUSTUP_UPDATE_ROOT', 'user', `${TUNA}/rustup`, null],
        ],
      );
      const m = await rustup.plan(ctx, { target: 'rustup', urls: [TUNA] }, { envScope: 'machine' });
      assert.deepEqual(
        m.changes.map((c) => c.kind === 'setEnv' && [c.name, c.scope, c.value]),
        [
          ['RUSTUP_DIST_SERVER', 'machine', TUNA],
          ['RUSTUP_DIST_SERVER', 'user', null],
          ['RUSTUP_UPDATE_ROOT', 'machine', `${TUNA}/rustup`],
        ],
      );
      const off = await rustup.plan(ctx, { target: 'rustup', urls: ['https://static.rust-lang.org/'] }, {});
      assert.deepEqual(
        off.changes.map((c) => c.kind === 'setEnv' && [c.name, c.value]),
        [['RUSTUP_DIST_SERVER', null]],
      );
    } finally {
      await cleanup();
    }
  });

  it('verify reads the server from what `rustup check` asked for (a failed download counts: the request went there)', async () => {
    const logs: Record<string, string> = {
      [TUNA]: `DEBUG rustup::download: downloading file url=${TUNA}/dist/channel-rust-stable.toml.sha256\n`,
      off: `error: could not download file from 'https://static.rust-lang.org/dist/channel-rust-stable.toml.sha256' to '/tmp/x': timed out\n`,
    };
    let answer = logs[TUNA]!;
    const seen: Record<string, string | undefined>[] = [];
    const exec: Exec = (cmd, args, opts) => {
      if (cmd === '/bin/sh' && args.includes('check')) {
        seen.push(opts?.env ?? {});
        return Promise.resolve({ code: 1, stdout: '', stderr: answer });
      }
      return Promise.resolve({ code: null, stdout: '', stderr: '', failure: 'not-found' });
    };
    const { ctx: base, root, cleanup } = await sandboxCtx({ exec, files: { 'bin/rustup': '' } });
    try {
      await fs.chmod(path.join(root, 'bin/rustup'), 0o755);
      const ctx = { ...base, env: { ...base.env, PATH: path.join(root, 'bin') } };
      const ok = await rustup.verify(ctx, `${TUNA}/`);
      assert.equal(ok.ok, true, JSON.stringify(ok));
      assert.equal(ok.observed, TUNA);
      assert.equal(seen[0]?.RUSTUP_LOG, 'rustup::download=debug');
      assert.equal((await rustup.verify(ctx, null)).ok, false);
      answer = logs.off!;
      const official = await rustup.verify(ctx, null);
      assert.equal(official.ok, true);
      assert.equal(official.observed, 'https://static.rust-lang.org');
    } finally {
      await cleanup();
    }
  });
});
