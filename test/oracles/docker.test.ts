// Oracle: a real dockerd, started on the daemon.json MirrorKit wrote, must list the mirror in `docker info`.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';

import { startDockerd } from '../fixtures/dockerd';
import { startLoopback, type LoopbackServer } from '../fixtures/http';
import { createSandbox, describeRun, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

const daemonJson = (sb: Sandbox): string => path.join(sb.sysroot, 'etc', 'docker', 'daemon.json');
const noSlash = (u: string): string => u.replace(/\/+$/, '');

interface Observed {
  mirrors: string[];
  debug: string;
}

/** Start dockerd on the sandbox daemon.json, read back what the daemon itself loaded, stop it. */
async function daemonView(sb: Sandbox, dockerd: string): Promise<Observed> {
  const d = await startDockerd(dockerd, daemonJson(sb), sb.dir('dockerd'), sb.env);
  try {
    const m = await d.docker(['info', '--format', '{{json .RegistryConfig.Mirrors}}']);
    assert.equal(m.code, 0, describeRun(m));
    const dbg = await d.docker(['info', '--format', '{{.Debug}}']);
    assert.equal(dbg.code, 0, describeRun(dbg));
    return { mirrors: (JSON.parse(m.stdout) as string[]).map(noSlash), debug: dbg.stdout.trim() };
  } finally {
    await d.stop();
  }
}

describe('docker oracle', () => {
  let mirror: LoopbackServer;
  const sandboxes: Sandbox[] = [];
  const sandbox = (): Sandbox => {
    const sb = createSandbox('mk-docker-');
    sandboxes.push(sb);
    return sb;
  };
  const probe = createSandbox('mk-docker-probe-');
  sandboxes.push(probe);
  const dockerd = findExecutable('dockerd', probe.env);
  const client = findExecutable('docker', probe.env);
  const unavailable = !dockerd ? 'dockerd not installed' : !client ? 'docker client not installed' : null;
  const needDocker = (t: TestContext): string | null => {
    if (!unavailable) return dockerd;
    console.log(`# docker oracle skipped: ${unavailable}`);
    t.skip(unavailable);
    return null;
  };

  before(async () => {
    // A registry endpoint in case the CLI probes the mirror before writing (/v2/ answers as a registry does).
    mirror = await startLoopback();
    mirror.files.set('/v2/', { body: '{}', type: 'application/json' });
  });
  after(async () => {
    await mirror.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('fixture: dockerd started on a hand-written daemon.json reports its mirror', async (t) => {
    const bin = needDocker(t);
    if (!bin) return;
    const sb = sandbox();
    seed(daemonJson(sb), `{\n  "debug": true,\n  "registry-mirrors": ["${mirror.origin}"]\n}\n`);
    assert.deepEqual(await daemonView(sb, bin), { mirrors: [mirror.origin], debug: 'true' });
  });

  test('mirrorkit set docker: dockerd lists the mirror, other keys survive; restore is byte for byte', async (t) => {
    const bin = needDocker(t);
    if (!bin) return;
    const sb = sandbox();
    const original = seed(daemonJson(sb), '{\n  "debug": true\n}\n');
    const set = await runCli(sb, ['set', 'docker', mirror.origin, '--yes']);
    assert.equal(set.code, 0, describeRun(set));
    assert.deepEqual(await daemonView(sb, bin), { mirrors: [mirror.origin], debug: 'true' });

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(daemonJson(sb)), original);
  });

  test('mirrorkit set docker creates daemon.json when absent; restore removes it', async (t) => {
    const bin = needDocker(t);
    if (!bin) return;
    const sb = sandbox();
    const set = await runCli(sb, ['set', 'docker', mirror.origin, '--yes']);
    assert.equal(set.code, 0, describeRun(set));
    assert.deepEqual((await daemonView(sb, bin)).mirrors, [mirror.origin]);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal(snapshot(daemonJson(sb)), null);
  });

  test('a daemon.json dockerd rejects makes mirrorkit set docker exit 2 and leaves the file byte-identical', async (t) => {
    const bin = needDocker(t);
    if (!bin) return;
    const sb = sandbox();
    const original = seed(daemonJson(sb), '{\n  "debug": true,,\n}\n');
    // The file is malformed by dockerd's own judgement, not just ours.
    await assert.rejects(
      startDockerd(bin, daemonJson(sb), sb.dir('dockerd'), sb.env),
      /unable to configure the Docker daemon/,
    );

    const set = await runCli(sb, ['set', 'docker', mirror.origin, '--yes']);
    assert.equal(set.code, 2, describeRun(set));
    assert.deepEqual(snapshot(daemonJson(sb)), original);
  });
});
