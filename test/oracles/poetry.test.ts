// Oracle: Poetry itself must list the source MirrorKit wrote into the project's pyproject.toml, resolve through
// it, and restore must give the file back byte for byte.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { ApplyResult } from '../../shared/types/core';
import { PYPI_NAME, startPypiIndex, type PypiIndex } from '../fixtures/pypi-index';
import { ORACLE_BIN_DIRS, oracleBin, skipUnless } from '../helpers/oracles';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Env, type Sandbox } from '../helpers/sandbox';

const PROJECT = [
  '# a project of the user',
  '[project]',
  'name = "demo"',
  'version = "0.1.0"',
  'requires-python = ">=3.9"',
  `dependencies = ["${PYPI_NAME}"]`,
  '',
  '[tool.poetry]',
  'package-mode = false',
  '',
].join('\r\n');

describe('poetry oracle', { skip: skipUnless('poetry') }, () => {
  let index: PypiIndex;
  const sandboxes: Sandbox[] = [];
  before(async () => {
    index = await startPypiIndex();
  });
  after(async () => {
    await index.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });
  const sandbox = (): { sb: Sandbox; env: Env; project: string } => {
    const sb = createSandbox('mk-poetry-');
    sandboxes.push(sb);
    // Poetry's config, cache and data folders inside the sandbox; no keyring (it would ask the desktop).
    const env = {
      PATH: [...ORACLE_BIN_DIRS, sb.env.PATH].join(path.delimiter),
      POETRY_CONFIG_DIR: sb.dir('poetry-config'),
      POETRY_CACHE_DIR: sb.dir('poetry-cache'),
      POETRY_DATA_DIR: sb.dir('poetry-data'),
      PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring',
    };
    return { sb, env, project: sb.dir('project') };
  };

  test('mirrorkit set poetry --project: `poetry source show` lists it, `poetry lock` asks it; restore is byte for byte', async () => {
    const { sb, env, project } = sandbox();
    const file = path.join(project, 'pyproject.toml');
    const original = seed(file, PROJECT);
    const set = await runCli(sb, ['set', 'poetry', index.indexUrl, '--project', project, '--yes', '--json'], env);
    assert.equal(set.code, 0, describeRun(set));
    const verification = (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0]?.verification;
    assert.equal(verification?.ok, true, set.stdout);

    const poetry = oracleBin('poetry')!;
    const show = await run(poetry, ['source', 'show'], { env: { ...sb.env, ...env }, cwd: project });
    assert.match(show.stdout, /name\s*:\s*mirrorkit/, describeRun(show));
    assert.ok(show.stdout.includes(index.indexUrl), describeRun(show));

    // Resolving the project's one dependency goes to the loopback index, not PyPI.
    const served = index.server.requests.length;
    const lock = await run(poetry, ['lock', '--no-interaction'], { env: { ...sb.env, ...env }, cwd: project });
    assert.ok(
      index.server.requests.slice(served).some((p) => p.includes(PYPI_NAME)),
      `${describeRun(lock)}\nindex log: ${index.server.requests.join(', ')}`,
    );

    const restore = await runCli(sb, ['restore', '--yes'], env);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(file), original);
  });

  test('mirrorkit set poetry without --project is refused and names the way to ask', async () => {
    const { sb, env } = sandbox();
    const r = await runCli(sb, ['set', 'poetry', index.indexUrl, '--yes', '--lang', 'en'], env);
    assert.equal(r.code, 2, describeRun(r));
    assert.match(r.stderr, /mirrorkit set poetry <mirror> --project <folder>/, describeRun(r));
  });
});
