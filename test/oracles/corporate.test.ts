// Oracle (issue 18): after `apply --profile` with a CA and a proxy, pip and npm themselves report the settings
// MirrorKit wrote, and fetch from an https mirror signed by a test CA, through a loopback CONNECT proxy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startNpmRegistry, NPM_VERSION, type NpmRegistry } from '../fixtures/npm-registry';
import { startLoopback } from '../fixtures/http';
import { startPypiIndex, WHEEL_FILE, type PypiIndex } from '../fixtures/pypi-index';
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy';
import { makeTestPki, type TestPki } from '../helpers/pki';
import { findExecutable } from '../helpers/which';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';

/** An https front on 127.0.0.1 (the test CA's server certificate) for a loopback http fixture. */
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

describe('corporate CA and proxy oracle', () => {
  let sb: Sandbox;
  let pki: TestPki;
  let index: PypiIndex;
  let reg: NpmRegistry;
  let proxy: ConnectProxy;
  const fronts: { origin: string; close: () => Promise<void> }[] = [];

  before(async () => {
    sb = createSandbox('mk-corp-');
    pki = makeTestPki(sb.dir('pki'), 'Contoso Root CA');
    index = await startPypiIndex();
    reg = await startNpmRegistry(sb.dir('pack'), sb.env);
    proxy = await startConnectProxy();
    fronts.push(await httpsFront(pki, index.server.origin), await httpsFront(pki, reg.server.origin));
  });
  after(async () => {
    for (const f of fronts) await f.close();
    await proxy.close();
    await index.server.close();
    await reg.server.close();
    sb.cleanup();
  });

  test('pip and npm report cert/cafile and proxy, fetch through the proxy with the test CA; restore removes it all', async () => {
    const [pypi, npmjs] = fronts.map((f) => f.origin);
    const profile = seed(
      path.join(sb.root, 'corp.json'),
      JSON.stringify({
        name: 'Contoso',
        targets: { pip: { url: `${pypi}/simple/` }, npm: { url: `${npmjs}/` } },
        ca: [{ file: pki.caPem }],
        proxy: { https: proxy.url, noProxy: ['.intra.example'] },
      }),
    );
    const pipConf = path.join(sb.xdgConfig, 'pip', 'pip.conf');
    const npmrc = path.join(sb.home, '.npmrc');
    const r = await runCli(sb, ['apply', '--profile', path.join(sb.root, 'corp.json'), '--yes', '--json']);
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(profile.length > 0);

    // This machine sets REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE, which requests prefers to pip's `cert` (the plan
    // warns about it): pip runs without them, as on a developer's machine.
    const pipEnv = { ...sb.env, REQUESTS_CA_BUNDLE: undefined, CURL_CA_BUNDLE: undefined };
    const pip = (args: string[]) =>
      run('python3', ['-m', 'pip', '--disable-pip-version-check', ...args], { env: pipEnv, cwd: sb.root });
    const cert = (await pip(['config', 'get', 'global.cert'])).stdout.trim();
    assert.match(cert, /\/corporate\/ca-bundle-[0-9a-f]{12}\.pem$/);
    assert.match(readFileSync(cert, 'utf8'), /# CN=Contoso Root CA/);
    assert.equal((await pip(['config', 'get', 'global.proxy'])).stdout.trim(), proxy.url);

    const npm = async (...args: string[]) => (await run('npm', args, { env: sb.env, cwd: sb.home })).stdout.trim();
    assert.equal(await npm('config', 'get', 'cafile'), cert, 'npm and pip share one bundle');
    assert.equal(await npm('config', 'get', 'https-proxy'), proxy.url);
    assert.equal(await npm('config', 'get', 'proxy'), proxy.url);
    assert.equal(await npm('config', 'get', 'noproxy'), '.intra.example');

    const dest = sb.dir('dl');
    const dl = await pip(['download', '--no-deps', '-d', dest, 'mkdemo']);
    assert.equal(dl.code, 0, describeRun(dl));
    assert.ok(snapshot(path.join(dest, WHEEL_FILE)));
    assert.ok(proxy.seen.includes(new URL(pypi!).host), `proxy saw: ${proxy.seen.join(', ')}`);
    // npm's proxy agent checks an IP host's certificate against the name localhost: the test certificate names both.
    const view = await run('npm', ['view', 'mkdemo', 'version', '--fetch-retries', '0'], { env: sb.env, cwd: sb.home });
    assert.equal(view.stdout.trim(), NPM_VERSION, describeRun(view));
    assert.ok(proxy.seen.includes(new URL(npmjs!).host), `proxy saw: ${proxy.seen.join(', ')}`);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal(snapshot(pipConf), null);
    assert.equal(snapshot(npmrc), null);
    assert.equal(snapshot(cert), null, 'the bundle copy is removed too');
  });

  test('cargo reports http.cainfo and http.proxy; Maven fetches through the proxy MirrorKit put in settings.xml', async (t) => {
    const cargoExe = findExecutable('cargo', process.env);
    const mvnExe = findExecutable('mvn', process.env);
    if (!cargoExe && !mvnExe) return t.skip('neither cargo nor mvn is installed here');
    const sb2 = createSandbox('mk-corp2-');
    try {
      const repo = await startLoopback();
      const targets: Record<string, unknown> = {};
      if (cargoExe) targets.cargo = { url: `${fronts[0]!.origin}/index/` };
      if (mvnExe) targets.maven = { url: `${repo.origin}/maven2/` };
      seed(
        path.join(sb2.root, 'corp.json'),
        JSON.stringify({ name: 'Contoso', targets, ca: [{ file: pki.caPem }], proxy: { https: proxy.url } }),
      );
      const r = await runCli(sb2, ['apply', '--profile', path.join(sb2.root, 'corp.json'), '--yes', '--json']);
      assert.equal(r.code, 0, describeRun(r));
      if (cargoExe) {
        const env = { ...sb2.env, RUSTC_BOOTSTRAP: '1' };
        const get = async (key: string) =>
          (await run(cargoExe, ['-Zunstable-options', 'config', 'get', key], { env, cwd: sb2.root })).stdout.trim();
        assert.match(await get('http.cainfo'), /^http\.cainfo = ".*[/\\]corporate[/\\]ca-bundle-[0-9a-f]{12}\.pem"$/);
        assert.equal(await get('http.proxy'), `http.proxy = "${proxy.url}"`);
      }
      if (mvnExe) {
        const dir = sb2.dir('project');
        const parent = '/maven2/org/example/mk/probe-parent/1.0/probe-parent-1.0.pom';
        seed(
          path.join(dir, 'pom.xml'),
          '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>' +
            '<parent><groupId>org.example.mk</groupId><artifactId>probe-parent</artifactId><version>1.0</version><relativePath/></parent>' +
            '<artifactId>probe</artifactId></project>\n',
        );
        const seen = proxy.seen.length;
        await run(
          mvnExe,
          ['-B', `-Duser.home=${sb2.home}`, `-Dmaven.repo.local=${path.join(sb2.root, 'm2repo')}`, 'validate'],
          {
            env: sb2.env,
            cwd: dir,
            timeoutMs: 120_000,
          },
        );
        assert.ok(
          proxy.seen.slice(seen).includes(`${repo.origin}${parent}`),
          `the proxy saw: ${proxy.seen.slice(seen).join(', ')}; the repository: ${repo.requests.join(', ')}`,
        );
      }
      const restore = await runCli(sb2, ['restore', '--yes']);
      assert.equal(restore.code, 0, describeRun(restore));
      assert.equal(snapshot(path.join(sb2.home, '.m2', 'settings.xml')), null);
      await repo.close();
    } finally {
      sb2.cleanup();
    }
  });
});
