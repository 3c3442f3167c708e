// Oracle: Composer itself (apt's composer + php-cli) must report the packagist replacement MirrorKit wrote into the
// global config.json, ask a loopback mirror for package metadata, and get the file back byte for byte.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { ApplyResult } from '../../shared/types/core';
import { startLoopback, type LoopbackServer } from '../fixtures/http';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Env, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

const M = 'https://mirrors.aliyun.com/composer/';
const configJson = (sb: Sandbox): string => path.join(sb.xdgConfig, 'composer', 'config.json');
// Composer warns (and would prompt) when run as root, as CI is; it never asks anything with --no-interaction.
const QUIET: Env = { COMPOSER_ALLOW_SUPERUSER: '1', COMPOSER_NO_INTERACTION: '1', COMPOSER_DISABLE_XDEBUG_WARN: '1' };

describe('composer oracle', () => {
  const composer = findExecutable('composer', process.env);
  const unavailable = composer
    ? null
    : 'composer is not installed here (apt-get install composer php-cli; .ci/run does)';
  let server: LoopbackServer;
  const sandboxes: Sandbox[] = [];
  const sandbox = (): { sb: Sandbox; env: Env } => {
    const sb = createSandbox('mk-composer-');
    sandboxes.push(sb);
    return { sb, env: { ...sb.env, ...QUIET } };
  };

  before(async () => {
    if (unavailable) return;
    server = await startLoopback();
    const pkg = {
      name: 'mk/probe',
      version: '1.0.0',
      version_normalized: '1.0.0.0',
      type: 'library',
      dist: { type: 'zip', url: `${server.origin}/composer/dist/probe.zip`, reference: 'abc' },
    };
    server.files.set('/composer/packages.json', {
      type: 'application/json',
      body: JSON.stringify({ packages: [], 'metadata-url': '/composer/p2/%package%.json' }),
    });
    server.files.set('/composer/p2/mk/probe.json', {
      type: 'application/json',
      body: JSON.stringify({ packages: { 'mk/probe': [pkg] }, minified: 'composer/2.0' }),
    });
  });
  after(async () => {
    await server?.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('mirrorkit set composer: `composer config -g repositories` reports it; restore is byte for byte', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const { sb, env } = sandbox();
    const original = seed(configJson(sb), '{\n    "config": {\n        "process-timeout": 600\n    }\n}\n');
    const set = await runCli(sb, ['set', 'composer', 'aliyun', '--yes', '--json'], QUIET);
    assert.equal(set.code, 0, describeRun(set));
    assert.equal(
      (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0]?.verification?.ok,
      true,
      set.stdout,
    );
    const got = await run(composer!, ['config', '--global', '--no-interaction', 'repositories'], { env, cwd: sb.home });
    assert.equal(got.code, 0, describeRun(got));
    assert.deepEqual(JSON.parse(got.stdout), { 'packagist.org': { type: 'composer', url: M } });
    // The other key is still Composer's.
    const timeout = await run(composer!, ['config', '--global', '--no-interaction', 'process-timeout'], {
      env,
      cwd: sb.home,
    });
    assert.equal(timeout.stdout.trim(), '600', describeRun(timeout));
    const restore = await runCli(sb, ['restore', '--yes'], QUIET);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(configJson(sb)), original);
  });

  test('composer asks the loopback mirror MirrorKit wrote for package metadata; restore is byte for byte', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const { sb, env } = sandbox();
    const mirror = `${server.origin}/composer/`;
    // A plain-http loopback mirror: Composer refuses http unless the user turned secure-http off.
    const original = seed(configJson(sb), '{\n    "config": {\n        "secure-http": false\n    }\n}\n');
    const set = await runCli(sb, ['set', 'composer', mirror, '--yes', '--json'], QUIET);
    assert.equal(set.code, 0, describeRun(set));
    const show = await run(composer!, ['show', '--all', '--no-interaction', 'mk/probe'], {
      env: { ...env, COMPOSER_CACHE_DIR: sb.dir('composer-cache') },
      cwd: sb.home,
    });
    const asked = server.requests.filter((r) => r.startsWith('GET /composer/'));
    assert.ok(asked.includes('GET /composer/packages.json'), `${describeRun(show)}\n${asked.join('\n')}`);
    assert.ok(asked.includes('GET /composer/p2/mk/probe.json'), `${describeRun(show)}\n${asked.join('\n')}`);
    assert.match(show.stdout, /mk\/probe/);
    const restore = await runCli(sb, ['restore', '--yes'], QUIET);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(configJson(sb)), original);
  });
});
