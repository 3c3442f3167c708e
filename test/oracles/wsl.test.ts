// Oracle: the real apt-get, run inside a "distro" through the wsl.exe STAND-IN (test/support/wsl-exe-standin.cjs;
// there is no WSL on this machine), resolves the sources MirrorKit wrote from Windows: after apply it would fetch
// the mirror's InRelease, after restore the original's, and the files are back byte for byte.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, test } from 'node:test';

import { createCore } from '../../electron/core/api';
import { nodeExec } from '../../electron/core/platform/exec';
import { DEBIAN_OS, UBUNTU_OS, wslSandbox, type WslSandbox } from '../support/wsl-sandbox';
import { findExecutable } from '../helpers/which';

const UBUNTU = `Types: deb
URIs: http://archive.ubuntu.com/ubuntu/
Suites: noble noble-updates
Components: main restricted
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg

Types: deb
URIs: http://security.ubuntu.com/ubuntu/
Suites: noble-security
Components: main restricted
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg
`;
const DEBIAN = '# Debian 12, one-line format\ndeb http://deb.debian.org/debian bookworm main\n';

/** What apt-get inside the distro would fetch, asked the same way a user would from Windows. */
async function printUris(sb: WslSandbox, distro: string): Promise<string> {
  await fs.mkdir(sb.hostPath(distro, '/tmp/oracle/lists/partial'), { recursive: true });
  const argv = ['-d', distro, '-u', 'root', '--exec', 'apt-get', '-o', 'Dir::Etc::SourceList=/etc/apt/sources.list'];
  argv.push('-o', 'Dir::Etc::SourceParts=/etc/apt/sources.list.d', '-o', 'Dir::State::Lists=/tmp/oracle/lists');
  argv.push('-o', 'Dir::Cache=/tmp/oracle/cache', '-o', 'Debug::NoLocking=1', '--print-uris', 'update');
  const r = await nodeExec(sb.wslExe.replaceAll('\\', '/'), argv, { env: { ...sb.ctx.env } });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

describe('wsl oracle: apt-get inside the distro (through the wsl.exe stand-in)', () => {
  const aptGet = findExecutable('apt-get', process.env);

  test('after apply apt fetches the mirror’s InRelease, after restore the original’s; bytes identical', async (t) => {
    if (!aptGet) {
      console.log('# wsl oracle skipped: apt-get not installed');
      t.skip('apt-get not installed');
      return;
    }
    const sb = await wslSandbox();
    try {
      await sb.distro('Ubuntu', { '/etc/os-release': UBUNTU_OS, '/etc/apt/sources.list.d/ubuntu.sources': UBUNTU });
      await sb.distro('Debian', { '/etc/os-release': DEBIAN_OS, '/etc/apt/sources.list': DEBIAN });
      assert.match(await printUris(sb, 'Ubuntu'), /^'http:\/\/archive\.ubuntu\.com\/ubuntu\/dists\/noble\/InRelease'/m);

      const core = createCore(sb.ctx);
      const plan = await core.plan({ selection: { kind: 'set', target: 'wsl', mirror: 'ustc' }, only: ['wsl'] });
      const result = await core.apply(plan);
      assert.equal(result.status, 'applied', JSON.stringify(result));
      const v = result.targets[0]?.verification;
      assert.equal(v?.ok, true, JSON.stringify(v));
      assert.equal(v?.observed, 'https://mirrors.ustc.edu.cn/debian', 'the first distro, as apt prints it');
      assert.deepEqual(v?.command.slice(1, 7), ['-d', 'Debian', '-u', 'root', '--exec', 'apt-get']);

      const ubuntu = await printUris(sb, 'Ubuntu');
      assert.match(ubuntu, /^'https:\/\/mirrors\.ustc\.edu\.cn\/ubuntu\/dists\/noble\/InRelease'/m);
      assert.match(ubuntu, /^'http:\/\/security\.ubuntu\.com\/ubuntu\/dists\/noble-security\/InRelease'/m);
      assert.doesNotMatch(ubuntu, /archive\.ubuntu\.com/);
      assert.match(
        await printUris(sb, 'Debian'),
        /^'https:\/\/mirrors\.ustc\.edu\.cn\/debian\/dists\/bookworm\/InRelease'/m,
      );

      await core.restore(result.id);
      assert.match(await printUris(sb, 'Ubuntu'), /^'http:\/\/archive\.ubuntu\.com\/ubuntu\/dists\/noble\/InRelease'/m);
      assert.match(await printUris(sb, 'Debian'), /^'http:\/\/deb\.debian\.org\/debian\/dists\/bookworm\/InRelease'/m);
      assert.equal(await fs.readFile(sb.hostPath('Ubuntu', '/etc/apt/sources.list.d/ubuntu.sources'), 'utf8'), UBUNTU);
      assert.equal(await fs.readFile(sb.hostPath('Debian', '/etc/apt/sources.list'), 'utf8'), DEBIAN);
      // The verification's scratch lists were removed from the distros.
      assert.deepEqual(
        (await fs.readdir(sb.hostPath('Ubuntu', '/tmp'))).filter((n) => n.startsWith('mirrorkit')),
        [],
      );
    } finally {
      await sb.cleanup();
    }
  });
  test('a sources.list that is a link: apt reads the mirror through it after apply, the original after restore', async (t) => {
    if (!aptGet) {
      console.log('# wsl oracle (linked sources.list) skipped: apt-get not installed');
      t.skip('apt-get not installed');
      return;
    }
    const sb = await wslSandbox();
    try {
      // Absolute, as a link made inside the distro is: the stand-in resolves it against the distro's own `/`.
      await sb.distro('Debian', { '/etc/os-release': DEBIAN_OS, '/etc/apt/mirrors/debian.list': DEBIAN });
      await sb.link('Debian', '/etc/apt/sources.list', '/etc/apt/mirrors/debian.list');
      const core = createCore(sb.ctx);
      const plan = await core.plan({ selection: { kind: 'set', target: 'wsl', mirror: 'ustc' }, only: ['wsl'] });
      const result = await core.apply(plan);
      assert.equal(result.status, 'applied', JSON.stringify(result));
      assert.equal(result.targets[0]?.verification?.ok, true, JSON.stringify(result.targets[0]?.verification));
      assert.match(
        await printUris(sb, 'Debian'),
        /^'https:\/\/mirrors\.ustc\.edu\.cn\/debian\/dists\/bookworm\/InRelease'/m,
      );
      await core.restore(result.id);
      assert.match(await printUris(sb, 'Debian'), /^'http:\/\/deb\.debian\.org\/debian\/dists\/bookworm\/InRelease'/m);
      assert.equal(await fs.readFile(sb.hostPath('Debian', '/etc/apt/mirrors/debian.list'), 'utf8'), DEBIAN);
      assert.equal(await fs.readlink(sb.hostPath('Debian', '/etc/apt/sources.list')), '/etc/apt/mirrors/debian.list');
    } finally {
      await sb.cleanup();
    }
  });
});
