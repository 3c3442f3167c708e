import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { describe, it } from 'node:test';

import type { Change, TargetChoice } from '../../../shared/types/core';
import { repoSections } from '../edit/dnf-repo';

import { dnf } from './dnf';
import { ALMA9_BASEOS, ANOLIS8_BASEOS, FEDORA41, OPENEULER2403, OS_RELEASE, ROCKY9, STREAM9 } from './dnf-fixtures';
import { sandboxCtx } from './test-context';

/**
 * Huawei Cloud's dnf entry: the directory names LinuxMirrors puts after mirrors.huaweicloud.com, each
 * followed by the distribution's own tree. The expected URLs are written out (not composed from the
 * catalog) so a wrong directory or a lost `$releasever`/`$basearch`/`$stream` fails here.
 */
const REPOS = 'sysroot/etc/yum.repos.d';
const huawei: TargetChoice = { target: 'dnf', provider: 'huawei', urls: [] };

function machine(distro: keyof typeof OS_RELEASE, file: string, text: string): Record<string, string> {
  return { 'sysroot/etc/os-release': OS_RELEASE[distro], [`${REPOS}/${file}`]: text };
}

function written(changes: Change[], file: string): string {
  const c = changes.find((x) => x.kind === 'writeFile' && x.path.endsWith(`/${file}`));
  assert.ok(c?.kind === 'writeFile' && c.after !== undefined, `${file} is written`);
  return c.after;
}

describe("dnf: Huawei Cloud's trees", () => {
  const cases = [
    {
      distro: 'almalinux',
      file: 'almalinux-baseos.repo',
      text: ALMA9_BASEOS,
      expect: { baseos: 'https://mirrors.huaweicloud.com/almalinux/$releasever/BaseOS/$basearch/os/' },
    },
    {
      distro: 'fedora',
      file: 'fedora.repo',
      text: FEDORA41,
      expect: {
        fedora: 'https://mirrors.huaweicloud.com/fedora/releases/$releasever/Everything/$basearch/os/',
        'fedora-source': 'https://mirrors.huaweicloud.com/fedora/releases/$releasever/Everything/source/tree/',
      },
    },
    {
      distro: 'centos-stream',
      file: 'centos.repo',
      text: STREAM9,
      expect: {
        baseos: 'https://mirrors.huaweicloud.com/centos-stream/$stream/BaseOS/$basearch/os/',
        'baseos-source': 'https://mirrors.huaweicloud.com/centos-stream/$stream/BaseOS/source/tree/',
      },
    },
    {
      distro: 'openeuler',
      file: 'openEuler.repo',
      text: OPENEULER2403,
      expect: {
        OS: 'https://mirrors.huaweicloud.com/openeuler/openEuler-24.03-LTS/OS/$basearch/',
        EPOL: 'https://mirrors.huaweicloud.com/openeuler/openEuler-24.03-LTS/EPOL/main/$basearch/',
      },
    },
  ] as const;

  for (const c of cases) {
    it(`${c.distro}: the Huawei root for it, then the distribution's own tree; read back as Huawei`, async () => {
      const { ctx, cleanup } = await sandboxCtx({ files: machine(c.distro, c.file, c.text) });
      try {
        const tp = await dnf.plan(ctx, huawei, {});
        assert.equal(tp.status, 'change');
        const text = written(tp.changes, c.file);
        const sections = repoSections(text);
        for (const [id, url] of Object.entries(c.expect))
          assert.equal(sections.find((s) => s.id === id)?.baseurl, url, id);
        for (const x of tp.changes) if (x.kind === 'writeFile') await fs.writeFile(x.path, x.after ?? '');
        assert.equal((await dnf.read(ctx)).match?.provider, 'huawei');
      } finally {
        await cleanup();
      }
    });
  }

  it('Rocky Linux and Anolis: no source names a Huawei tree, so the plan skips and says why', async () => {
    const rocky = await sandboxCtx({ files: machine('rocky', 'rocky.repo', ROCKY9) });
    const anolis = await sandboxCtx({ files: machine('anolis', 'AnolisOS-BaseOS.repo', ANOLIS8_BASEOS) });
    try {
      for (const [ctx, distro] of [
        [rocky.ctx, 'rocky'],
        [anolis.ctx, 'anolis'],
      ] as const) {
        const tp = await dnf.plan(ctx, huawei, {});
        assert.equal(tp.changes.length, 0, distro);
        assert.deepEqual(tp.reason, { code: 'skip.no-working-mirror', params: { target: `dnf (${distro})` } });
      }
    } finally {
      await Promise.all([rocky.cleanup(), anolis.cleanup()]);
    }
  });
});
