// Oracle: Maven itself (the real mvn, Java's user.home pinned into the sandbox) must resolve through the mirror
// MirrorKit wrote into ~/.m2/settings.xml, fetch a parent POM from it, and get the file back byte for byte.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { mavenJavaInvocation } from '../../electron/core/platform/maven-launch';
import { startLoopback, type LoopbackServer } from '../fixtures/http';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

const settingsXml = (sb: Sandbox): string => path.join(sb.home, '.m2', 'settings.xml');
const PARENT = '/maven2/org/example/mk/probe-parent/1.0/probe-parent-1.0.pom';

/** A project whose parent exists nowhere but on the mirror: Maven must ask the mirror for it. */
async function validateWithMissingParent(sb: Sandbox): Promise<{ code: number | null; out: string }> {
  const dir = sb.dir('project');
  writeFileSync(
    path.join(dir, 'pom.xml'),
    '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>' +
      '<parent><groupId>org.example.mk</groupId><artifactId>probe-parent</artifactId><version>1.0</version><relativePath/></parent>' +
      '<artifactId>probe</artifactId></project>\n',
  );
  const r = await run(
    'mvn',
    ['-B', `-Duser.home=${sb.home}`, `-Dmaven.repo.local=${path.join(sb.root, 'm2repo')}`, 'validate'],
    { env: sb.env, cwd: dir, timeoutMs: 120_000 },
  );
  return { code: r.code, out: `${r.stdout}\n${r.stderr}` };
}

describe('maven oracle', () => {
  const mvn = findExecutable('mvn', process.env);
  const unavailable = mvn ? null : 'mvn is not installed here (apt-get install maven)';
  let server: LoopbackServer;
  const sandboxes: Sandbox[] = [];
  const sandbox = (): Sandbox => {
    const sb = createSandbox('mk-maven-');
    sandboxes.push(sb);
    return sb;
  };

  before(async () => {
    if (unavailable) return;
    server = await startLoopback();
  });
  after(async () => {
    await server?.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('mirrorkit set maven: Maven resolves through the mirror (verified by mvn itself); restore removes the new file', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const sb = sandbox();
    const url = `${server.origin}/maven2/`;
    const set = await runCli(sb, ['set', 'maven', url, '--yes']);
    assert.equal(set.code, 0, describeRun(set));
    assert.match(readFileSync(settingsXml(sb), 'utf8'), /<mirrorOf>central<\/mirrorOf>/);

    const before = server.requests.length;
    const v = await validateWithMissingParent(sb);
    assert.notEqual(v.code, 0);
    assert.ok(server.requests.slice(before).includes(`GET ${PARENT}`), `loopback log: ${server.requests.join(', ')}`);
    assert.ok(v.out.includes(`in mirrorkit (${url})`), v.out);

    const status = await runCli(sb, ['status', 'maven', '--json']);
    assert.equal(status.code, 0, describeRun(status));
    assert.ok(status.stdout.includes(url), status.stdout);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal(snapshot(settingsXml(sb)), null, 'settings.xml did not exist before set, so restore removes it');
  });

  test('an existing settings.xml: servers, comments and a company mirror kept; restore gives it back byte for byte', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const sb = sandbox();
    const corpUrl = `${server.origin}/corp/`;
    const original = seed(
      settingsXml(sb),
      `<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- IT: see wiki -->\r\n<settings>\r\n  <servers>\r\n    <server><id>corp</id><username>li</username><password>hunter2-very-secret</password></server>\r\n  </servers>\r\n  <mirrors>\r\n    <mirror><id>corp</id><mirrorOf>*</mirrorOf><url>${corpUrl}</url></mirror>\r\n  </mirrors>\r\n</settings>\r\n`,
    );
    const url = `${server.origin}/maven2/`;
    const set = await runCli(sb, ['set', 'maven', url, '--yes', '--json']);
    assert.equal(set.code, 0, describeRun(set));
    assert.doesNotMatch(set.stdout, /hunter2-very-secret/);
    const text = readFileSync(settingsXml(sb), 'utf8');
    assert.ok(text.includes('<password>hunter2-very-secret</password>') && text.includes('<!-- IT: see wiki -->'));

    const before = server.requests.length;
    const v = await validateWithMissingParent(sb);
    assert.ok(server.requests.slice(before).includes(`GET ${PARENT}`), `loopback log: ${server.requests.join(', ')}`);
    assert.ok(
      !server.requests.slice(before).some((r) => r.startsWith('GET /corp/org/example')),
      'Central no longer goes to the company mirror',
    );
    assert.ok(v.out.includes(`in mirrorkit (${url})`), v.out);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(settingsXml(sb)), original);
  });

  test('Windows runs Maven without mvn.cmd: the Java command of the launcher sees the same mirror', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const java = findExecutable('java', process.env);
    const home = path.dirname(path.dirname(realpathSync(mvn!)));
    if (!java) return t.skip('java is not on PATH');
    const sb = sandbox();
    const url = `${server.origin}/maven2/`;
    const set = await runCli(sb, ['set', 'maven', url, '--yes']);
    assert.equal(set.code, 0, describeRun(set));
    const dir = sb.dir('verify');
    writeFileSync(
      path.join(dir, 'pom.xml'),
      '<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>a</artifactId><version>1</version><packaging>pom</packaging></project>\n',
    );
    const inv = await mavenJavaInvocation({ platform: 'linux', env: {} }, home, dir, java);
    assert.ok(inv, `no classworlds jar under ${home}/boot`);
    const r = await run(
      inv.command,
      [...inv.args, '-B', '-X', '-o', '-N', `-Duser.home=${sb.home}`, '-f', path.join(dir, 'pom.xml'), 'validate'],
      { env: sb.env, cwd: dir, timeoutMs: 120_000 },
    );
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(
      r.stdout.includes(`Repositories (dependencies): [mirrorkit (${url}, default, releases)]`),
      r.stdout
        .split('\n')
        .filter((l) => l.includes('Repositories'))
        .join('\n'),
    );
  });

  test('a malformed settings.xml: exit 2 with the path and the parser reason, file untouched', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const sb = sandbox();
    mkdirSync(path.dirname(settingsXml(sb)), { recursive: true });
    const original = seed(settingsXml(sb), '<settings>\n  <mirrors>\n</settings>\n');
    const set = await runCli(sb, ['set', 'maven', 'aliyun', '--yes', '--lang', 'en']);
    assert.equal(set.code, 2, describeRun(set));
    assert.ok(`${set.stdout}${set.stderr}`.includes(settingsXml(sb)), describeRun(set));
    assert.match(`${set.stdout}${set.stderr}`, /unexpected close tag/);
    assert.deepEqual(snapshot(settingsXml(sb)), original);
  });
});
