// Oracle: uv itself must take the default index MirrorKit wrote into uv.toml, and resolve through it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { ApplyResult } from '../../shared/types/core';
import { PYPI_NAME, startPypiIndex, type PypiIndex } from '../fixtures/pypi-index';
import { ORACLE_BIN_DIRS, oracleBin, skipUnless } from '../helpers/oracles';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Env, type Sandbox } from '../helpers/sandbox';

const skip = skipUnless('uv');
const uvToml = (sb: Sandbox): string => path.join(sb.xdgConfig, 'uv', 'uv.toml');
const withUv = (sb: Sandbox): Env => ({ PATH: [...ORACLE_BIN_DIRS, sb.env.PATH].join(path.delimiter) });

describe('uv oracle', { skip }, () => {
  let index: PypiIndex;
  const sandboxes: Sandbox[] = [];
  const sandbox = (): Sandbox => {
    const sb = createSandbox('mk-uv-');
    sandboxes.push(sb);
    return sb;
  };
  before(async () => {
    index = await startPypiIndex();
  });
  after(async () => {
    await index.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('mirrorkit set uv: uv reports the index and resolves through it; restore is byte for byte', async () => {
    const sb = sandbox();
    const original = seed(
      uvToml(sb),
      '# my settings\nsystem-certs = true\n\n# only for the packages pinned to it\n[[index]]\nname = "corp"\nurl = "https://nexus.corp.example/simple"\nexplicit = true\n',
    );
    const env = withUv(sb);
    const set = await runCli(sb, ['set', 'uv', index.indexUrl, '--yes', '--json'], env);
    assert.equal(set.code, 0, describeRun(set));
    const result = (JSON.parse(set.stdout) as { result: ApplyResult }).result;
    assert.equal(result.targets[0]?.verification?.ok, true, set.stdout);

    // uv resolves the fixture package from the loopback index (a dry run: nothing is installed).
    const before = index.server.served().length;
    const r = await run(
      oracleBin('uv')!,
      ['pip', 'install', '--dry-run', '--system', '--python', 'python3', '--index-strategy', 'first-index', PYPI_NAME],
      { env: { ...sb.env, ...env }, cwd: sb.home },
    );
    assert.ok(
      index.server.requests.slice(before).some((p) => p.includes(PYPI_NAME)),
      `${describeRun(r)}\nindex log: ${index.server.requests.join(', ')}`,
    );

    const restore = await runCli(sb, ['restore', '--yes'], env);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(uvToml(sb)), original);
  });

  test('UV_DEFAULT_INDEX in the shell wins: applied, not in effect, exit 4', async () => {
    const sb = sandbox();
    const r = await runCli(sb, ['set', 'uv', index.indexUrl, '--yes', '--json'], {
      ...withUv(sb),
      UV_DEFAULT_INDEX: 'https://pypi.corp.example/simple',
    });
    assert.equal(r.code, 4, describeRun(r));
    const t = (JSON.parse(r.stdout) as { result: ApplyResult }).result.targets[0];
    assert.deepEqual(t?.verification?.notInEffect?.origin, { kind: 'env', name: 'UV_DEFAULT_INDEX', scope: 'process' });
  });
});
