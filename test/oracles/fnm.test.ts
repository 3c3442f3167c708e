// Oracle: the real fnm (crates.io `fnm`, compiled by `cargo install`; it has no prebuilt package on the registries
// this project reaches, and the compile takes tens of minutes, so CI does not build it and this test then skips,
// saying so). After `mirrorkit set node`, fnm started by a new login shell reports the mirror (`fnm env --json`)
// and lists the versions of the loopback mirror's index.json (`fnm ls-remote`); restore is byte for byte.
import assert from 'node:assert/strict';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import type { ApplyResult } from '../../shared/types/core';
import { startLoopback } from '../fixtures/http';
import { createSandbox, describeRun, REPO_ROOT, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';

/** Where `cargo install fnm --root .cache/oracles/fnm` puts it (scripts/oracles/install.sh with MIRRORKIT_ORACLE_FNM=1). */
const FNM_DIR = path.join(REPO_ROOT, '.cache', 'oracles', 'fnm', 'bin');
function skipReason(): string | false {
  try {
    accessSync(path.join(FNM_DIR, 'fnm'), constants.X_OK);
    return false;
  } catch {
    return 'fnm is not installed: MIRRORKIT_ORACLE_FNM=1 bash scripts/oracles/install.sh compiles it from crates.io (slow; CI skips it)';
  }
}
const CLEAN = { NODEJS_ORG_MIRROR: undefined, NVM_NODEJS_ORG_MIRROR: undefined, FNM_NODE_DIST_MIRROR: undefined };

// nodejs.org/dist/index.json's layout, newest first (fnm reads version, date, files, lts).
const INDEX = JSON.stringify([
  { version: 'v99.1.0', date: '2026-12-01', files: ['linux-x64'], npm: '11.0.0', lts: false },
  { version: 'v98.2.0', date: '2026-11-01', files: ['linux-x64'], npm: '10.9.0', lts: 'Loopback' },
]);

describe('node oracle (fnm)', { skip: skipReason() }, () => {
  const sandboxes: Sandbox[] = [];
  after(() => {
    for (const sb of sandboxes) sb.cleanup();
  });

  test('mirrorkit set node: fnm in a new login shell reports the mirror and lists its index.json; restore is byte for byte', async () => {
    const sb = createSandbox('mk-fnm-');
    sandboxes.push(sb);
    const server = await startLoopback();
    try {
      server.files.set('/node/index.json', { body: INDEX, type: 'application/json' });
      const env = { ...CLEAN, PATH: `${FNM_DIR}${path.delimiter}${sb.env.PATH ?? ''}`, FNM_DIR: sb.dir('fnm-dir') };
      const bashrc = seed(path.join(sb.home, '.bashrc'), '# my bashrc\n');
      const set = await runCli(sb, ['set', 'node', `${server.origin}/node/`, '--yes', '--json'], env);
      assert.equal(set.code, 0, describeRun(set));
      const v = (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0]?.verification;
      assert.equal(v?.ok, true, set.stdout);
      assert.equal(v?.command[0], 'sh', 'asked fnm through a new shell');

      // `/etc/profile` may reset PATH: fnm by its path.
      const shell = (args: string[]) =>
        run('sh', ['-l', '-c', 'exec "$0" "$@"', path.join(FNM_DIR, 'fnm'), ...args], {
          env: { ...sb.env, ...env },
          cwd: sb.home,
        });
      const envJson = await shell(['env', '--json']);
      assert.equal(envJson.code, 0, describeRun(envJson));
      assert.equal(
        (JSON.parse(envJson.stdout) as Record<string, string>).FNM_NODE_DIST_MIRROR,
        `${server.origin}/node`,
      );
      const list = await shell(['ls-remote']);
      assert.equal(list.code, 0, describeRun(list));
      assert.match(list.stdout, /v98\.2\.0 \(Loopback\)/);
      assert.match(list.stdout, /v99\.1\.0/);
      assert.ok(server.served().includes('/node/index.json'), server.requests.join('\n'));

      const restore = await runCli(sb, ['restore', '--yes'], env);
      assert.equal(restore.code, 0, describeRun(restore));
      assert.deepEqual(snapshot(path.join(sb.home, '.bashrc')), bashrc);
      assert.equal(snapshot(path.join(sb.xdgConfig, 'mirrorkit', 'env.sh')), null);
    } finally {
      await server.close();
    }
  });
});
