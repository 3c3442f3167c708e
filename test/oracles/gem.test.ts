// Oracle: RubyGems and Bundler themselves (apt's ruby + bundler) must report the mirror MirrorKit wrote into ~/.gemrc
// and ~/.bundle/config, gem must ask a loopback mirror for its index, and restore must give the files back byte for
// byte. Never `gem sources --add`: it fetches the source's index over the network on every call.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { ApplyResult } from '../../shared/types/core';
import { startLoopback, type LoopbackServer } from '../fixtures/http';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

const M = 'https://mirrors.ustc.edu.cn/rubygems/';
const gemrc = (sb: Sandbox): string => path.join(sb.home, '.gemrc');
const bundleConfig = (sb: Sandbox): string => path.join(sb.home, '.bundle', 'config');

describe('gem oracle', () => {
  const gem = findExecutable('gem', process.env);
  const bundle = findExecutable('bundle', process.env);
  const unavailable =
    gem && bundle ? null : 'ruby or bundler is not installed here (apt-get install ruby bundler; .ci/run does)';
  let server: LoopbackServer;
  const sandboxes: Sandbox[] = [];
  const sandbox = (): Sandbox => {
    const sb = createSandbox('mk-gem-');
    sandboxes.push(sb);
    return sb;
  };

  before(async () => {
    if (unavailable) return;
    server = await startLoopback();
  });
  after(async () => {
    await server?.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('mirrorkit set gem ustc: `gem sources -l` and `bundle config get` report it; restore is byte for byte', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const sb = sandbox();
    const originalGemrc = seed(gemrc(sb), '# mine\n---\ngem: --no-document\n:sources:\n- https://rubygems.org/\n');
    const originalBundle = seed(bundleConfig(sb), '---\nBUNDLE_JOBS: "4"\n');
    const set = await runCli(sb, ['set', 'gem', 'ustc', '--yes', '--json']);
    assert.equal(set.code, 0, describeRun(set));
    assert.equal(
      (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0]?.verification?.ok,
      true,
      set.stdout,
    );
    const sources = await run(gem!, ['sources', '--list'], { env: sb.env, cwd: sb.home });
    assert.equal(sources.stdout, `*** CURRENT SOURCES ***\n\n${M}\n`, describeRun(sources));
    const mirror = await run(bundle!, ['config', 'get', 'mirror.https://rubygems.org'], { env: sb.env, cwd: sb.home });
    assert.match(
      mirror.stdout,
      new RegExp(`Set for the current user \\(${bundleConfig(sb).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): "${M}"`),
      describeRun(mirror),
    );
    // Bundler still reads the key that was there before.
    const jobs = await run(bundle!, ['config', 'get', 'jobs'], { env: sb.env, cwd: sb.home });
    assert.match(jobs.stdout, /Set for the current user \([^)]*\): "?4"?\n/, describeRun(jobs));
    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(gemrc(sb)), originalGemrc);
    assert.deepEqual(snapshot(bundleConfig(sb)), originalBundle);
  });

  test('gem asks the loopback mirror MirrorKit wrote; restore removes the new files', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const sb = sandbox();
    const mirror = `${server.origin}/rubygems/`;
    const set = await runCli(sb, ['set', 'gem', mirror, '--yes', '--json']);
    assert.equal(set.code, 0, describeRun(set));
    // The loopback serves no index: the request itself is the proof (the command then fails, as it should).
    const list = await run(gem!, ['list', '--remote', 'mkprobe'], { env: sb.env, cwd: sb.home, timeoutMs: 60_000 });
    const asked = server.requests.filter((r) => r.startsWith('GET /rubygems/'));
    assert.ok(asked.length > 0, `${describeRun(list)}\n${server.requests.join('\n')}`);
    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal(snapshot(gemrc(sb)), null);
    assert.equal(snapshot(bundleConfig(sb)), null);
  });
});
