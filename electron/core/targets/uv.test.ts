import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MirrorKitError } from '../errors';
import { memoryEnvStore } from '../platform/env-store';

import { sandboxCtx } from './test-context';
import { parseUvSettings, uv } from './uv';

const M = 'https://mirrors.aliyun.com/pypi/simple/';

test('uv: the user uv.toml, then UV_DEFAULT_INDEX over it; the plan edits only the default index', async () => {
  const { ctx, cleanup } = await sandboxCtx({
    env: { UV_DEFAULT_INDEX: 'https://pypi.corp.example/simple' },
    files: { 'home/.config/uv/uv.toml': '[[index]]\nurl = "https://pypi.org/simple"\ndefault = true\n' },
  });
  try {
    const r = await uv.read(ctx);
    assert.equal(r.value, 'https://pypi.corp.example/simple');
    assert.deepEqual(
      r.layers.map((l) => l.origin.kind),
      ['env', 'file'],
    );
    const tp = await uv.plan(ctx, { target: 'uv', urls: [M] }, {});
    const w = tp.changes[0];
    assert.equal(w?.kind === 'writeFile' && w.after, `[[index]]\nurl = "${M}"\ndefault = true\n`);
    assert.equal(tp.after, M);
    assert.ok(tp.warnings.some((x) => x.code === 'warn.env-wins-posix'));
  } finally {
    await cleanup();
  }
});

test('uv: a malformed uv.toml is reported with its path and left alone', async () => {
  const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.config/uv/uv.toml': '[[index]\nurl=' } });
  try {
    await assert.rejects(
      uv.plan(ctx, { target: 'uv', urls: [M] }, {}),
      (e: unknown) =>
        e instanceof MirrorKitError && e.code === 'error.malformed-config' && String(e.params.path).endsWith('uv.toml'),
    );
  } finally {
    await cleanup();
  }
});

test('uv on Windows: %APPDATA%\\uv\\uv.toml, and a saved UV_DEFAULT_INDEX is changed with the file', async () => {
  const store = memoryEnvStore();
  await store.set('UV_DEFAULT_INDEX', 'https://old.example/simple', 'user');
  const { ctx, cleanup } = await sandboxCtx({
    platform: 'win32',
    envStore: store,
    env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming', USERPROFILE: 'C:\\Users\\u' },
  });
  try {
    const tp = await uv.plan(ctx, { target: 'uv', urls: [M] }, {});
    const file = tp.changes.find((c) => c.kind === 'writeFile');
    assert.equal(file?.kind === 'writeFile' && file.path, 'C:\\Users\\u\\AppData\\Roaming\\uv\\uv.toml');
    assert.equal(file?.kind === 'writeFile' && file.after, `[[index]]\r\nurl = "${M}"\r\ndefault = true\r\n`);
    const env = tp.changes.find((c) => c.kind === 'setEnv');
    assert.deepEqual(env && env.kind === 'setEnv' && [env.name, env.scope, env.value], ['UV_DEFAULT_INDEX', 'user', M]);
  } finally {
    await cleanup();
  }
});

test('uv --show-settings: the index marked default, or none', () => {
  const out = `settings: PipSettings {\n index_locations: IndexLocations {\n indexes: [\n Index {\n name: Some("corp"),\n url: Url(VerbatimUrl { given: Some(\n "https://nexus.corp.example/simple",\n ),\n }),\n explicit: true,\n default: false,\n },\n Index {\n name: None,\n url: Url(VerbatimUrl { given: Some(\n "${M}",\n ),\n }),\n explicit: false,\n default: true,\n },\n ],`;
  assert.equal(parseUvSettings(out), M);
  assert.equal(parseUvSettings('indexes: [],'), undefined);
});
