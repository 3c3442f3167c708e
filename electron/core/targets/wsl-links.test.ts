import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';

import { t } from '../../../shared/i18n';
import type { TargetChoice } from '../../../shared/types/core';
import { DEBIAN_OS, UBUNTU_OS, wslSandbox, type WslSandbox } from '../../../test/support/wsl-sandbox';
import { restoreApply } from '../apply/restore';
import { applyPlan } from '../apply/transaction';

import { wsl } from './wsl';
import { planOf } from './test-context';

// A distro's apt sources may be symbolic links (a sources.list kept with other configuration, a part shared by
// several files). apt reads through them; MirrorKit must write through them too, keep the link, and give the
// target its bytes back on restore, as the host's atomic writer does. Links that lead nowhere or out of /etc/apt
// are refused, changing nothing in that distro.

const DEBIAN_LIST = 'deb http://deb.debian.org/debian bookworm main\n';
const UBUNTU_SOURCES = `Types: deb
URIs: http://archive.ubuntu.com/ubuntu/
Suites: noble noble-updates
Components: main restricted
`;
const ustc: TargetChoice = { target: 'wsl', provider: 'ustc', urls: ['https://mirrors.ustc.edu.cn/ubuntu/'] };

async function withSandbox(fn: (sb: WslSandbox) => Promise<void>): Promise<void> {
  const sb = await wslSandbox();
  try {
    await fn(sb);
  } finally {
    await sb.cleanup();
  }
}

/** Debian's sources.list links (absolutely) to /etc/apt/mirrors/debian.list; Ubuntu's part links relatively. */
async function linkedDistros(sb: WslSandbox): Promise<void> {
  await sb.distro('Debian', { '/etc/os-release': DEBIAN_OS, '/etc/apt/mirrors/debian.list': DEBIAN_LIST });
  await sb.link('Debian', '/etc/apt/sources.list', '/etc/apt/mirrors/debian.list');
  await sb.distro('Ubuntu', { '/etc/os-release': UBUNTU_OS, '/etc/apt/keep/ubuntu.sources': UBUNTU_SOURCES });
  await sb.link('Ubuntu', '/etc/apt/sources.list.d/ubuntu.sources', '../keep/ubuntu.sources');
}

/** Every write-side command that ran in a distro: none may run where a link was refused. */
async function writesIn(sb: WslSandbox, distro: string): Promise<string[][]> {
  return (await sb.calls()).filter((c) => c[1] === distro && ['dd', 'mv', 'chown', 'chmod'].includes(c[5] ?? ''));
}

describe('wsl: apt sources that are symbolic links', () => {
  it('writes through absolute and relative links, keeps them links, and restores the targets byte for byte', async () => {
    await withSandbox(async (sb) => {
      await linkedDistros(sb);
      const debianTarget = sb.hostPath('Debian', '/etc/apt/mirrors/debian.list');
      const ubuntuTarget = sb.hostPath('Ubuntu', '/etc/apt/keep/ubuntu.sources');
      await fs.chmod(debianTarget, 0o640);
      const tp = await wsl.plan(sb.ctx, ustc, {});
      assert.equal(tp.status, 'change', JSON.stringify(tp));
      // The change names the file apt reads (the link), as the user knows it.
      assert.deepEqual(
        tp.changes.map((c) => (c.kind === 'distroFile' ? [c.distro, c.path] : [])),
        [
          ['Debian', '/etc/apt/sources.list'],
          ['Ubuntu', '/etc/apt/sources.list.d/ubuntu.sources'],
        ],
      );

      const result = await applyPlan(sb.ctx, planOf(tp));
      assert.equal(result.status, 'applied', JSON.stringify(result));
      assert.equal(await fs.readFile(debianTarget, 'utf8'), 'deb https://mirrors.ustc.edu.cn/debian/ bookworm main\n');
      assert.match(await fs.readFile(ubuntuTarget, 'utf8'), /^URIs: https:\/\/mirrors\.ustc\.edu\.cn\/ubuntu\/$/m);
      assert.equal((await fs.stat(debianTarget)).mode & 0o777, 0o640, 'the target keeps its mode');
      await assertLinks(sb);
      assert.deepEqual(await fs.readdir(sb.hostPath('Debian', '/etc/apt/mirrors')), ['debian.list'], 'no temp left');
      assert.deepEqual(await fs.readdir(sb.hostPath('Ubuntu', '/etc/apt/keep')), ['ubuntu.sources']);

      const restored = await restoreApply(sb.ctx);
      assert.equal(restored.status, 'restored', JSON.stringify(restored));
      assert.equal(await fs.readFile(debianTarget, 'utf8'), DEBIAN_LIST);
      assert.equal(await fs.readFile(ubuntuTarget, 'utf8'), UBUNTU_SOURCES);
      assert.equal((await fs.stat(debianTarget)).mode & 0o777, 0o640);
      await assertLinks(sb);
    });
  });

  it('a dangling link or a loop is refused in both languages; that distro is left as it was, the other proceeds', async () => {
    await withSandbox(async (sb) => {
      await sb.distro('Debian', { '/etc/os-release': DEBIAN_OS });
      await sb.link('Debian', '/etc/apt/sources.list', '/etc/apt/mirrors/gone.list');
      await sb.distro('Kali', { '/etc/os-release': DEBIAN_OS });
      await sb.link('Kali', '/etc/apt/sources.list.d/a.list', 'b.list');
      await sb.link('Kali', '/etc/apt/sources.list.d/b.list', 'a.list');
      await sb.distro('Ubuntu', { '/etc/os-release': UBUNTU_OS, '/etc/apt/sources.list.d/u.sources': UBUNTU_SOURCES });
      const tp = await wsl.plan(sb.ctx, ustc, {});
      assert.equal(tp.status, 'change');
      const dangling = tp.warnings.filter((w) => w.code === 'wsl.link-dangling');
      assert.deepEqual(
        dangling.map((w) => w.params),
        [
          { distro: 'Debian', path: '/etc/apt/sources.list', target: '"/etc/apt/mirrors/gone.list"' },
          { distro: 'Kali', path: '/etc/apt/sources.list.d/a.list', target: '"b.list"' },
        ],
      );
      const [first] = dangling;
      assert.match(
        t('en', first ?? { code: '' }),
        /sources\.list is a symbolic link to .*gone\.list.*leads to no file/,
      );
      assert.match(
        t('zh-CN', first ?? { code: '' }),
        /Debian：\/etc\/apt\/sources\.list 是指向 .*的符号链接.*悬空链接/,
      );
      assert.deepEqual(
        tp.changes.map((c) => (c.kind === 'distroFile' ? c.distro : '')),
        ['Ubuntu'],
      );
      assert.equal((await applyPlan(sb.ctx, planOf(tp))).status, 'applied');
      await assert.rejects(fs.access(sb.hostPath('Debian', '/etc/apt/mirrors')), 'no target was created');
      assert.equal(await fs.readlink(sb.hostPath('Debian', '/etc/apt/sources.list')), '/etc/apt/mirrors/gone.list');
      assert.equal(await fs.readlink(sb.hostPath('Kali', '/etc/apt/sources.list.d/a.list')), 'b.list');
      assert.deepEqual([...(await writesIn(sb, 'Debian')), ...(await writesIn(sb, 'Kali'))], []);
    });
  });

  it('a link out of /etc/apt (absolute or by ..) is refused; the file it leads to is not touched', async () => {
    await withSandbox(async (sb) => {
      await sb.distro('Debian', { '/etc/os-release': DEBIAN_OS, '/home/me/sources.list': DEBIAN_LIST });
      await sb.link('Debian', '/etc/apt/sources.list', '/home/me/sources.list');
      const tp = await wsl.plan(sb.ctx, ustc, {});
      assert.equal(tp.status, 'error');
      assert.equal(tp.reason?.code, 'wsl.link-outside');
      assert.deepEqual(tp.reason?.params, {
        distro: 'Debian',
        path: '/etc/apt/sources.list',
        target: '"/home/me/sources.list"',
        root: '/etc/apt/',
      });
      assert.match(t('en', tp.reason ?? { code: '' }), /outside \/etc\/apt\/\. MirrorKit writes only apt/);
      assert.match(t('zh-CN', tp.reason ?? { code: '' }), /位于 \/etc\/apt\/ 之外/);

      await sb.distro('Ubuntu', { '/etc/os-release': UBUNTU_OS, '/root/u.sources': UBUNTU_SOURCES });
      await sb.link('Ubuntu', '/etc/apt/sources.list.d/u.sources', '../../../root/u.sources');
      const both = await wsl.plan(sb.ctx, ustc, {});
      assert.deepEqual(
        both.warnings.flatMap((w) => (w.code === 'wsl.link-outside' ? [w.params?.target] : [])),
        ['"/home/me/sources.list"', '"/root/u.sources"'],
      );
      assert.equal(await fs.readFile(sb.hostPath('Debian', '/home/me/sources.list'), 'utf8'), DEBIAN_LIST);
      assert.deepEqual([...(await writesIn(sb, 'Debian')), ...(await writesIn(sb, 'Ubuntu'))], []);
    });
  });

  it('a link re-pointed out of /etc/apt after the plan is refused at the write, nothing written anywhere', async () => {
    await withSandbox(async (sb) => {
      await linkedDistros(sb);
      const tp = await wsl.plan(sb.ctx, ustc, {});
      // Same bytes elsewhere: the changed-since-plan check passes, so only the write's own resolution can refuse.
      await fs.mkdir(sb.hostPath('Debian', '/home/me'), { recursive: true });
      await fs.writeFile(sb.hostPath('Debian', '/home/me/sources.list'), DEBIAN_LIST);
      await fs.rm(sb.hostPath('Debian', '/etc/apt/sources.list'));
      await sb.link('Debian', '/etc/apt/sources.list', '/home/me/sources.list');
      const result = await applyPlan(sb.ctx, planOf(tp));
      assert.notEqual(result.status, 'applied');
      assert.match(JSON.stringify(result), /wsl\.link-outside/);
      assert.equal(await fs.readFile(sb.hostPath('Debian', '/home/me/sources.list'), 'utf8'), DEBIAN_LIST);
      assert.equal(await fs.readFile(sb.hostPath('Debian', '/etc/apt/mirrors/debian.list'), 'utf8'), DEBIAN_LIST);
      assert.deepEqual(await writesIn(sb, 'Debian'), []);
    });
  });
  it('a sources.list.d that is itself a link: apt’s parts are read and written where it leads, or refused', async () => {
    await withSandbox(async (sb) => {
      await sb.distro('Ubuntu', { '/etc/os-release': UBUNTU_OS, '/etc/apt/parts/u.sources': UBUNTU_SOURCES });
      await fs.rm(sb.hostPath('Ubuntu', '/etc/apt/sources.list.d'), { recursive: true });
      await sb.link('Ubuntu', '/etc/apt/sources.list.d', '/etc/apt/parts');
      await sb.distro('Debian', { '/etc/os-release': DEBIAN_OS, '/srv/parts/d.list': DEBIAN_LIST });
      await fs.rm(sb.hostPath('Debian', '/etc/apt/sources.list.d'), { recursive: true });
      await sb.link('Debian', '/etc/apt/sources.list.d', '/srv/parts');
      const tp = await wsl.plan(sb.ctx, ustc, {});
      assert.deepEqual(
        tp.changes.map((c) => (c.kind === 'distroFile' ? [c.distro, c.path] : [])),
        [['Ubuntu', '/etc/apt/sources.list.d/u.sources']],
      );
      const outside = tp.warnings.find((w) => w.code === 'wsl.link-outside');
      assert.deepEqual(outside?.params, {
        distro: 'Debian',
        path: '/etc/apt/sources.list.d',
        target: '"/srv/parts"',
        root: '/etc/apt/',
      });
      const result = await applyPlan(sb.ctx, planOf(tp));
      assert.equal(result.status, 'applied', JSON.stringify(result));
      const real = sb.hostPath('Ubuntu', '/etc/apt/parts/u.sources');
      assert.match(await fs.readFile(real, 'utf8'), /mirrors\.ustc\.edu\.cn\/ubuntu/);
      assert.equal(await fs.readlink(sb.hostPath('Ubuntu', '/etc/apt/sources.list.d')), '/etc/apt/parts');
      assert.equal((await restoreApply(sb.ctx)).status, 'restored');
      assert.equal(await fs.readFile(real, 'utf8'), UBUNTU_SOURCES);
      assert.equal(await fs.readFile(sb.hostPath('Debian', '/srv/parts/d.list'), 'utf8'), DEBIAN_LIST);
      assert.deepEqual(await writesIn(sb, 'Debian'), []);
    });
  });
});

async function assertLinks(sb: WslSandbox): Promise<void> {
  const debianLink = sb.hostPath('Debian', '/etc/apt/sources.list');
  const ubuntuLink = sb.hostPath('Ubuntu', '/etc/apt/sources.list.d/ubuntu.sources');
  assert.ok((await fs.lstat(debianLink)).isSymbolicLink(), 'sources.list is still a link');
  assert.ok((await fs.lstat(ubuntuLink)).isSymbolicLink(), 'ubuntu.sources is still a link');
  assert.equal(await fs.readlink(debianLink), '/etc/apt/mirrors/debian.list');
  assert.equal(await fs.readlink(ubuntuLink), '../keep/ubuntu.sources');
}
