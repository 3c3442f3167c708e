// Oracle: Gradle itself (`-g` pins its user home into the sandbox; Java ignores HOME) must resolve Maven Central
// through the mirror of the init script MirrorKit wrote, and restore must remove that script.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startLoopback, type LoopbackServer } from '../fixtures/http';
import { createSandbox, describeRun, run, runCli, snapshot, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

const initScript = (sb: Sandbox): string => path.join(sb.home, '.gradle', 'init.d', 'mirrorkit.gradle');
const POM = '/maven2/org/example/mk/probe/1.0/probe-1.0.pom';

/** A build on mavenCentral() resolving one artifact that exists only on the mirror (which answers 404). */
async function resolveThroughCentral(sb: Sandbox): Promise<{ code: number | null; out: string }> {
  const dir = sb.dir('project');
  writeFileSync(path.join(dir, 'settings.gradle'), '');
  writeFileSync(
    path.join(dir, 'build.gradle'),
    "repositories { mavenCentral() }\nconfigurations { probe }\ndependencies { probe 'org.example.mk:probe:1.0' }\n" +
      'task resolveProbe { doLast { configurations.probe.resolve() } }\n',
  );
  const r = await run('gradle', ['--no-daemon', '-q', '-g', path.join(sb.home, '.gradle'), '-p', dir, 'resolveProbe'], {
    env: sb.env,
    cwd: dir,
    timeoutMs: 180_000,
  });
  return { code: r.code, out: `${r.stdout}\n${r.stderr}` };
}

describe('gradle oracle', () => {
  const unavailable = findExecutable('gradle', process.env)
    ? null
    : 'gradle is not installed here (apt-get install gradle)';
  let server: LoopbackServer;
  const sandboxes: Sandbox[] = [];

  before(async () => {
    if (!unavailable) server = await startLoopback();
  });
  after(async () => {
    await server?.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('mirrorkit set gradle: Gradle fetches Central artifacts from the mirror (verified by gradle itself); restore removes the script', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const sb = createSandbox('mk-gradle-');
    sandboxes.push(sb);
    const url = `${server.origin}/maven2/`;
    const set = await runCli(sb, ['set', 'gradle', url, '--yes']);
    assert.equal(set.code, 0, describeRun(set));

    const from = server.requests.length;
    const r = await resolveThroughCentral(sb);
    assert.notEqual(r.code, 0, 'the loopback mirror answers 404');
    assert.ok(server.requests.slice(from).includes(`GET ${POM}`), `loopback log: ${server.requests.join(', ')}`);
    assert.doesNotMatch(r.out, /repo\.maven\.apache\.org/, 'Central itself is not asked');

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal(snapshot(initScript(sb)), null);
  });
});
