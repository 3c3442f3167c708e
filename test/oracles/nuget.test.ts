// Oracle: NuGet itself (Debian's nuget, NuGet.exe 2.8.7 on Mono) must list the mirror MirrorKit wrote into the
// user NuGet.Config as its nuget.org source, fetch that mirror's service index from a loopback server when it
// installs a package, and get the file back byte for byte on restore.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { ApplyResult } from '../../shared/types/core';
import { startLoopback, type LoopbackServer } from '../fixtures/http';
import { createSandbox, describeRun, run, runCli, snapshot, type Env, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

// nuget.exe on Mono reads $XDG_CONFIG_HOME/NuGet/NuGet.Config (the .NET SDK reads ~/.nuget/NuGet/NuGet.Config).
const monoConfig = (sb: Sandbox): string => path.join(sb.xdgConfig, 'NuGet', 'NuGet.Config');

describe('nuget oracle', () => {
  const nuget = findExecutable('nuget', process.env);
  const unavailable = nuget ? null : 'nuget is not installed here (apt-get install nuget; .ci/run does)';
  let server: LoopbackServer;
  const sandboxes: Sandbox[] = [];
  const sandbox = (): { sb: Sandbox; env: Env } => {
    const sb = createSandbox('mk-nuget-');
    sandboxes.push(sb);
    return { sb, env: sb.env };
  };
  /** NuGet creates its own user file on first use (`<configuration />`, with a BOM): start from that one. */
  const nugetOwnFile = async (sb: Sandbox, env: Env): Promise<Buffer> => {
    const first = await run(nuget!, ['sources', 'list', '-Format', 'Short', '-NonInteractive'], { env, cwd: sb.home });
    assert.equal(first.code, 0, describeRun(first));
    const original = snapshot(monoConfig(sb));
    assert.ok(original, `NuGet created no ${monoConfig(sb)}`);
    return original;
  };

  before(async () => {
    if (unavailable) return;
    server = await startLoopback();
    server.files.set('/v3/index.json', {
      type: 'application/json',
      body: JSON.stringify({
        version: '3.0.0',
        resources: [{ '@id': `${server.origin}/v3-flatcontainer/`, '@type': 'PackageBaseAddress/3.0.0' }],
      }),
    });
  });
  after(async () => {
    await server?.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('mirrorkit set nuget: `nuget sources list` reports the mirror as nuget.org; restore is byte for byte', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const { sb, env } = sandbox();
    const original = await nugetOwnFile(sb, env);
    const mirror = `${server.origin}/v3/index.json`;
    const set = await runCli(sb, ['set', 'nuget', mirror, '--yes', '--json']);
    assert.equal(set.code, 0, describeRun(set));
    const target = (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0];
    assert.equal(target?.verification?.ok, true, set.stdout);
    const list = await run(nuget!, ['sources', 'list', '-Format', 'Short', '-NonInteractive'], { env, cwd: sb.home });
    assert.equal(list.code, 0, describeRun(list));
    const lines = list.stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
    // The nuget.org key now names the mirror, so NuGet's built-in nuget.org is off (D) and the mirror on (E).
    assert.ok(lines.includes(`E ${mirror}`), describeRun(list));
    assert.ok(lines.includes('DO https://www.nuget.org/api/v2/'), describeRun(list));
    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(monoConfig(sb)), original);
    const back = await run(nuget!, ['sources', 'list', '-Format', 'Short', '-NonInteractive'], { env, cwd: sb.home });
    assert.deepEqual(
      back.stdout.split(/\r?\n/).filter((l) => l.trim() !== ''),
      ['EO https://www.nuget.org/api/v2/'],
      describeRun(back),
    );
  });

  test('`nuget install` without -Source asks the loopback mirror for its service index; restore is byte for byte', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const { sb, env } = sandbox();
    const original = await nugetOwnFile(sb, env);
    const set = await runCli(sb, ['set', 'nuget', `${server.origin}/v3/index.json`, '--yes']);
    assert.equal(set.code, 0, describeRun(set));
    const before = server.requests.length;
    const install = await run(
      nuget!,
      ['install', 'MirrorKit.Probe', '-Version', '1.0.0', '-NonInteractive', '-OutputDirectory', sb.dir('packages')],
      { env, cwd: sb.dir('project') },
    );
    const asked = server.requests.slice(before);
    // NuGet 2.8.7 speaks only the v2 protocol, so it cannot go on to install from a v3 source: the fetch of the
    // mirror's service index is what proves it restores from there.
    assert.ok(asked.includes('GET /v3/index.json'), `${describeRun(install)}\n${asked.join('\n')}`);
    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(monoConfig(sb)), original);
  });
});
