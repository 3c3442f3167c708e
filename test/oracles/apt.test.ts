// Oracle: apt itself must resolve the sources MirrorKit rewrote under MIRRORKIT_SYSROOT, and `apt-get update`
// must fetch the archive's Release files from the loopback mirror.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';

import { startAptRepo, writeAptConfig, type AptRepo } from '../fixtures/apt-repo';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

const SUITES = ['bookworm', 'bookworm-updates'];
const etcApt = (sb: Sandbox): string => path.join(sb.sysroot, 'etc', 'apt');
const debSources = (sb: Sandbox): string => path.join(etcApt(sb), 'sources.list.d', 'debian.sources');

function stanza(uri: string): string {
  return `Types: deb\nURIs: ${uri}\nSuites: ${SUITES.join(' ')}\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`;
}

/** The archive roots `apt-get update` would fetch, as apt itself resolves the sources (nothing downloaded). */
async function aptArchives(sb: Sandbox): Promise<string[]> {
  const r = await run('apt-get', ['--print-uris', 'update'], { env: sb.env, cwd: sb.root });
  assert.equal(r.code, 0, describeRun(r));
  return [...new Set([...r.stdout.matchAll(/^'(.+?)\/dists\//gm)].map((m) => m[1] ?? ''))];
}

async function updateThroughMirror(sb: Sandbox, repo: AptRepo): Promise<void> {
  const before = repo.server.served().length;
  const r = await run('apt-get', ['update'], { env: sb.env, cwd: sb.root });
  assert.equal(r.code, 0, describeRun(r));
  const served = repo.server.served().slice(before);
  for (const p of repo.releasePaths)
    assert.ok(served.includes(p), `missing ${p}; mirror log: ${repo.server.requests.join(', ')}`);
}

describe('apt oracle', () => {
  let repo: AptRepo;
  const sandboxes: Sandbox[] = [];
  const aptGet = findExecutable('apt-get', process.env);
  const sandbox = (): Sandbox => {
    const sb = createSandbox('mk-apt-');
    sandboxes.push(sb);
    sb.env.APT_CONFIG = writeAptConfig(path.join(sb.root, 'apt.conf'), etcApt(sb), path.join(sb.root, 'apt'));
    seed(path.join(etcApt(sb), 'sources.list'), '# See sources.list.d/debian.sources\n');
    return sb;
  };
  const needApt = (t: TestContext): boolean => {
    if (aptGet) return true;
    console.log('# apt oracle skipped: apt-get not installed');
    t.skip('apt-get not installed');
    return false;
  };

  before(async () => {
    const arch = aptGet ? (await run('dpkg', ['--print-architecture'], { env: process.env })).stdout.trim() : 'amd64';
    repo = await startAptRepo(SUITES, arch || 'amd64');
  });
  after(async () => {
    await repo.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('sandbox: apt sees none of the host sources', async (t) => {
    if (!needApt(t)) return;
    assert.deepEqual(await aptArchives(sandbox()), []);
  });

  test('fixture: hand-written deb822 sources make apt-get update fetch from the loopback archive', async (t) => {
    if (!needApt(t)) return;
    const sb = sandbox();
    seed(debSources(sb), stanza(repo.archiveUrl));
    assert.deepEqual(await aptArchives(sb), [repo.archiveUrl]);
    await updateThroughMirror(sb, repo);
  });

  test('mirrorkit set apt: apt resolves the mirror and updates through it; comments kept; restore byte for byte', async (t) => {
    if (!needApt(t)) return;
    const sb = sandbox();
    const list = snapshot(path.join(etcApt(sb), 'sources.list'));
    const original = seed(
      debSources(sb),
      `# Debian archive, managed by ops\n${stanza('http://deb.debian.org/debian')}`,
    );
    const set = await runCli(sb, ['set', 'apt', repo.archiveUrl, '--yes']);
    assert.equal(set.code, 0, describeRun(set));

    assert.deepEqual(
      (await aptArchives(sb)).map((u) => u.replace(/\/+$/, '')),
      [repo.archiveUrl],
    );
    assert.match(readFileSync(debSources(sb), 'utf8'), /^# Debian archive, managed by ops$/m);
    await updateThroughMirror(sb, repo);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(debSources(sb)), original);
    assert.deepEqual(snapshot(path.join(etcApt(sb), 'sources.list')), list);
  });
});
