import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';

import { t } from '../../../shared/i18n';
import type { TargetChoice } from '../../../shared/types/core';
import { ALPINE_OS, DEBIAN_OS, UBUNTU_OS, wslSandbox, type WslSandbox } from '../../../test/support/wsl-sandbox';
import { recoverIfIdle } from '../apply/recover';
import { restoreApply } from '../apply/restore';
import { applyPlan } from '../apply/transaction';
import { decodeWslText, parseDistroList } from '../platform/wsl';

import { wsl } from './wsl';
import { planOf } from './test-context';

const UBUNTU_SOURCES = `# Ubuntu sources have moved to /etc/apt/sources.list.d/ubuntu.sources
Types: deb
URIs: http://archive.ubuntu.com/ubuntu/
Suites: noble noble-updates noble-backports
Components: main restricted universe multiverse
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg

Types: deb
URIs: http://security.ubuntu.com/ubuntu/
Suites: noble-security
Components: main restricted universe multiverse
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg
`;
const DEBIAN_LIST =
  'deb http://deb.debian.org/debian bookworm main\r\ndeb http://deb.debian.org/debian-security bookworm-security main\r\n';
const UBUNTU_FILE = '/etc/apt/sources.list.d/ubuntu.sources';

const ustc: TargetChoice = { target: 'wsl', provider: 'ustc', urls: ['https://mirrors.ustc.edu.cn/ubuntu/'] };

async function withSandbox(fn: (sb: WslSandbox) => Promise<void>, env: Record<string, string> = {}): Promise<void> {
  const sb = await wslSandbox(env);
  try {
    await fn(sb);
  } finally {
    await sb.cleanup();
  }
}

async function twoDistros(sb: WslSandbox): Promise<void> {
  await sb.distro('Ubuntu-24.04', { '/etc/os-release': UBUNTU_OS, [UBUNTU_FILE]: UBUNTU_SOURCES });
  await sb.distro('Debian', { '/etc/os-release': DEBIAN_OS, '/etc/apt/sources.list': DEBIAN_LIST });
}

describe('wsl: the distro list, in both of wsl.exe’s encodings', () => {
  it('decodes UTF-16LE (with or without BOM) and UTF-8, dropping CRLF and stray NULs', () => {
    const names = 'Ubuntu-24.04\r\nDebian\r\n';
    assert.deepEqual(parseDistroList(Buffer.from(names, 'utf16le')), ['Ubuntu-24.04', 'Debian']);
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(names, 'utf16le')]);
    assert.deepEqual(parseDistroList(bom), ['Ubuntu-24.04', 'Debian']);
    assert.deepEqual(parseDistroList(Buffer.from(`\uFEFF${names}`, 'utf8')), ['Ubuntu-24.04', 'Debian']);
    assert.equal(decodeWslText(Buffer.from('不存在具有所提供名称的分发。', 'utf16le')), '不存在具有所提供名称的分发。');
  });

  for (const env of [{}, { WSL_UTF8: '1' }] as Record<string, string>[]) {
    it(`detects the distros through wsl.exe -l -q (${env.WSL_UTF8 ? 'WSL_UTF8=1' : 'UTF-16LE'})`, async () => {
      await withSandbox(async (sb) => {
        await twoDistros(sb);
        const d = await wsl.detect(sb.ctx);
        assert.deepEqual(d, { target: 'wsl', supported: true, installed: true, executable: sb.wslExe });
        assert.deepEqual((await sb.calls())[0], ['-l', '-q']);
      }, env);
    });
  }

  it('is a Windows tool only', async () => {
    await withSandbox(async (sb) => {
      const linux = { ...sb.ctx, platform: 'linux' as const };
      assert.deepEqual(await wsl.detect(linux), { target: 'wsl', supported: false, installed: false });
      assert.equal((await wsl.plan(linux, ustc, {})).status, 'skipped');
    });
  });
});

describe('wsl: read and plan per distro', () => {
  it('reads each Debian/Ubuntu distro’s apt sources; lists others as skipped with a reason in both languages', async () => {
    await withSandbox(async (sb) => {
      await twoDistros(sb);
      await sb.distro('Alpine', { '/etc/os-release': ALPINE_OS });
      const r = await wsl.read(sb.ctx);
      assert.deepEqual(
        r.layers.map((l) => [l.value, l.origin.kind === 'file' ? l.origin.path : '']),
        [
          ['http://deb.debian.org/debian', '\\\\wsl.localhost\\Debian\\etc\\apt\\sources.list'],
          [
            'http://archive.ubuntu.com/ubuntu/',
            '\\\\wsl.localhost\\Ubuntu-24.04\\etc\\apt\\sources.list.d\\ubuntu.sources',
          ],
        ],
      );
      assert.equal(r.value, 'http://deb.debian.org/debian');
      const skip = r.warnings.find((w) => w.code === 'wsl.not-apt');
      assert.deepEqual(skip?.params, { distro: 'Alpine', os: 'Alpine Linux v3.20' });
      assert.match(t('en', skip ?? { code: '' }), /Alpine.*does not use apt/);
      assert.match(t('zh-CN', skip ?? { code: '' }), /Alpine.*不使用 apt/);
      // Two lists (every distro, the running ones), then every call ran a program directly as root: no shell, no `--`.
      const calls = await sb.calls();
      assert.deepEqual(calls.slice(0, 2), [
        ['-l', '-q'],
        ['-l', '--running', '-q'],
      ]);
      for (const c of calls.slice(2)) assert.deepEqual(c.slice(2, 5), ['-u', 'root', '--exec']);
    });
  });

  it('a reading never starts a stopped distro (it says so); a plan looks inside it and an apply writes it', async () => {
    await withSandbox(async (sb) => {
      await sb.distro('Ubuntu-24.04', { '/etc/os-release': UBUNTU_OS, [UBUNTU_FILE]: UBUNTU_SOURCES });
      await sb.distro(
        'Debian',
        { '/etc/os-release': DEBIAN_OS, '/etc/apt/sources.list': DEBIAN_LIST },
        { running: false },
      );
      const r = await wsl.read(sb.ctx);
      assert.deepEqual(
        r.layers.map((l) => l.value),
        ['http://archive.ubuntu.com/ubuntu/'],
      );
      const stopped = r.warnings.find((w) => w.code === 'wsl.not-running');
      assert.deepEqual(stopped?.params, { distro: 'Debian' });
      assert.match(t('zh-CN', stopped ?? { code: '' }), /Debian 未在运行/);
      assert.ok(
        (await sb.calls()).every((c) => c[1] !== 'Debian'),
        'nothing ran in the stopped distro',
      );
      const tp = await wsl.plan(sb.ctx, ustc, {});
      assert.deepEqual(
        tp.changes.flatMap((c) => (c.kind === 'distroFile' ? [c.distro] : [])),
        ['Debian', 'Ubuntu-24.04'],
      );
    });
  });

  it('plans one change per distro file; -security and third-party lines stay', async () => {
    await withSandbox(async (sb) => {
      await twoDistros(sb);
      const tp = await wsl.plan(sb.ctx, ustc, {});
      assert.equal(tp.status, 'change');
      const changes = tp.changes.flatMap((c) => (c.kind === 'distroFile' ? [c] : []));
      assert.deepEqual(
        changes.map((c) => [c.distro, c.path]),
        [
          ['Debian', '/etc/apt/sources.list'],
          ['Ubuntu-24.04', UBUNTU_FILE],
        ],
      );
      const ubuntu = changes[1]?.after ?? '';
      assert.match(ubuntu, /URIs: https:\/\/mirrors\.ustc\.edu\.cn\/ubuntu\/\nSuites: noble noble-updates/);
      assert.match(ubuntu, /URIs: http:\/\/security\.ubuntu\.com\/ubuntu\/\nSuites: noble-security/);
      assert.equal(
        changes[0]?.after,
        'deb https://mirrors.ustc.edu.cn/debian/ bookworm main\r\ndeb http://deb.debian.org/debian-security bookworm-security main\r\n',
      );
    });
  });
});

describe('wsl: apply and restore inside the distros', () => {
  it('writes atomically in each distro, keeps the mode, and restores byte for byte', async () => {
    await withSandbox(async (sb) => {
      await twoDistros(sb);
      const ubuntuFile = sb.hostPath('Ubuntu-24.04', UBUNTU_FILE);
      await fs.chmod(ubuntuFile, 0o640);
      const tp = await wsl.plan(sb.ctx, ustc, {});
      const result = await applyPlan(sb.ctx, planOf(tp));
      assert.equal(result.status, 'applied', JSON.stringify(result));
      assert.match(await fs.readFile(ubuntuFile, 'utf8'), /mirrors\.ustc\.edu\.cn\/ubuntu/);
      assert.equal((await fs.stat(ubuntuFile)).mode & 0o777, 0o640);
      const left = await fs.readdir(sb.hostPath('Ubuntu-24.04', '/etc/apt/sources.list.d'));
      assert.deepEqual(left, ['ubuntu.sources'], 'no temp file left behind');
      // The originals are kept on the Windows side, in MirrorKit's state folder.
      const applies = await fs.readdir(`${sb.ctx.stateDir}/applies`);
      assert.equal(applies.length, 1);

      const restored = await restoreApply(sb.ctx);
      assert.equal(restored.status, 'restored', JSON.stringify(restored));
      assert.equal(await fs.readFile(ubuntuFile, 'utf8'), UBUNTU_SOURCES);
      assert.equal(await fs.readFile(sb.hostPath('Debian', '/etc/apt/sources.list'), 'utf8'), DEBIAN_LIST);
      assert.equal((await fs.stat(ubuntuFile)).mode & 0o777, 0o640);
      assert.deepEqual(restored.restored.map((r) => r.name).sort(), [
        '\\\\wsl.localhost\\Debian\\etc\\apt\\sources.list',
        '\\\\wsl.localhost\\Ubuntu-24.04\\etc\\apt\\sources.list.d\\ubuntu.sources',
      ]);
    });
  });

  it('an apply cut short (a crash) is rolled back inside the distro by the next run', async () => {
    await withSandbox(async (sb) => {
      await twoDistros(sb);
      const result = await applyPlan(sb.ctx, planOf(await wsl.plan(sb.ctx, ustc, {})));
      // What a crash after the writes leaves: the journal still says the apply is running.
      const file = `${sb.ctx.stateDir}/applies/${result.id ?? ''}/manifest.json`;
      const m = JSON.parse(await fs.readFile(file, 'utf8')) as { status: string };
      await fs.writeFile(file, JSON.stringify({ ...m, status: 'in-progress' }));
      assert.notEqual(await fs.readFile(sb.hostPath('Ubuntu-24.04', UBUNTU_FILE), 'utf8'), UBUNTU_SOURCES);
      await recoverIfIdle(sb.ctx);
      assert.equal(await fs.readFile(sb.hostPath('Ubuntu-24.04', UBUNTU_FILE), 'utf8'), UBUNTU_SOURCES);
      assert.equal(await fs.readFile(sb.hostPath('Debian', '/etc/apt/sources.list'), 'utf8'), DEBIAN_LIST);
      const after = JSON.parse(await fs.readFile(file, 'utf8')) as { status: string; interrupted: boolean };
      assert.deepEqual([after.status, after.interrupted], ['failed', true]);
    });
  });

  it('a file changed in the distro since the plan stops the apply before anything is written', async () => {
    await withSandbox(async (sb) => {
      await twoDistros(sb);
      const tp = await wsl.plan(sb.ctx, ustc, {});
      await fs.appendFile(sb.hostPath('Ubuntu-24.04', UBUNTU_FILE), '# edited\n');
      await assert.rejects(applyPlan(sb.ctx, planOf(tp)), /error\.changed-since-plan/);
      assert.equal(await fs.readFile(sb.hostPath('Debian', '/etc/apt/sources.list'), 'utf8'), DEBIAN_LIST);
    });
  });
});

describe('wsl: bad input stays with its distro', () => {
  it('a malformed sources file is reported with its path and left untouched; the other distro proceeds', async () => {
    await withSandbox(async (sb) => {
      await twoDistros(sb);
      const broken = 'deb\n';
      await sb.distro('Ubuntu-22.04', { '/etc/os-release': UBUNTU_OS, '/etc/apt/sources.list': broken });
      const tp = await wsl.plan(sb.ctx, ustc, {});
      assert.equal(tp.status, 'change');
      const bad = tp.warnings.find((w) => w.code === 'error.malformed-config');
      assert.equal(bad?.params?.path, '\\\\wsl.localhost\\Ubuntu-22.04\\etc\\apt\\sources.list');
      assert.ok(!tp.changes.some((c) => c.kind === 'distroFile' && c.distro === 'Ubuntu-22.04'));
      assert.equal((await applyPlan(sb.ctx, planOf(tp))).status, 'applied');
      assert.equal(await fs.readFile(sb.hostPath('Ubuntu-22.04', '/etc/apt/sources.list'), 'utf8'), broken);
    });
  });

  it('a distro that fails to start is reported; the others proceed', async () => {
    await withSandbox(async (sb) => {
      await twoDistros(sb);
      const root = await sb.distro('Kali', { '/etc/os-release': DEBIAN_OS });
      await fs.writeFile(`${root}/.standin-broken`, '');
      const tp = await wsl.plan(sb.ctx, ustc, {});
      const failure = tp.warnings.find((w) => w.code === 'wsl.failed');
      assert.equal(failure?.params?.distro, 'Kali');
      assert.match(String(failure?.params?.reason), /failed to start/);
      assert.deepEqual(
        [...new Set(tp.changes.map((c) => (c.kind === 'distroFile' ? c.distro : '')))],
        ['Debian', 'Ubuntu-24.04'],
      );
    });
  });

  it('a hostile distro name is refused and never passed to wsl.exe', async () => {
    await withSandbox(async (sb) => {
      await twoDistros(sb);
      const hostile = 'x;$(touch pwned)';
      await sb.distro(hostile, { '/etc/os-release': UBUNTU_OS, '/etc/apt/sources.list': DEBIAN_LIST });
      const tp = await wsl.plan(sb.ctx, ustc, {});
      const refused = tp.warnings.find((w) => w.code === 'wsl.bad-name');
      assert.equal(refused?.params?.distro, JSON.stringify(hostile));
      assert.ok(!(await sb.calls()).some((c) => c.includes(hostile)));
      assert.match(t('zh-CN', refused ?? { code: '' }), /已跳过 WSL 发行版/);
    });
  });

  it('without wsl.exe the plan says so and changes nothing', async () => {
    await withSandbox(async (sb) => {
      (sb.ctx.env as Record<string, string>).SystemRoot = `${sb.root}/NoWindows`;
      const tp = await wsl.plan(sb.ctx, ustc, {});
      assert.equal(tp.status, 'error');
      assert.equal(tp.reason?.code, 'wsl.not-found');
      assert.equal((await wsl.detect(sb.ctx)).installed, false);
      const r = await wsl.read(sb.ctx);
      assert.equal(r.value, null);
      assert.match(t('en', r.warnings[0] ?? { code: '' }), /wsl\.exe was not found/);
    });
  });

  it('only Debian/Ubuntu distros: the plan is skipped, saying why', async () => {
    await withSandbox(async (sb) => {
      await sb.distro('Alpine', { '/etc/os-release': ALPINE_OS });
      const tp = await wsl.plan(sb.ctx, ustc, {});
      assert.equal(tp.status, 'skipped');
      assert.equal(tp.reason?.code, 'wsl.no-apt-distro');
      assert.equal(tp.warnings[0]?.code, 'wsl.not-apt');
    });
  });
});
