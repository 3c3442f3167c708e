// Oracle: PDM itself must report the pypi.url MirrorKit wrote, and restore must give the file back byte for byte.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import type { ApplyResult } from '../../shared/types/core';
import { ORACLE_BIN_DIRS, oracleBin, skipUnless } from '../helpers/oracles';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Env, type Sandbox } from '../helpers/sandbox';

const M = 'https://mirrors.aliyun.com/pypi/simple/';
const configToml = (sb: Sandbox): string => path.join(sb.xdgConfig, 'pdm', 'config.toml');

describe('pdm oracle', { skip: skipUnless('pdm') }, () => {
  const sandboxes: Sandbox[] = [];
  after(() => {
    for (const sb of sandboxes) sb.cleanup();
  });
  const sandbox = (): { sb: Sandbox; env: Env } => {
    const sb = createSandbox('mk-pdm-');
    sandboxes.push(sb);
    return { sb, env: { PATH: [...ORACLE_BIN_DIRS, sb.env.PATH].join(path.delimiter), PDM_CHECK_UPDATE: 'false' } };
  };

  test('mirrorkit set pdm: `pdm config pypi.url` reports it; restore is byte for byte', async () => {
    const { sb, env } = sandbox();
    const original = seed(configToml(sb), '# mine\n[python]\nuse_venv = true\n');
    const set = await runCli(sb, ['set', 'pdm', 'aliyun', '--yes', '--json'], env);
    assert.equal(set.code, 0, describeRun(set));
    assert.equal(
      (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0]?.verification?.ok,
      true,
      set.stdout,
    );
    const got = await run(oracleBin('pdm')!, ['config', 'pypi.url'], { env: { ...sb.env, ...env }, cwd: sb.home });
    assert.equal(got.stdout.trim().replace(/\/+$/, ''), M.replace(/\/+$/, ''), describeRun(got));
    const restore = await runCli(sb, ['restore', '--yes'], env);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(configToml(sb)), original);
  });

  test('PDM_PYPI_URL in the shell: applied, not in effect (exit 4)', async () => {
    const { sb, env } = sandbox();
    const r = await runCli(sb, ['set', 'pdm', 'aliyun', '--yes', '--json'], {
      ...env,
      PDM_PYPI_URL: 'https://pypi.corp.example/simple',
    });
    assert.equal(r.code, 4, describeRun(r));
    const t = (JSON.parse(r.stdout) as { result: ApplyResult }).result.targets[0];
    assert.equal(t?.verification?.observed, 'https://pypi.corp.example/simple');
    assert.equal(t?.verification?.notInEffect?.origin.kind, 'env');
  });
});
