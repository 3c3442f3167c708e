// Oracle: Debian's real dnf, pointed at the sandbox (--installroot, reposdir), must fetch the repository
// metadata of the repo files MirrorKit rewrote from the loopback mirror, at the URL it expands from them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';

import { OS_RELEASE, ROCKY9, STREAM9 } from '../../electron/core/targets/dnf-fixtures';
import { startRpmRepo, type RpmRepo } from '../fixtures/rpm-repo';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

const ARCH = os.machine();
/** A hang guard, not a timing assumption: `set` runs dnf (Python) to verify, slow on a loaded machine. */
const GUARD_MS = 300_000;
const reposDir = (sb: Sandbox): string => path.join(sb.sysroot, 'etc', 'yum.repos.d');

/** dnf on the sandbox only: its repos, its dnf variables, a cache of its own; nothing of the host. */
function dnfArgs(sb: Sandbox, releasever: string, ...rest: string[]): string[] {
  return [
    `--installroot=${sb.sysroot}`,
    `--setopt=reposdir=${reposDir(sb)}`,
    `--releasever=${releasever}`,
    `--setopt=cachedir=${path.join(sb.root, 'dnf-cache')}`,
    ...rest,
  ];
}

describe('dnf oracle', () => {
  let repo: RpmRepo;
  const sandboxes: Sandbox[] = [];
  const dnf = findExecutable('dnf', process.env);
  const sandbox = (distro: keyof typeof OS_RELEASE): Sandbox => {
    const sb = createSandbox('mk-dnf-');
    sandboxes.push(sb);
    seed(path.join(sb.sysroot, 'etc', 'os-release'), OS_RELEASE[distro]);
    return sb;
  };
  const needDnf = (t: TestContext): boolean => {
    if (dnf) return true;
    console.log('# dnf oracle skipped: dnf not installed (Debian package "dnf"; .ci/run installs it)');
    t.skip('dnf not installed');
    return false;
  };

  before(async () => {
    repo = await startRpmRepo([
      `/rocky/9/BaseOS/${ARCH}/os/`,
      `/rocky/9/AppStream/${ARCH}/os/`,
      `/centos-stream/9-stream/BaseOS/${ARCH}/os/`,
      `/centos-stream/9-stream/AppStream/${ARCH}/os/`,
    ]);
  });
  after(async () => {
    await repo.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('sandbox: dnf sees none of the host repositories', async (t) => {
    if (!needDnf(t) || !dnf) return;
    const sb = sandbox('rocky');
    const list = () =>
      run(dnf, dnfArgs(sb, '9', '-C', 'repolist', '--all'), { env: sb.env, cwd: sb.root, timeoutMs: GUARD_MS });
    const empty = await list();
    assert.equal(empty.code, 0, describeRun(empty));
    assert.doesNotMatch(empty.stdout, /\b(enabled|disabled)\b/, describeRun(empty));
    // The same command does list the sandbox's own repo file once there is one.
    seed(path.join(reposDir(sb), 'rocky.repo'), ROCKY9);
    const one = await list();
    assert.match(one.stdout, /^baseos\s.*\benabled\b/m, describeRun(one));
  });

  test('mirrorkit set dnf on Rocky 9: dnf fetches repomd.xml from the mirror, expanded; restore byte for byte', async (t) => {
    if (!needDnf(t) || !dnf) return;
    const sb = sandbox('rocky');
    const file = path.join(reposDir(sb), 'rocky.repo');
    const original = seed(file, ROCKY9);
    const set = await runCli(sb, ['set', 'dnf', `${repo.server.origin}/rocky/`, '--yes'], {}, GUARD_MS);
    // `set` verifies with dnf itself (`dnf -v repolist` on [baseos]): exit 0 means dnf printed the mirror.
    assert.equal(set.code, 0, describeRun(set));
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^#mirrorlist=https:\/\/mirrors\.rockylinux\.org\/mirrorlist\?arch=\$basearch&repo=BaseOS-/m);
    assert.match(text, /^gpgkey=file:\/\/\/etc\/pki\/rpm-gpg\/RPM-GPG-KEY-Rocky-9$/m);

    const seen = repo.server.served().length;
    const r = await run(dnf, dnfArgs(sb, '9', 'makecache'), { env: sb.env, cwd: sb.root, timeoutMs: GUARD_MS });
    assert.equal(r.code, 0, describeRun(r));
    const served = repo.server.served().slice(seen);
    for (const p of [
      `/rocky/9/BaseOS/${ARCH}/os/repodata/repomd.xml`,
      `/rocky/9/AppStream/${ARCH}/os/repodata/repomd.xml`,
    ])
      assert.ok(served.includes(p), `missing ${p}; mirror log: ${repo.server.requests.join(', ')}`);

    const restore = await runCli(sb, ['restore', '--yes'], {}, GUARD_MS);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(file), original);
  });

  test('CentOS Stream 9 (metalink only): the tree comes from the metalink and dnf expands $stream from its vars', async (t) => {
    if (!needDnf(t) || !dnf) return;
    const sb = sandbox('centos-stream');
    const file = path.join(reposDir(sb), 'centos.repo');
    const original = seed(file, STREAM9);
    // CentOS Stream ships $stream as a dnf variable file (centos-stream-release).
    seed(path.join(sb.sysroot, 'etc', 'dnf', 'vars', 'stream'), '9-stream\n');
    const set = await runCli(sb, ['set', 'dnf', `${repo.server.origin}/centos-stream/`, '--yes'], {}, GUARD_MS);
    assert.equal(set.code, 0, describeRun(set));

    const seen = repo.server.served().length;
    const r = await run(dnf, dnfArgs(sb, '9', 'makecache'), { env: sb.env, cwd: sb.root, timeoutMs: GUARD_MS });
    assert.equal(r.code, 0, describeRun(r));
    const served = repo.server.served().slice(seen);
    assert.ok(
      served.includes(`/centos-stream/9-stream/BaseOS/${ARCH}/os/repodata/repomd.xml`),
      `mirror log: ${repo.server.requests.join(', ')}`,
    );

    const restore = await runCli(sb, ['restore', '--yes'], {}, GUARD_MS);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(file), original);
  });
});
