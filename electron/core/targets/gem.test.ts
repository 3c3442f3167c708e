import assert from 'node:assert/strict';
import { chmod } from 'node:fs/promises';
import { test } from 'node:test';

import type { Change } from '../../../shared/types/core';
import { bundleSetMirror } from '../edit/bundle-config';
import { gemSetSources } from '../edit/gemrc';
import { MirrorKitError } from '../errors';

import { gem } from './gem';
import { sandboxCtx } from './test-context';

const M = 'https://mirrors.ustc.edu.cn/rubygems/';
const KEY = 'BUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/';

function written(
  changes: Change[],
  suffix: string,
): { path: string; before: string | null; after: string } | undefined {
  const c = changes.find((x) => x.kind === 'writeFile' && x.path.endsWith(suffix));
  return c?.kind === 'writeFile' ? { path: c.path, before: c.before, after: c.after ?? '' } : undefined;
}

test('gem: ~/.gemrc :sources: becomes the mirror alone, comments and other keys stay; Bundler gets the same mirror', async () => {
  const gemrc =
    '# my gem settings\n---\ngem: --no-document\n:sources:\n- https://rubygems.org/\n- https://gems.corp.example/\n:backtrace: false\n';
  const bundle = '---\nBUNDLE_JOBS: "4"\nBUNDLE_GEM__TEST: "minitest"\n';
  const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.gemrc': gemrc, 'home/.bundle/config': bundle } });
  try {
    const r = await gem.read(ctx);
    assert.equal(r.value, 'https://rubygems.org/');
    assert.deepEqual(r.origin, { kind: 'file', path: `${root}/home/.gemrc`, key: ':sources:' });
    const tp = await gem.plan(ctx, { target: 'gem', urls: [M] }, {});
    assert.equal(
      written(tp.changes, '.gemrc')?.after,
      `# my gem settings\n---\ngem: --no-document\n:sources:\n  - ${M}\n:backtrace: false\n`,
    );
    assert.equal(written(tp.changes, '.bundle/config')?.after, `${bundle}${KEY}: "${M}"\n`);
  } finally {
    await cleanup();
  }
});

test('gem: an existing Bundler mirror line is rewritten in place; the official source removes both settings', async () => {
  const bundle = `---\n${KEY}: "https://gems.ruby-china.com"\nBUNDLE_JOBS: "4"\n`;
  const gemrc = '---\n:sources:\n- https://gems.ruby-china.com/\n';
  const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.gemrc': gemrc, 'home/.bundle/config': bundle } });
  try {
    const r = await gem.read(ctx);
    assert.equal(r.match?.provider, 'ruby-china');
    const tp = await gem.plan(ctx, { target: 'gem', urls: [M] }, {});
    assert.equal(written(tp.changes, '.bundle/config')?.after, bundle.replace('https://gems.ruby-china.com', M));
    const back = await gem.plan(ctx, { target: 'gem', urls: ['https://rubygems.org/'] }, {});
    // An empty mapping, not an empty document: RubyGems warns about a .gemrc that is not a hash.
    assert.equal(written(back.changes, '.gemrc')?.after, '---\n{}\n');
    assert.equal(written(back.changes, '.bundle/config')?.after, '---\nBUNDLE_JOBS: "4"\n');
  } finally {
    await cleanup();
  }
});

test('gem: GEMRC and BUNDLE_USER_CONFIG move the files; new files are written as gem and bundle write them', async () => {
  const { ctx, root, cleanup } = await sandboxCtx();
  try {
    const c = { ...ctx, env: { ...ctx.env, GEMRC: `${root}/etc/gemrc`, BUNDLE_USER_CONFIG: `${root}/etc/bundle` } };
    const tp = await gem.plan(c, { target: 'gem', urls: [M] }, {});
    assert.deepEqual(written(tp.changes, 'etc/gemrc'), {
      path: `${root}/etc/gemrc`,
      before: null,
      after: `---\n:sources:\n  - ${M}\n`,
    });
    assert.deepEqual(written(tp.changes, 'etc/bundle'), {
      path: `${root}/etc/bundle`,
      before: null,
      after: `---\n${KEY}: "${M}"\n`,
    });
  } finally {
    await cleanup();
  }
});

test('gem: a malformed .gemrc or .bundle/config is reported with its path and the parser reason', async () => {
  for (const [rel, text, reason] of [
    ['home/.gemrc', ':sources: [https://gems.ruby-china.com/\n', /line \d+, column \d+/],
    ['home/.gemrc', ':sources: https://gems.ruby-china.com/\n', /must be a list/],
    ['home/.bundle/config', '---\nBUNDLE_JOBS "4"\n', /line 2/],
  ] as const) {
    const { ctx, cleanup } = await sandboxCtx({ files: { [rel]: text } });
    try {
      const isReported = (e: unknown) =>
        e instanceof MirrorKitError &&
        e.code === 'error.malformed-config' &&
        String(e.params.path).endsWith(rel.slice(5)) &&
        reason.test(String(e.params.reason));
      await assert.rejects(gem.read(ctx), isReported);
      await assert.rejects(gem.plan(ctx, { target: 'gem', urls: [M] }, {}), isReported);
    } finally {
      await cleanup();
    }
  }
});

test('gem on Windows: %USERPROFILE%\\.gemrc and %USERPROFILE%\\.bundle\\config, CRLF', async () => {
  const { ctx, cleanup } = await sandboxCtx({
    platform: 'win32',
    env: { USERPROFILE: 'C:\\Users\\u', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
  });
  try {
    const tp = await gem.plan(ctx, { target: 'gem', urls: [M] }, {});
    assert.deepEqual(
      tp.changes.map((c) => c.kind === 'writeFile' && c.path),
      ['C:\\Users\\u\\.gemrc', 'C:\\Users\\u\\.bundle\\config'],
    );
    assert.equal(written(tp.changes, '.gemrc')?.after, `---\r\n:sources:\r\n  - ${M}\r\n`);
  } finally {
    await cleanup();
  }
});

test('gem editors: edit then edit back gives the original bytes', () => {
  const gemrc = '# c\r\n---\r\n:sources:\r\n- https://rubygems.org/\r\n:verbose: true\r\n';
  const there = gemSetSources(gemrc, [M]);
  assert.notEqual(there, gemrc);
  assert.match(
    gemSetSources(there, ['https://rubygems.org/']),
    /^# c\r\n---\r\n:sources:\r\n {2}- https:\/\/rubygems\.org\/\r\n:verbose: true\r\n$/,
  );
  const bundle = '---\nBUNDLE_JOBS: "4"\n# keep\n';
  assert.equal(bundleSetMirror(bundleSetMirror(bundle, M), null), bundle);
});

test('gem verify: `gem sources --list` must list the mirror alone', async () => {
  let stdout = `*** CURRENT SOURCES ***\n\n${M}\n`;
  const { ctx, root, cleanup } = await sandboxCtx({
    files: { 'bin/gem': '#!/bin/sh\n' },
    exec: () => Promise.resolve({ code: 0, stdout, stderr: '' }),
  });
  try {
    await chmod(`${root}/bin/gem`, 0o755);
    const c = { ...ctx, env: { ...ctx.env, PATH: `${root}/bin` } };
    const ok = await gem.verify(c, M);
    assert.equal(ok.ok, true, JSON.stringify(ok));
    assert.deepEqual(ok.command.slice(1), ['sources', '--list']);
    stdout = `*** CURRENT SOURCES ***\n\n${M}\nhttps://rubygems.org/\n`;
    const two = await gem.verify(c, M);
    assert.equal(two.ok, false);
    assert.equal(two.observed, `${M} https://rubygems.org/`);
  } finally {
    await cleanup();
  }
});

test('gem verify: Bundler reporting another mirror (a layer of its own) fails verification, naming bundle', async () => {
  const bundleOut = `Settings for \`mirror.https://rubygems.org\` in order of priority. The top value will be used\nSet via BUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/: "https://gems.corp.example"\nSet for the current user (/h/.bundle/config): "${M}"\n`;
  const { ctx, root, cleanup } = await sandboxCtx({
    files: { 'bin/gem': '#!/bin/sh\n', 'bin/bundle': '#!/bin/sh\n' },
    exec: (cmd) =>
      Promise.resolve({
        code: 0,
        stdout: cmd.endsWith('bundle') ? bundleOut : `*** CURRENT SOURCES ***\n\n${M}\n`,
        stderr: '',
      }),
  });
  try {
    await chmod(`${root}/bin/gem`, 0o755);
    await chmod(`${root}/bin/bundle`, 0o755);
    const v = await gem.verify({ ...ctx, env: { ...ctx.env, PATH: `${root}/bin` } }, M);
    assert.equal(v.ok, false);
    assert.equal(v.observed, 'https://gems.corp.example');
    assert.deepEqual(v.command.slice(1), ['config', 'get', 'mirror.https://rubygems.org']);
  } finally {
    await cleanup();
  }
});
