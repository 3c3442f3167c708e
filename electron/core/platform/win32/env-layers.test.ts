import assert from 'node:assert/strict';
import { test } from 'node:test';

import { memoryEnvStore } from '../env-store';

import { envPrecedence, scopeWarnings } from './env-layers';

test('user beats machine; both reported, conflict warned', async () => {
  const envStore = memoryEnvStore({
    user: { GOPROXY: 'https://goproxy.cn,direct' },
    machine: { GOPROXY: 'https://proxy.golang.org,direct' },
  });
  const p = await envPrecedence({ env: { GoProxy: 'https://goproxy.cn,direct' }, envStore }, 'GOPROXY');
  assert.deepEqual(p.persistent, { value: 'https://goproxy.cn,direct', scope: 'user' });
  assert.deepEqual(
    p.layers.map((l) => [l.origin.kind === 'env' ? l.origin.scope : '', l.effective]),
    [
      ['user', true],
      ['machine', false],
    ],
  );
  assert.deepEqual(
    p.warnings.map((w) => w.code),
    ['windows.env-user-shadows-machine'],
  );
  assert.deepEqual(
    scopeWarnings(p, 'machine').map((w) => w.code),
    ['windows.env-machine-shadowed'],
  );
  assert.deepEqual(scopeWarnings(p, 'user'), []);
});

test('machine only is effective; a stale terminal value is reported below it', async () => {
  const envStore = memoryEnvStore({ machine: { PIP_INDEX_URL: 'https://mirrors.aliyun.com/pypi/simple/' } });
  const p = await envPrecedence(
    { env: { PIP_INDEX_URL: 'https://pypi.tuna.tsinghua.edu.cn/simple' }, envStore },
    'PIP_INDEX_URL',
  );
  assert.equal(p.persistent?.scope, 'machine');
  assert.deepEqual(
    p.layers.map((l) => [l.origin.kind === 'env' ? l.origin.scope : '', l.effective]),
    [
      ['machine', true],
      ['process', false],
    ],
  );
  assert.deepEqual(
    p.warnings.map((w) => w.code),
    ['windows.env-session-stale'],
  );
});

test('only the process has it (set in this shell): it is what tools started now see', async () => {
  const p = await envPrecedence(
    { env: { NPM_CONFIG_REGISTRY: 'https://registry.npmmirror.com' }, envStore: memoryEnvStore() },
    'npm_config_registry',
  );
  assert.equal(p.persistent, null);
  assert.equal(p.layers.length, 1);
  assert.equal(p.layers[0]?.effective, true);
  assert.deepEqual(p.warnings, []);
});
