import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import { loadCatalog } from '../../../shared/catalog';
import type { Change } from '../../../shared/types/core';
import { makePlan } from '../plan/plan';
import { memoryEnvStore } from '../platform/env-store';
import { readShellEnv, SOURCE_MARK } from '../platform/shell-env';

import { BINARY_VARS, electron } from './electron';
import { applyFiles, sandboxCtx, written } from './test-context';

const NPMMIRROR = 'https://cdn.npmmirror.com/binaries/electron/';
const OFFICIAL = 'https://github.com/electron/electron/releases/download/';
const HF = 'https://hf-mirror.com';
const npmmirrorEntry = loadCatalog().match('electron', NPMMIRROR)!;
/** What npmmirror's entry says each variable is (binary-mirror-config's list), ELECTRON_MIRROR first. */
const npmmirrorVars: Record<string, string> = {
  ELECTRON_MIRROR: NPMMIRROR,
  ...npmmirrorEntry.env,
};

/** Undo file changes as restore does: the bytes from before, or no file where there was none. */
async function undoFiles(changes: Change[]): Promise<void> {
  for (const c of written(changes)) {
    if (c.before === null) await fs.rm(c.path, { force: true });
    else await fs.writeFile(c.path, c.before);
  }
}

describe('electron target', () => {
  it('the catalog gives npmmirror the binary mirrors of binary-mirror-config, none of the node target, all canonical', () => {
    const names = BINARY_VARS;
    for (const n of ['ELECTRON_BUILDER_BINARIES_MIRROR', 'SASS_BINARY_SITE', 'PUPPETEER_DOWNLOAD_BASE_URL'])
      assert.ok(names.includes(n), n);
    for (const n of ['NODEJS_ORG_MIRROR', 'NVM_NODEJS_ORG_MIRROR', 'FNM_NODE_DIST_MIRROR', 'ELECTRON_MIRROR'])
      assert.ok(!names.includes(n), n);
    assert.equal(npmmirrorVars.SASS_BINARY_SITE, 'https://cdn.npmmirror.com/binaries/node-sass');
    // Each value is one the elevated helper accepts too (machine scope).
    for (const [n, v] of Object.entries(npmmirrorVars)) assert.equal(electron.machineEnv[n]?.(v), true, `${n}=${v}`);
  });

  it('Linux: ELECTRON_MIRROR (with its /) and every npmmirror binary mirror in env.sh and env.fish; official removes them all; undone byte for byte', async () => {
    const bashrc = '# ~/.bashrc\nalias ll="ls -l"\n';
    const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.bashrc': bashrc } });
    try {
      // Without its slash, as a user may type it: written with it (@electron/get appends `v<version>/` as is).
      const choice = { target: 'electron' as const, provider: 'npmmirror', urls: [NPMMIRROR.slice(0, -1)] };
      const tp = await electron.plan(ctx, choice, {});
      assert.equal(tp.after, NPMMIRROR);
      const byPath = Object.fromEntries(written(tp.changes).map((c) => [path.relative(root, c.path), c]));
      assert.deepEqual(Object.keys(byPath).sort(), [
        'home/.bashrc',
        'home/.config/mirrorkit/env.fish',
        'home/.config/mirrorkit/env.sh',
        'home/.profile',
      ]);
      assert.deepEqual(readShellEnv(byPath['home/.config/mirrorkit/env.sh']!.after), npmmirrorVars);
      assert.match(
        byPath['home/.config/mirrorkit/env.fish']!.after,
        /^set -gx SASS_BINARY_SITE 'https:\/\/cdn\.npmmirror\.com\/binaries\/node-sass'$/m,
      );
      assert.ok(byPath['home/.bashrc']!.after.endsWith(`${SOURCE_MARK}\n`));
      // Before → after of each variable, as lines of the plan (the file change alone would only say "env.sh").
      const lines = (p: typeof tp) => p.warnings.filter((w) => w.code.startsWith('electron.var-'));
      assert.deepEqual(
        lines(tp),
        Object.entries(npmmirrorVars).map(([name, value]) => ({ code: 'electron.var-add', params: { name, value } })),
      );
      await applyFiles(tp.changes);

      const r = await electron.read(ctx);
      assert.equal(r.value, NPMMIRROR);
      assert.equal(r.match?.provider, 'npmmirror');
      assert.equal((await electron.plan(ctx, choice, {})).status, 'unchanged');

      const back = await electron.plan(ctx, { target: 'electron', provider: 'official', urls: [OFFICIAL] }, {});
      assert.equal(back.after, null);
      const sh = written(back.changes).find((c) => c.path.endsWith('env.sh'))!;
      assert.deepEqual(readShellEnv(sh.after), {});
      assert.deepEqual(
        lines(back),
        Object.entries(npmmirrorVars).map(([name, before]) => ({
          code: 'electron.var-remove',
          params: { name, before },
        })),
      );

      await undoFiles(tp.changes);
      assert.equal(await fs.readFile(path.join(root, 'home/.bashrc'), 'utf8'), bashrc);
      for (const f of ['home/.profile', 'home/.config/mirrorkit/env.sh', 'home/.config/mirrorkit/env.fish'])
        await assert.rejects(fs.access(path.join(root, f)), f);
    } finally {
      await cleanup();
    }
  });

  it('a mirror the catalog does not know: ELECTRON_MIRROR only, and the plan says the others are left alone', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const tp = await electron.plan(ctx, { target: 'electron', urls: ['https://mirror.corp.example/electron'] }, {});
      const sh = written(tp.changes).find((c) => c.path.endsWith('env.sh'))!;
      assert.deepEqual(readShellEnv(sh.after), { ELECTRON_MIRROR: 'https://mirror.corp.example/electron/' });
      assert.ok(tp.warnings.some((w) => w.code === 'electron.custom-only'));
    } finally {
      await cleanup();
    }
  });

  it('Windows: one user variable per binary mirror, before → after; official removes every one of them', async () => {
    const store = memoryEnvStore({ user: { SASS_BINARY_SITE: 'https://old.example/sass' } });
    const { ctx, cleanup } = await sandboxCtx({
      platform: 'win32',
      envStore: store,
      env: { USERPROFILE: 'C:\\Users\\li' },
    });
    try {
      const tp = await electron.plan(ctx, { target: 'electron', provider: 'npmmirror', urls: [NPMMIRROR] }, {});
      const sets = tp.changes.flatMap((c) => (c.kind === 'setEnv' ? [c] : []));
      assert.equal(sets.length, Object.keys(npmmirrorVars).length);
      assert.ok(sets.every((c) => c.scope === 'user' && !c.admin && c.value === npmmirrorVars[c.name]));
      const sass = sets.find((c) => c.name === 'SASS_BINARY_SITE')!;
      assert.deepEqual(
        [sass.before, sass.value],
        ['https://old.example/sass', 'https://cdn.npmmirror.com/binaries/node-sass'],
      );
      assert.ok(
        tp.warnings.some(
          (w) =>
            w.code === 'electron.var-change' &&
            w.params?.name === 'SASS_BINARY_SITE' &&
            w.params.before === 'https://old.example/sass',
        ),
      );
      for (const c of sets) await store.set(c.name, c.value, 'user');

      const back = await electron.plan(ctx, { target: 'electron', provider: 'official', urls: [OFFICIAL] }, {});
      const removed = back.changes.flatMap((c) => (c.kind === 'setEnv' ? [c] : []));
      assert.deepEqual(removed.map((c) => c.name).sort(), Object.keys(npmmirrorVars).sort());
      assert.ok(removed.every((c) => c.value === null && c.before === npmmirrorVars[c.name]));

      const machine = await electron.plan(ctx, { target: 'electron', urls: [NPMMIRROR] }, { envScope: 'machine' });
      assert.ok(machine.changes.some((c) => c.kind === 'setEnv' && c.scope === 'machine' && c.admin));
    } finally {
      await cleanup();
    }
  });

  it('an electron_mirror line in ~/.npmrc wins over ELECTRON_MIRROR under npm install: read and plan say so', async () => {
    const npmrcValue = 'https://npmmirror.com/mirrors/electron/';
    const { ctx, root, cleanup } = await sandboxCtx({
      files: { 'home/.npmrc': `registry=https://registry.npmjs.org/\nelectron_mirror=${npmrcValue}\n` },
      env: { ELECTRON_MIRROR: OFFICIAL },
    });
    try {
      const npmrc = path.join(root, 'home/.npmrc');
      const r = await electron.read(ctx);
      assert.equal(r.value, npmrcValue);
      assert.deepEqual(r.origin, { kind: 'file', path: npmrc, key: 'electron_mirror' });
      assert.deepEqual(
        r.layers.map((l) => [l.origin.kind, l.effective]),
        [
          ['file', true],
          ['env', false],
        ],
      );
      const why = r.warnings.find((w) => w.code === 'electron.npm-layer-wins');
      assert.deepEqual(why?.params, { where: npmrc, value: npmrcValue });

      const tp = await electron.plan(ctx, { target: 'electron', provider: 'npmmirror', urls: [NPMMIRROR] }, {});
      assert.ok(tp.warnings.some((w) => w.code === 'electron.npm-layer-wins'));
      // The line is the user's: MirrorKit reports it and does not rewrite it.
      assert.ok(!written(tp.changes).some((c) => c.path === npmrc));
      // Planning the mirror the line already names: nothing to explain.
      const same = await electron.plan(ctx, { target: 'electron', urls: [npmrcValue] }, {});
      assert.ok(!same.warnings.some((w) => w.code === 'electron.npm-layer-wins'));
    } finally {
      await cleanup();
    }
  });

  it("under npm run, npm's copy of the .npmrc key is no variable of the user's; a user's own npm_config_electron_mirror is, and beats the file", async () => {
    const npmrcValue = 'https://npmmirror.com/mirrors/electron/';
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-electron-home-'));
    const npmrc = path.join(home, '.npmrc');
    await fs.writeFile(npmrc, `electron_mirror=${npmrcValue}\n`);
    // What `npm run` puts in a script's environment: its own path, the user config, the key's copy.
    const runner = {
      HOME: home,
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      npm_config_userconfig: npmrc,
    };
    const copy = await sandboxCtx({ env: { ...runner, npm_config_electron_mirror: npmrcValue } });
    const own = await sandboxCtx({ env: { ...runner, npm_config_electron_mirror: NPMMIRROR } });
    try {
      assert.ok(copy.ctx.runnerCopies.includes('npm_config_electron_mirror'));
      const r = await electron.read(copy.ctx);
      assert.deepEqual(
        r.layers.map((l) => l.origin),
        [{ kind: 'file', path: npmrc, key: 'electron_mirror' }],
      );

      const mine = await electron.read(own.ctx);
      assert.equal(mine.value, NPMMIRROR);
      assert.deepEqual(
        mine.layers.map((l) => [l.origin.kind === 'env' ? l.origin.name : l.origin.kind, l.value]),
        [
          ['npm_config_electron_mirror', NPMMIRROR],
          ['file', npmrcValue],
        ],
      );
    } finally {
      await copy.cleanup();
      await own.cleanup();
      await fs.rm(home, { recursive: true, force: true });
    }
  });

  it('one apply with huggingface: both variables end in one env.sh', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const plan = await makePlan(ctx, {
        selection: {
          kind: 'choices',
          label: 'test',
          choices: [
            { target: 'huggingface', provider: 'hf-mirror', urls: [HF] },
            { target: 'electron', provider: 'npmmirror', urls: [NPMMIRROR] },
          ],
        },
        installed: ['huggingface', 'electron'],
      });
      const envSh = plan.targets
        .flatMap((t) => written(t.changes))
        .filter((c) => c.path.endsWith(path.join('mirrorkit', 'env.sh')));
      assert.equal(envSh.length, 1, 'env.sh is written once');
      assert.deepEqual(readShellEnv(envSh[0]!.after), { HF_ENDPOINT: HF, ...npmmirrorVars });
    } finally {
      await cleanup();
    }
  });

  it('detect: installed once @electron/get has a download cache, or electron is installed globally', async () => {
    const none = await sandboxCtx();
    const cache = await sandboxCtx({ files: { 'home/.cache/electron/SHASUMS256.txt-45.6.1': '' } });
    const global = await sandboxCtx({
      files: {
        'prefix/lib/node_modules/electron/package.json': '{"name":"electron","version":"45.6.1"}',
        'prefix/lib/node_modules/electron/node_modules/@electron/get/package.json': '{"version":"5.1.0"}',
      },
    });
    try {
      assert.equal((await electron.detect(none.ctx)).installed, false);
      assert.equal((await electron.detect(cache.ctx)).installed, true);
      const g = { ...global.ctx, env: { ...global.ctx.env, NPM_CONFIG_PREFIX: path.join(global.root, 'prefix') } };
      assert.deepEqual(await electron.detect(g), {
        target: 'electron',
        supported: true,
        installed: true,
        version: '45.6.1',
      });
    } finally {
      for (const s of [none, cache, global]) await s.cleanup();
    }
  });

  it('a malformed value is explained: an Electron mirror without its trailing slash', async () => {
    const { ctx, cleanup } = await sandboxCtx({
      env: { ELECTRON_MIRROR: 'https://cdn.npmmirror.com/binaries/electron' },
    });
    try {
      const r = await electron.read(ctx);
      assert.ok(r.warnings.some((w) => w.code === 'electron.no-slash'));
    } finally {
      await cleanup();
    }
  });
});
