import assert from 'node:assert/strict';
import { chmod } from 'node:fs/promises';
import { test } from 'node:test';

import { MirrorKitError } from '../errors';

import { composer } from './composer';
import { sandboxCtx } from './test-context';

const M = 'https://mirrors.aliyun.com/composer/';

test('composer: repositories.packagist in $XDG_CONFIG_HOME/composer/config.json; every other key stays', async () => {
  const text =
    '{\n    "config": {\n        "process-timeout": 600\n    },\n    "repositories": {\n        "corp": {"type": "vcs", "url": "https://git.corp.example/x.git"}\n    }\n}\n';
  const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.config/composer/config.json': text } });
  try {
    const before = await composer.read(ctx);
    assert.equal(before.value, null);
    assert.deepEqual(before.origin, { kind: 'default' });
    const tp = await composer.plan(ctx, { target: 'composer', urls: [M] }, {});
    const w = tp.changes[0];
    assert.equal(w?.kind === 'writeFile' && w.path, `${root}/home/.config/composer/config.json`);
    const after = w?.kind === 'writeFile' ? (w.after ?? '') : '';
    assert.ok(
      after.startsWith(
        '{\n    "config": {\n        "process-timeout": 600\n    },\n    "repositories": {\n        "corp": {"type": "vcs", "url": "https://git.corp.example/x.git"},',
      ),
      after,
    );
    assert.deepEqual(JSON.parse(after), {
      config: { 'process-timeout': 600 },
      repositories: {
        corp: { type: 'vcs', url: 'https://git.corp.example/x.git' },
        packagist: { type: 'composer', url: M },
      },
    });
  } finally {
    await cleanup();
  }
});

test('composer: reads "packagist.org" (the name Composer also accepts) and rewrites that key, not a second one', async () => {
  const text =
    '{"repositories": {"packagist.org": {"type": "composer", "url": "https://mirrors.tencent.com/composer/"}}}\n';
  const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.config/composer/config.json': text } });
  try {
    const r = await composer.read(ctx);
    assert.equal(r.value, 'https://mirrors.tencent.com/composer/');
    assert.deepEqual(r.origin, {
      kind: 'file',
      path: `${root}/home/.config/composer/config.json`,
      key: 'repositories.packagist.org',
    });
    assert.equal(r.match?.provider, 'tencent');
    const w = (await composer.plan(ctx, { target: 'composer', urls: [M] }, {})).changes[0];
    assert.equal(w?.kind === 'writeFile' && w.after, text.replace('https://mirrors.tencent.com/composer/', M));
  } finally {
    await cleanup();
  }
});

test('composer: without XDG the home is ~/.composer; COMPOSER_HOME moves it', async () => {
  const { ctx, root, cleanup } = await sandboxCtx();
  try {
    const env = Object.fromEntries(Object.entries(ctx.env).filter(([k]) => !k.startsWith('XDG_')));
    const w = (await composer.plan({ ...ctx, env }, { target: 'composer', urls: [M] }, {})).changes[0];
    assert.equal(w?.kind === 'writeFile' && w.path, `${root}/home/.composer/config.json`);
    assert.equal(w?.kind === 'writeFile' && w.before, null);
    assert.equal(
      w?.kind === 'writeFile' && w.after,
      `{\n  "repositories": {\n    "packagist": {\n      "type": "composer",\n      "url": "${M}"\n    }\n  }\n}\n`,
    );
    const moved = (
      await composer.plan(
        { ...ctx, env: { ...ctx.env, COMPOSER_HOME: `${root}/ch` } },
        { target: 'composer', urls: [M] },
        {},
      )
    ).changes[0];
    assert.equal(moved?.kind === 'writeFile' && moved.path, `${root}/ch/config.json`);
  } finally {
    await cleanup();
  }
});

test('composer: a malformed config.json, or a list of repositories, is reported with its path and the reason', async () => {
  for (const [text, reason] of [
    ['{"config": {},}\n', /trailing comma/],
    ['{"repositories": [{"type": "composer", "url": "https://x.example/"}]}\n', /is a list/],
  ] as const) {
    const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.config/composer/config.json': text } });
    try {
      const isReported = (e: unknown) =>
        e instanceof MirrorKitError &&
        e.code === 'error.malformed-config' &&
        String(e.params.path).endsWith('.config/composer/config.json') &&
        reason.test(String(e.params.reason));
      await assert.rejects(composer.read(ctx), isReported);
      await assert.rejects(composer.plan(ctx, { target: 'composer', urls: [M] }, {}), isReported);
    } finally {
      await cleanup();
    }
  }
});

test('composer on Windows: %APPDATA%\\Composer\\config.json, CRLF', async () => {
  const { ctx, cleanup } = await sandboxCtx({
    platform: 'win32',
    env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming', USERPROFILE: 'C:\\Users\\u' },
  });
  try {
    const w = (await composer.plan(ctx, { target: 'composer', urls: [M] }, {})).changes[0];
    assert.equal(w?.kind === 'writeFile' && w.path, 'C:\\Users\\u\\AppData\\Roaming\\Composer\\config.json');
    assert.match(w?.kind === 'writeFile' ? (w.after ?? '') : '', /^\{\r\n {2}"repositories": \{\r\n/);
  } finally {
    await cleanup();
  }
});

test('composer verify: parses `composer config -g repositories` and compares the packagist URL', async () => {
  const { ctx, root, cleanup } = await sandboxCtx({
    files: { 'bin/composer': '#!/bin/sh\n' },
    exec: (_cmd, args) =>
      Promise.resolve({
        code: 0,
        stdout: args.includes('repositories') ? `{"packagist.org":{"type":"composer","url":"${M}"}}\n` : '',
        stderr: '',
      }),
  });
  try {
    await chmod(`${root}/bin/composer`, 0o755);
    const c = { ...ctx, env: { ...ctx.env, PATH: `${root}/bin` } };
    const ok = await composer.verify(c, M);
    assert.equal(ok.ok, true, JSON.stringify(ok));
    assert.deepEqual(ok.command.slice(1), ['config', '--global', '--no-interaction', 'repositories']);
    const other = await composer.verify(c, 'https://mirrors.tencent.com/composer/');
    assert.equal(other.ok, false);
    assert.equal(other.observed, M);
  } finally {
    await cleanup();
  }
});
