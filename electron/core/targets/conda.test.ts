import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

import { createCore } from '../api';
import { MirrorKitError } from '../errors';
import type { Exec } from '../platform/exec';

import { conda, parseShowDefaultChannels } from './conda';
import { sandboxCtx } from './test-context';

const T = 'https://mirrors.tuna.tsinghua.edu.cn/anaconda/';
const MINICONDA_CONDARC = '# installed by Miniconda\nchannels:\n  - defaults\n';

/**
 * A stand-in for `conda` (not installable on this machine): it answers `--version` and `config --show
 * default_channels --json` the way conda 24 does, from the .condarc it is given — a fixture taken from conda's
 * documented output, named as such; the real tool is not run here.
 */
function fakeConda(
  condarc: string,
  fallback = ['https://repo.anaconda.com/pkgs/main', 'https://repo.anaconda.com/pkgs/r'],
): Exec {
  return async (_cmd, args) => {
    if (args[0] === '--version') return { code: 0, stdout: 'conda 24.11.3\n', stderr: '' };
    const text = await fs.readFile(condarc, 'utf8').catch(() => '');
    const listed = [...text.matchAll(/^\s+- (https?:\/\/\S+pkgs\/\S+)$/gm)].map((m) => m[1]);
    return {
      code: 0,
      stdout: JSON.stringify({ default_channels: listed.length > 0 ? listed : fallback }, null, 2),
      stderr: '',
    };
  };
}

test('conda: ~/.condarc gets the mirror form, conda reports it, restore is byte for byte', async () => {
  const { ctx, root, cleanup } = await sandboxCtx({
    files: { 'home/.condarc': MINICONDA_CONDARC, 'home/miniconda3/bin/conda': '' },
  });
  const file = path.join(root, 'home', '.condarc');
  try {
    const c = { ...ctx, exec: fakeConda(file) };
    assert.equal((await conda.detect(c)).version, '24.11.3');
    const core = createCore(c);
    const plan = await core.plan({ selection: { kind: 'set', target: 'conda', mirror: 'tuna' }, only: ['conda'] });
    const tp = plan.targets.find((t) => t.target === 'conda');
    assert.equal(tp?.after, T);
    const result = await core.apply(plan);
    assert.equal(result.status, 'applied', JSON.stringify(result));
    assert.equal(result.targets[0]?.verification?.ok, true, JSON.stringify(result.targets[0]));
    assert.match(await fs.readFile(file, 'utf8'), /^# installed by Miniconda\nchannels:\n {2}- defaults\n/);
    assert.equal((await conda.read(c)).value, T);
    await core.restore(result.id);
    assert.equal(await fs.readFile(file, 'utf8'), MINICONDA_CONDARC);
  } finally {
    await cleanup();
  }
});

test('conda: CONDARC moves the file; a malformed one is reported with its path and left alone', async () => {
  const { ctx, root, cleanup } = await sandboxCtx({ files: { 'etc/my.condarc': 'channels: [defaults\n' } });
  try {
    const c = { ...ctx, env: { ...ctx.env, CONDARC: path.join(root, 'etc', 'my.condarc') } };
    await assert.rejects(
      conda.plan(c, { target: 'conda', urls: [T] }, {}),
      (e: unknown) =>
        e instanceof MirrorKitError &&
        e.code === 'error.malformed-config' &&
        String(e.params.path).endsWith('my.condarc'),
    );
    assert.equal(await fs.readFile(path.join(root, 'etc', 'my.condarc'), 'utf8'), 'channels: [defaults\n');
  } finally {
    await cleanup();
  }
});

test('conda: the Aliyun preset leaves conda alone and says so', async () => {
  const { ctx, cleanup } = await sandboxCtx({ files: { 'home/miniconda3/bin/conda': '' } });
  try {
    const plan = await createCore({ ...ctx, exec: fakeConda('/nonexistent') }).plan({
      selection: { kind: 'preset', preset: 'aliyun' },
      only: ['conda'],
    });
    const tp = plan.targets.find((t) => t.target === 'conda');
    assert.equal(tp?.status, 'skipped');
    assert.equal(tp?.reason?.code, 'skip.no-mirror-in-preset');
  } finally {
    await cleanup();
  }
});

test('conda --show --json: the base of the first default channel', () => {
  assert.equal(parseShowDefaultChannels(`{"default_channels": ["${T}pkgs/main", "${T}pkgs/r"]}`), T);
  assert.equal(parseShowDefaultChannels('not json'), null);
});
