import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MirrorKitError } from '../errors';

import { pdm } from './pdm';
import { sandboxCtx } from './test-context';

const M = 'https://mirrors.aliyun.com/pypi/simple/';

test('pdm: [pypi] url in the home config.toml; other keys and comments stay; PDM_PYPI_URL wins', async () => {
  const text =
    '# pdm settings\n[python]\nuse_venv = true\n\n[pypi]\nverify_ssl = true\nurl = "https://pypi.org/simple"\n';
  const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.config/pdm/config.toml': text } });
  try {
    assert.equal((await pdm.read(ctx)).value, 'https://pypi.org/simple');
    const tp = await pdm.plan(ctx, { target: 'pdm', urls: [M] }, {});
    const w = tp.changes[0];
    assert.equal(w?.kind === 'writeFile' && w.after, text.replace('https://pypi.org/simple', M));
  } finally {
    await cleanup();
  }
  const shadowed = await sandboxCtx({ env: { PDM_PYPI_URL: 'https://pypi.corp.example/simple' } });
  try {
    const r = await pdm.read(shadowed.ctx);
    assert.deepEqual(r.origin, { kind: 'env', name: 'PDM_PYPI_URL', scope: 'process' });
  } finally {
    await shadowed.cleanup();
  }
});

test('pdm: PDM_CONFIG_FILE moves the file; a malformed one is reported with its path', async () => {
  const { ctx, root, cleanup } = await sandboxCtx({ files: { 'elsewhere/pdm.toml': '[pypi\nurl="x"' } });
  try {
    const c = { ...ctx, env: { ...ctx.env, PDM_CONFIG_FILE: `${root}/elsewhere/pdm.toml` } };
    await assert.rejects(
      pdm.read(c),
      (e: unknown) =>
        e instanceof MirrorKitError &&
        e.code === 'error.malformed-config' &&
        String(e.params.path).endsWith('elsewhere/pdm.toml'),
    );
  } finally {
    await cleanup();
  }
});

test('pdm on Windows: platformdirs puts it under %LOCALAPPDATA%\\pdm\\pdm', async () => {
  const { ctx, cleanup } = await sandboxCtx({
    platform: 'win32',
    env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local', USERPROFILE: 'C:\\Users\\u' },
  });
  try {
    const tp = await pdm.plan(ctx, { target: 'pdm', urls: [M] }, {});
    const w = tp.changes[0];
    assert.equal(w?.kind === 'writeFile' && w.path, 'C:\\Users\\u\\AppData\\Local\\pdm\\pdm\\config.toml');
    assert.equal(w?.kind === 'writeFile' && w.after, `[pypi]\r\nurl = "${M}"\r\n`);
  } finally {
    await cleanup();
  }
});
