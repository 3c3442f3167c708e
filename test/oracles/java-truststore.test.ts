// Oracle (issue 18): Maven and Gradle themselves fetch from an https repository on 127.0.0.1 signed by a test CA
// once `apply --profile` has given them MirrorKit's truststore (~/.mavenrc, gradle.properties); with the mirror
// alone they fail the TLS handshake, and again after the restore.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startLoopback, type LoopbackServer } from '../fixtures/http';
import { makeTestPki, type TestPki } from '../helpers/pki';
import { findExecutable } from '../helpers/which';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';

const G = '/maven2/org/example/mk';
const pom = (artifact: string, packaging = 'jar') =>
  `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>org.example.mk</groupId><artifactId>${artifact}</artifactId><version>1.0</version><packaging>${packaging}</packaging></project>\n`;
const TLS_REFUSED = /PKIX path building failed|unable to find valid certification path|SSLHandshakeException/;

async function httpsFront(pki: TestPki, origin: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = https.createServer({ key: readFileSync(pki.srvKey), cert: readFileSync(pki.srvPem) }, (req, res) => {
    const up = http.request(`${origin}${req.url ?? '/'}`, { method: req.method }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    up.end();
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('Java truststore oracle (Maven, Gradle)', () => {
  const mvn = findExecutable('mvn', process.env);
  const gradle = findExecutable('gradle', process.env);
  const keytool = findExecutable('keytool', process.env);
  let pki: TestPki;
  let repo: LoopbackServer;
  let front: { origin: string; close: () => Promise<void> };
  let sb: Sandbox;

  before(async () => {
    sb = createSandbox('mk-java-trust-');
    pki = makeTestPki(sb.dir('pki'), 'Contoso Root CA');
    repo = await startLoopback();
    for (const a of ['probe-parent', 'probe'])
      repo.files.set(`${G}/${a}/1.0/${a}-1.0.pom`, { body: pom(a, a === 'probe' ? 'jar' : 'pom') });
    repo.files.set(`${G}/probe/1.0/probe-1.0.jar`, { body: Buffer.from('PK\u0005\u0006' + '\0'.repeat(18), 'latin1') });
    front = await httpsFront(pki, repo.origin);
  });
  after(async () => {
    await front.close();
    await repo.close();
    sb.cleanup();
  });

  const apply = async (withCa: boolean) => {
    const url = `${front.origin}/maven2/`;
    const targets: Record<string, unknown> = {};
    if (mvn) targets.maven = { url };
    if (gradle) targets.gradle = { url };
    seed(
      path.join(sb.root, 'corp.json'),
      JSON.stringify({ name: 'Contoso', targets, ...(withCa ? { ca: [{ file: pki.caPem }] } : {}) }),
    );
    const r = await runCli(sb, ['apply', '--profile', path.join(sb.root, 'corp.json'), '--yes', '--json'], {}, 300_000);
    assert.equal(r.code, 0, describeRun(r));
  };

  const maven = async () => {
    const dir = sb.dir('mvn-project');
    writeFileSync(
      path.join(dir, 'pom.xml'),
      '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>' +
        '<parent><groupId>org.example.mk</groupId><artifactId>probe-parent</artifactId><version>1.0</version><relativePath/></parent>' +
        '<artifactId>probe-child</artifactId></project>\n',
    );
    // HOME (the sandbox's) is where bin/mvn finds ~/.mavenrc; -Duser.home is where Maven finds ~/.m2.
    const r = await run(mvn!, ['-B', `-Duser.home=${sb.home}`, `-Dmaven.repo.local=${sb.dir('m2repo')}`, 'validate'], {
      env: sb.env,
      cwd: dir,
      timeoutMs: 180_000,
    });
    return { code: r.code, out: `${r.stdout}\n${r.stderr}` };
  };

  const gradleBuild = async () => {
    const dir = sb.dir('gradle-project');
    writeFileSync(path.join(dir, 'settings.gradle'), '');
    writeFileSync(
      path.join(dir, 'build.gradle'),
      "repositories { mavenCentral() }\nconfigurations { probe }\ndependencies { probe 'org.example.mk:probe:1.0' }\n" +
        'task resolveProbe { doLast { configurations.probe.resolve() } }\n',
    );
    const r = await run(
      gradle!,
      ['--no-daemon', '-q', '-g', path.join(sb.home, '.gradle'), '-p', dir, 'resolveProbe'],
      {
        env: sb.env,
        cwd: dir,
        timeoutMs: 300_000,
      },
    );
    return { code: r.code, out: `${r.stdout}\n${r.stderr}` };
  };

  test('refused with the mirror alone, trusted after the CA is applied, refused again after restore', async (t) => {
    if (!keytool) return t.skip('no JDK (keytool) here');
    if (!mvn && !gradle) return t.skip('neither mvn nor gradle is installed here');
    await apply(false);
    if (mvn) {
      const r = await maven();
      assert.notEqual(r.code, 0);
      assert.match(r.out, TLS_REFUSED);
    }
    if (gradle) {
      const r = await gradleBuild();
      assert.notEqual(r.code, 0);
      assert.match(r.out, TLS_REFUSED);
    }

    await apply(true);
    if (mvn) {
      const from = repo.requests.length;
      const r = await maven();
      assert.equal(r.code, 0, r.out);
      assert.ok(
        repo.requests.slice(from).includes(`GET ${G}/probe-parent/1.0/probe-parent-1.0.pom`),
        repo.requests.join(', '),
      );
    }
    if (gradle) {
      const from = repo.requests.length;
      const r = await gradleBuild();
      assert.equal(r.code, 0, r.out);
      assert.ok(repo.requests.slice(from).includes(`GET ${G}/probe/1.0/probe-1.0.jar`), repo.requests.join(', '));
    }

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal(snapshot(path.join(sb.home, '.mavenrc')), null);
    assert.equal(snapshot(path.join(sb.home, '.gradle', 'gradle.properties')), null);
    if (mvn) assert.match((await maven()).out, TLS_REFUSED);
  });
});
