// Oracle: bun 1.x has no command that prints its registry, so what it requests is the proof: after `set bun`, its
// own verification (a 404 for an absent package, which names the URL) passes against a loopback registry, and
// `bun info` / `bun add` fetch from it even with another registry in ~/.npmrc. Restore gives back every byte.
// bun comes from scripts/oracles/install.sh; without it the test skips, saying so.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startNpmRegistry, type NpmRegistry } from '../fixtures/npm-registry';
import { npmOracle, withPath } from '../helpers/oracles';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';

describe('bun oracle', () => {
  let reg: NpmRegistry;
  const sandboxes: Sandbox[] = [];
  before(async () => {
    const sb = createSandbox('mk-bun-reg-');
    sandboxes.push(sb);
    reg = await startNpmRegistry(sb.dir('pack'), sb.env);
  });
  after(async () => {
    await reg?.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  const b = npmOracle('bun', 'bun');
  test(
    'set bun writes [install] registry in the global bunfig; bun requests it over ~/.npmrc; restore is byte for byte',
    { skip: 'skip' in b && b.skip },
    async () => {
      if (!('dir' in b)) return;
      const sb = createSandbox('mk-bun-');
      sandboxes.push(sb);
      sb.env = withPath(sb.env, b.dir);
      // The sandbox sets XDG_CONFIG_HOME, so bun's global file is $XDG_CONFIG_HOME/.bunfig.toml.
      const bunfig = path.join(sb.xdgConfig, '.bunfig.toml');
      const original = seed(bunfig, '# my bun\n[run]\nsilent = true\n');
      seed(path.join(sb.home, '.npmrc'), 'registry=http://127.0.0.1:9/not-this-one/\n');

      const set = await runCli(sb, ['set', 'bun', reg.registryUrl, '--yes']);
      assert.equal(set.code, 0, describeRun(set));
      assert.equal(
        snapshot(bunfig)?.toString(),
        `# my bun\n[run]\nsilent = true\n\n[install]\nregistry = "${reg.registryUrl}"\n`,
      );

      const seen = reg.server.requests.length;
      const info = await run('bun', ['info', 'mkdemo'], { env: sb.env, cwd: sb.home, timeoutMs: 60_000 });
      assert.equal(info.code, 0, describeRun(info));
      assert.match(info.stdout, /0\.1\.0/);
      const project = sb.dir('project');
      writeFileSync(
        path.join(project, 'package.json'),
        '{ "name": "consumer", "version": "1.0.0", "private": true }\n',
      );
      const add = await run('bun', ['add', 'mkdemo'], { env: sb.env, cwd: project, timeoutMs: 60_000 });
      assert.equal(add.code, 0, describeRun(add));
      const asked = reg.server.requests.slice(seen);
      assert.ok(
        asked.some((r) => r.includes('/mkdemo')),
        `registry log: ${asked.join(', ')}`,
      );
      assert.ok(reg.server.served().includes(reg.tarballPath), `registry log: ${reg.server.requests.join(', ')}`);

      const restore = await runCli(sb, ['restore', '--yes']);
      assert.equal(restore.code, 0, describeRun(restore));
      assert.deepEqual(snapshot(bunfig), original);
    },
  );
});
