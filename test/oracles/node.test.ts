// Oracle: node-gyp, the real one npm uses to build native addons (node_modules/node-gyp, installed by `npm ci`),
// started by a new login shell after `mirrorkit set node`, must download the Node.js headers from the loopback
// mirror MirrorKit wrote into NODEJS_ORG_MIRROR (lib/process-release.js) and check them against its SHASUMS256.txt;
// restore must give every profile back byte for byte. nvm, fnm, Volta and nvm-windows cannot be installed here
// (GitHub releases only, or Windows): their parts are tested in electron/core/targets/node*.test.ts against
// fixtures from their source (nvm's own nvm_get_mirror among them).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import type { ApplyResult } from '../../shared/types/core';
import { startLoopback } from '../fixtures/http';
import { createSandbox, describeRun, REPO_ROOT, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';

const GYP = path.join(REPO_ROOT, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const VERSION = process.version.slice(1);
const skip = existsSync(GYP) ? false : `node-gyp is not installed (${GYP}): run npm ci`;
// Without these, this machine's own settings would reach the tools.
const CLEAN = { NODEJS_ORG_MIRROR: undefined, NVM_NODEJS_ORG_MIRROR: undefined, FNM_NODE_DIST_MIRROR: undefined };

/** A Node.js headers tarball as nodejs.org/dist lays it out: node-v<version>/include/node/*.h. */
function headersTarball(sb: Sandbox): Buffer {
  const src = sb.dir('headers-src');
  const inc = path.join(src, `node-v${VERSION}`, 'include', 'node');
  mkdirSync(inc, { recursive: true });
  writeFileSync(
    path.join(inc, 'node_version.h'),
    `/* served by the loopback mirror */\n#define NODE_MAJOR_VERSION 0\n`,
  );
  const out = path.join(sb.dir('headers-out'), `node-v${VERSION}-headers.tar.gz`);
  execFileSync('tar', ['-czf', out, '-C', src, `node-v${VERSION}`]);
  return readFileSync(out);
}

describe('node oracle (node-gyp)', { skip }, () => {
  const sandboxes: Sandbox[] = [];
  after(() => {
    for (const sb of sandboxes) sb.cleanup();
  });

  test('mirrorkit set node: node-gyp in a new login shell fetches the headers from the mirror; restore is byte for byte', async () => {
    const sb = createSandbox('mk-node-');
    sandboxes.push(sb);
    const server = await startLoopback();
    try {
      const tarball = headersTarball(sb);
      const name = `node-v${VERSION}-headers.tar.gz`;
      const sha = createHash('sha256').update(tarball).digest('hex');
      server.files.set(`/node/v${VERSION}/${name}`, { body: tarball, type: 'application/gzip' });
      server.files.set(`/node/v${VERSION}/SHASUMS256.txt`, { body: `${sha}  ${name}\n` });
      const mirror = `${server.origin}/node/`;
      const bashrc = seed(path.join(sb.home, '.bashrc'), '# my bashrc\nexport EDITOR=vi\n');

      const set = await runCli(sb, ['set', 'node', mirror, '--yes', '--json'], CLEAN);
      assert.equal(set.code, 0, describeRun(set));
      const result = (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0];
      assert.equal(result?.verification?.ok, true, set.stdout);

      const devdir = sb.dir('node-gyp');
      const install = await run(
        'sh',
        ['-l', '-c', 'exec "$0" "$@"', process.execPath, GYP, 'install', '--devdir', devdir, '--loglevel', 'verbose'],
        { env: { ...sb.env, ...CLEAN }, cwd: sb.home, timeoutMs: 120_000 },
      );
      assert.equal(install.code, 0, describeRun(install));
      assert.deepEqual(server.served(), [`/node/v${VERSION}/${name}`, `/node/v${VERSION}/SHASUMS256.txt`]);
      const header = path.join(devdir, VERSION, 'include', 'node', 'node_version.h');
      assert.match(readFileSync(header, 'utf8'), /served by the loopback mirror/);

      const restore = await runCli(sb, ['restore', '--yes'], CLEAN);
      assert.equal(restore.code, 0, describeRun(restore));
      assert.deepEqual(snapshot(path.join(sb.home, '.bashrc')), bashrc);
      for (const f of [path.join(sb.home, '.profile'), path.join(sb.xdgConfig, 'mirrorkit', 'env.sh')])
        assert.equal(snapshot(f), null, f);
    } finally {
      await server.close();
    }
  });
});
