import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import type { Change, TargetChoice } from '../../../shared/types/core';
import { createCore } from '../api';
import { repoSections } from '../edit/dnf-repo';
import { MirrorKitError } from '../errors';
import type { Exec } from '../platform/exec';

import { dnf, expands } from './dnf';
import {
  ALMA9_BASEOS,
  ANOLIS8_BASEOS,
  FEDORA41,
  FEDORA41_UPDATES,
  OPENEULER2403,
  OS_RELEASE,
  ROCKY9,
  STREAM9,
} from './dnf-fixtures';
import { sandboxCtx } from './test-context';

const REPOS = 'sysroot/etc/yum.repos.d';

function machine(distro: keyof typeof OS_RELEASE, repos: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = { 'sysroot/etc/os-release': OS_RELEASE[distro] };
  for (const [name, text] of Object.entries(repos)) files[`${REPOS}/${name}`] = text;
  return files;
}

const provider = (p: string): TargetChoice => ({ target: 'dnf', provider: p, urls: [] });

function after(changes: Change[], name: string): string | undefined {
  const c = changes.find((x) => x.kind === 'writeFile' && x.path.endsWith(`/${name}`));
  return c?.kind === 'writeFile' ? c.after : undefined;
}

function section(text: string | undefined, id: string) {
  return repoSections(text ?? '').find((s) => s.id === id);
}

/** Lines other than baseurl/mirrorlist/metalink (commented or not): what must come through untouched. */
const others = (t: string) => t.split('\n').filter((l) => !/^#?\s*(baseurl|mirrorlist|metalink)=/.test(l));

describe('dnf: each distribution, its own files, the mirror of its help page', () => {
  const cases = [
    {
      distro: 'rocky',
      repos: { 'rocky.repo': ROCKY9 },
      provider: 'ustc',
      file: 'rocky.repo',
      main: 'baseos',
      before: 'https://mirrors.rockylinux.org/mirrorlist?arch=$basearch&repo=BaseOS-$releasever$rltype',
      key: 'mirrorlist',
      expect: {
        baseos: 'https://mirrors.ustc.edu.cn/rocky/$releasever/BaseOS/$basearch/os/',
        'baseos-debuginfo': 'https://mirrors.ustc.edu.cn/rocky/$releasever/BaseOS/$basearch/debug/tree/',
        crb: 'https://mirrors.ustc.edu.cn/rocky/$releasever/CRB/$basearch/os/',
      },
    },
    {
      distro: 'fedora',
      repos: { 'fedora.repo': FEDORA41, 'fedora-updates.repo': FEDORA41_UPDATES },
      provider: 'tuna',
      file: 'fedora.repo',
      main: 'fedora',
      before: 'https://mirrors.fedoraproject.org/metalink?repo=fedora-$releasever&arch=$basearch',
      key: 'metalink',
      expect: {
        fedora: 'https://mirrors.tuna.tsinghua.edu.cn/fedora/releases/$releasever/Everything/$basearch/os/',
        'fedora-source': 'https://mirrors.tuna.tsinghua.edu.cn/fedora/releases/$releasever/Everything/source/tree/',
      },
    },
    {
      distro: 'almalinux',
      repos: { 'almalinux-baseos.repo': ALMA9_BASEOS },
      provider: 'aliyun',
      file: 'almalinux-baseos.repo',
      main: 'baseos',
      before: 'https://mirrors.almalinux.org/mirrorlist/$releasever/baseos',
      key: 'mirrorlist',
      expect: { baseos: 'https://mirrors.aliyun.com/almalinux/$releasever/BaseOS/$basearch/os/' },
    },
    {
      distro: 'centos-stream',
      repos: { 'centos.repo': STREAM9 },
      provider: 'ustc',
      file: 'centos.repo',
      main: 'baseos',
      before: 'https://mirrors.centos.org/metalink?repo=centos-baseos-$stream&arch=$basearch&protocol=https,http',
      key: 'metalink',
      expect: {
        baseos: 'https://mirrors.ustc.edu.cn/centos-stream/$stream/BaseOS/$basearch/os/',
        'baseos-debuginfo': 'https://mirrors.ustc.edu.cn/centos-stream/$stream/BaseOS/$basearch/debug/tree/',
        'baseos-source': 'https://mirrors.ustc.edu.cn/centos-stream/$stream/BaseOS/source/tree/',
        appstream: 'https://mirrors.ustc.edu.cn/centos-stream/$stream/AppStream/$basearch/os/',
      },
    },
    {
      distro: 'openeuler',
      repos: { 'openEuler.repo': OPENEULER2403 },
      provider: 'tuna',
      file: 'openEuler.repo',
      main: 'OS',
      before: 'http://repo.openeuler.org/openEuler-24.03-LTS/OS/$basearch/',
      key: 'baseurl',
      expect: {
        OS: 'https://mirrors.tuna.tsinghua.edu.cn/openeuler/openEuler-24.03-LTS/OS/$basearch/',
        EPOL: 'https://mirrors.tuna.tsinghua.edu.cn/openeuler/openEuler-24.03-LTS/EPOL/main/$basearch/',
      },
    },
    {
      distro: 'anolis',
      repos: { 'AnolisOS-BaseOS.repo': ANOLIS8_BASEOS },
      provider: 'aliyun',
      file: 'AnolisOS-BaseOS.repo',
      main: 'BaseOS',
      before: 'http://mirrors.openanolis.cn/anolis/$releasever/BaseOS/$basearch/os',
      key: 'baseurl',
      expect: { BaseOS: 'https://mirrors.aliyun.com/anolis/$releasever/BaseOS/$basearch/os' },
    },
  ] as const;

  for (const c of cases) {
    it(`${c.distro}: read, then ${c.provider}'s tree with the distro's variables kept; gpg lines untouched; root-owned`, async () => {
      const { ctx, root, cleanup } = await sandboxCtx({ files: machine(c.distro, c.repos) });
      try {
        const r = await dnf.read(ctx);
        assert.equal(r.value, c.before);
        assert.deepEqual(r.origin, { kind: 'file', path: path.join(root, REPOS, c.file), key: c.key });
        const tp = await dnf.plan(ctx, provider(c.provider), {});
        assert.equal(tp.status, 'change');
        assert.equal(tp.before, c.before);
        assert.equal(tp.after, c.expect[c.main as keyof typeof c.expect]);
        assert.ok(tp.changes.every((x) => x.kind === 'writeFile' && x.admin));
        const text = after(tp.changes, c.file);
        for (const [id, url] of Object.entries(c.expect)) {
          const s = section(text, id);
          assert.equal(s?.baseurl, url, id);
          assert.equal(s?.mirrorlist ?? s?.metalink, undefined, `${id}: mirrorlist/metalink commented out`);
        }
        const original = c.repos[c.file as keyof typeof c.repos] as string;
        assert.deepEqual(others(text ?? ''), others(original), 'gpgcheck, gpgkey, comments and order stay');
        // Written, the file reads back as the mirror, which the catalog knows by its root.
        for (const x of tp.changes) if (x.kind === 'writeFile') await fs.writeFile(x.path, x.after ?? '');
        const back = await dnf.read(ctx);
        assert.equal(back.value, tp.after);
        assert.deepEqual(back.origin, { kind: 'file', path: path.join(root, REPOS, c.file), key: 'baseurl' });
        assert.equal(back.match?.provider, c.provider);
      } finally {
        await cleanup();
      }
    });
  }

  it("fedora-updates.repo is rewritten too; AlmaLinux's vault source section stays on its mirrorlist", async () => {
    const { ctx, cleanup } = await sandboxCtx({
      files: { ...machine('fedora', { 'fedora.repo': FEDORA41, 'fedora-updates.repo': FEDORA41_UPDATES }) },
    });
    const alma = await sandboxCtx({ files: machine('almalinux', { 'almalinux-baseos.repo': ALMA9_BASEOS }) });
    try {
      const tp = await dnf.plan(ctx, provider('ustc'), {});
      assert.equal(
        section(after(tp.changes, 'fedora-updates.repo'), 'updates')?.baseurl,
        'https://mirrors.ustc.edu.cn/fedora/updates/$releasever/Everything/$basearch/',
      );
      const ta = await dnf.plan(alma.ctx, provider('aliyun'), {});
      const src = section(after(ta.changes, 'almalinux-baseos.repo'), 'baseos-source');
      assert.equal(src?.mirrorlist, 'https://mirrors.almalinux.org/mirrorlist/$releasever/baseos-source');
      assert.equal(src?.baseurl, undefined);
    } finally {
      await cleanup();
      await alma.cleanup();
    }
  });
});

describe('dnf: what it leaves alone and says', () => {
  it('another enabled repo file pointing elsewhere is a warning, and is not rewritten', async () => {
    const epel =
      '[epel]\nname=Extra Packages for Enterprise Linux $releasever - $basearch\nmetalink=https://mirrors.fedoraproject.org/metalink?repo=epel-$releasever&arch=$basearch&infra=$infra&content=$contentdir\nenabled=1\ngpgcheck=1\n';
    const { ctx, root, cleanup } = await sandboxCtx({
      files: machine('rocky', { 'rocky.repo': ROCKY9, 'epel.repo': epel }),
    });
    try {
      const r = await dnf.read(ctx);
      assert.deepEqual(
        r.warnings.filter((w) => w.code === 'dnf.other-source'),
        [
          {
            code: 'dnf.other-source',
            params: {
              path: path.join(root, REPOS, 'epel.repo'),
              repo: 'epel',
              value:
                'https://mirrors.fedoraproject.org/metalink?repo=epel-$releasever&arch=$basearch&infra=$infra&content=$contentdir',
            },
          },
        ],
      );
      const tp = await dnf.plan(ctx, provider('ustc'), {});
      assert.equal(after(tp.changes, 'epel.repo'), undefined, 'no change to epel.repo');
      assert.equal(tp.warnings[0]?.code, 'dnf.other-source');
    } finally {
      await cleanup();
    }
  });

  it("a provider without the machine's tree, an unknown or end-of-life distribution: skipped, with the reason", async () => {
    const anolis = await sandboxCtx({ files: machine('anolis', { 'AnolisOS-BaseOS.repo': ANOLIS8_BASEOS }) });
    const debian = await sandboxCtx({
      files: { 'sysroot/etc/os-release': 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' },
    });
    const centos7 = await sandboxCtx({
      files: {
        'sysroot/etc/os-release':
          'ID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\nPRETTY_NAME="CentOS Linux 7 (Core)"\n',
      },
    });
    try {
      assert.deepEqual((await dnf.plan(anolis.ctx, provider('ustc'), {})).reason, {
        code: 'skip.no-working-mirror',
        params: { target: 'dnf (anolis)' },
      });
      assert.deepEqual((await dnf.plan(debian.ctx, provider('ustc'), {})).reason, {
        code: 'dnf.unknown-distro',
        params: { distro: 'Debian GNU/Linux 12 (bookworm)' },
      });
      assert.equal((await dnf.plan(centos7.ctx, provider('ustc'), {})).reason?.code, 'dnf.unknown-distro');
      assert.equal((await dnf.read(debian.ctx)).value, null);
    } finally {
      await Promise.all([anolis.cleanup(), debian.cleanup(), centos7.cleanup()]);
    }
  });

  it('official: nothing to do on a machine still on its own hosts; from a mirror, back to the upstream tree', async () => {
    const { ctx, cleanup } = await sandboxCtx({
      files: machine('fedora', { 'fedora.repo': FEDORA41, 'fedora-updates.repo': FEDORA41_UPDATES }),
    });
    const oe = await sandboxCtx({ files: machine('openeuler', { 'openEuler.repo': OPENEULER2403 }) });
    try {
      assert.equal((await dnf.plan(ctx, provider('official'), {})).status, 'unchanged');
      assert.equal((await dnf.plan(oe.ctx, provider('official'), {})).status, 'unchanged');
      const tp = await dnf.plan(ctx, provider('ustc'), {});
      for (const x of tp.changes) if (x.kind === 'writeFile') await fs.writeFile(x.path, x.after ?? '');
      const back = await dnf.plan(ctx, provider('official'), {});
      assert.equal(
        back.after,
        'https://dl.fedoraproject.org/pub/fedora/linux/releases/$releasever/Everything/$basearch/os/',
      );
      assert.equal(
        section(after(back.changes, 'fedora-updates.repo'), 'updates')?.baseurl,
        'https://dl.fedoraproject.org/pub/fedora/linux/updates/$releasever/Everything/$basearch/',
      );
    } finally {
      await cleanup();
      await oe.cleanup();
    }
  });

  it('a custom mirror, then another: openEuler finds its tree again without a commented baseurl', async () => {
    const { ctx, cleanup } = await sandboxCtx({ files: machine('openeuler', { 'openEuler.repo': OPENEULER2403 }) });
    try {
      const first = await dnf.plan(ctx, { target: 'dnf', urls: ['http://127.0.0.1:8080/oe'] }, {});
      const file = first.changes[0];
      assert.ok(file?.kind === 'writeFile');
      await fs.writeFile(file.path, file.after ?? '');
      const second = await dnf.plan(ctx, { target: 'dnf', urls: ['https://mirrors.example.org/openeuler/'] }, {});
      assert.equal(second.before, 'http://127.0.0.1:8080/oe/openEuler-24.03-LTS/OS/$basearch/');
      assert.equal(second.after, 'https://mirrors.example.org/openeuler/openEuler-24.03-LTS/OS/$basearch/');
    } finally {
      await cleanup();
    }
  });
});

describe('dnf: malformed input, apply and restore', () => {
  it('a repo file dnf would refuse is reported with its path and reason, and left untouched', async () => {
    const broken = ROCKY9.replace('gpgcheck=1\nenabled=1\ncountme=1', 'gpgcheck=1\nenabled 1\ncountme=1');
    const { ctx, root, cleanup } = await sandboxCtx({ files: machine('rocky', { 'rocky.repo': broken }) });
    const file = path.join(root, REPOS, 'rocky.repo');
    try {
      const isReported = (e: unknown) =>
        e instanceof MirrorKitError &&
        e.code === 'error.malformed-config' &&
        e.params.path === file &&
        /line 16: expected key=value/.test(String(e.params.reason));
      await assert.rejects(dnf.read(ctx), isReported);
      await assert.rejects(dnf.plan(ctx, provider('ustc'), {}), isReported);
      const core = createCore(ctx);
      const plan = await core.plan({ selection: { kind: 'set', target: 'dnf', mirror: 'ustc' }, only: ['dnf'] });
      assert.equal(plan.targets[0]?.status, 'error');
      assert.equal(await fs.readFile(file, 'utf8'), broken);
    } finally {
      await cleanup();
    }
  });

  it('apply then restore gives back every repo file byte for byte (CRLF, no final newline)', async () => {
    const crlf = STREAM9.replace(/\n/g, '\r\n').replace(/\r\n$/, '');
    const { ctx, root, cleanup } = await sandboxCtx({
      files: machine('centos-stream', { 'centos.repo': crlf, 'centos-addons.repo': '# kept\n' }),
    });
    const file = path.join(root, REPOS, 'centos.repo');
    try {
      const core = createCore(ctx);
      const plan = await core.plan({ selection: { kind: 'set', target: 'dnf', mirror: 'ustc' }, only: ['dnf'] });
      const result = await core.apply(plan);
      assert.equal(result.status, 'applied', JSON.stringify(result));
      const written = await fs.readFile(file, 'utf8');
      assert.match(
        written,
        /\r\nbaseurl=https:\/\/mirrors\.ustc\.edu\.cn\/centos-stream\/\$stream\/BaseOS\/\$basearch\/os\/\r\n/,
      );
      assert.ok(!/[^\r]\n/.test(written) && !written.endsWith('\n'));
      await core.restore(result.id);
      assert.equal(await fs.readFile(file, 'utf8'), crlf);
      assert.equal(await fs.readFile(path.join(root, REPOS, 'centos-addons.repo'), 'utf8'), '# kept\n');
    } finally {
      await cleanup();
    }
  });
});

describe('dnf: verification by dnf itself', () => {
  it('expands: a $variable stands for one path segment', () => {
    const t = 'https://m.example/rocky/$releasever/BaseOS/$basearch/os/';
    assert.ok(expands(t, 'https://m.example/rocky/9/BaseOS/x86_64/os/'));
    assert.ok(expands(t, 'https://m.example/rocky/9/BaseOS/x86_64/os'));
    assert.ok(!expands(t, 'https://other.example/rocky/9/BaseOS/x86_64/os/'));
    assert.ok(!expands(t, 'https://m.example/rocky/9/x/BaseOS/x86_64/os/'));
  });

  it('runs `dnf -v repolist` on the main repository of the sandbox and reads the Repo-baseurl dnf used', async () => {
    const calls: string[][] = [];
    let baseurl = 'http://127.0.0.1:8765/rocky/9/BaseOS/x86_64/os/';
    const exec: Exec = (cmd, args) => {
      calls.push([cmd, ...args]);
      return Promise.resolve({
        code: 0,
        stdout: `Repo-id            : baseos\nRepo-baseurl       : ${baseurl}\nRepo-filename      : /x/rocky.repo\n`,
        stderr: '',
      });
    };
    const { ctx, root, cleanup } = await sandboxCtx({
      files: { ...machine('rocky', { 'rocky.repo': ROCKY9 }), 'bin/dnf': '' },
      env: { PATH: '' },
      exec,
    });
    try {
      await fs.chmod(path.join(root, 'bin', 'dnf'), 0o755);
      const c = { ...ctx, env: { ...ctx.env, PATH: path.join(root, 'bin') } };
      const expected = 'http://127.0.0.1:8765/rocky/$releasever/BaseOS/$basearch/os/';
      const v = await dnf.verify(c, expected);
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.deepEqual(calls[0]?.slice(1), [
        `--installroot=${path.join(root, 'sysroot')}`,
        `--setopt=reposdir=${path.join(root, REPOS)}`,
        '--releasever=9',
        `--setopt=cachedir=${path.join(root, 'state', 'dnf-cache')}`,
        '--repo=baseos',
        '-v',
        'repolist',
      ]);
      baseurl = 'https://mirrors.rockylinux.org/9/BaseOS/x86_64/os/';
      const bad = await dnf.verify(c, expected);
      assert.equal(bad.ok, false);
      assert.equal(bad.message?.code, 'verify.mismatch');
    } finally {
      await cleanup();
    }
  });
});
