import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { makeTestPki } from '../../test/helpers/pki';

import { makeSandbox, type Sandbox } from './corp-testkit';

/**
 * Issue 18: the HttpsProxy, NoProxy and CaCertificates policies (Linux JSON here; the registry reader is tested in
 * electron/core/policy/corporate.test.ts) are reported by `policy --json`, win over a profile's proxy and CA when
 * mandatory, are what `test --profile` measures through, and a CA file that is not a CA certificate refuses the
 * apply with nothing changed.
 */
let sb: Sandbox;
let caPem = '';
let profile = '';
let proxy: net.Server;
let proxyUrl = '';
const connects: string[] = [];
const POLICY = 'sysroot/etc/mirrorkit/policies/managed/corp.json';

before(async () => {
  sb = await makeSandbox();
  caPem = makeTestPki(path.join(sb.root, 'pki')).caPem;
  // A proxy that records each CONNECT and refuses it: the speed test never reaches a mirror.
  proxy = net.createServer((socket) => {
    let head = '';
    socket.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      connects.push(/^CONNECT (\S+)/.exec(head)?.[1] ?? '?');
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  profile = await sb.write(
    'corp.json',
    JSON.stringify({
      schemaVersion: 1,
      name: 'corp',
      targets: { npm: { url: 'https://npm.corp.example/' } },
      proxy: { https: 'http://profile-proxy.corp.example:8080', noProxy: ['.own.example'] },
    }),
  );
});
after(async () => {
  await new Promise<void>((r) => proxy.close(() => r()));
  await sb.cleanup();
});

test('mandatory HttpsProxy, NoProxy and CaCertificates: reported, measured through, and written over the profile', async () => {
  await sb.write(
    POLICY,
    JSON.stringify({ HttpsProxy: proxyUrl, NoProxy: '.corp.example, 10.0.0.0/8', CaCertificates: [caPem] }),
  );
  const shown = await sb.cli(['policy', '--json']);
  assert.equal(shown.code, 0, shown.out);
  const effective = JSON.parse(shown.out).effective;
  assert.equal(effective.HttpsProxy.value, proxyUrl);
  assert.deepEqual(effective.NoProxy.value, ['.corp.example', '10.0.0.0/8']);
  assert.deepEqual(effective.CaCertificates.value, [caPem]);

  const probe = await sb.cli(
    ['test', '--profile', profile, '--kind', 'npm', '--url', 'https://registry.example.org/', '--json'],
    { env: { HTTPS_PROXY: 'http://env-proxy.invalid:1' } },
  );
  assert.deepEqual(connects, ['registry.example.org:443'], `the policy's proxy, not the profile's: ${probe.out}`);

  const r = await sb.cli(['apply', '--profile', profile, '--yes', '--json']);
  assert.equal(r.code, 0, r.out);
  const npmrc = await fs.readFile(path.join(sb.root, 'home/.npmrc'), 'utf8');
  assert.match(npmrc, new RegExp(`^https-proxy=${proxyUrl.replace(/\./g, '\\.')}/?$`, 'm'));
  assert.match(npmrc, /^noproxy=\.corp\.example,10\.0\.0\.0\/8$/m);
  assert.doesNotMatch(npmrc, /profile-proxy/);
  const cafile = /^cafile=(.+)$/m.exec(npmrc)?.[1];
  assert.ok(cafile, npmrc);
  assert.ok((await fs.readFile(cafile, 'utf8')).includes('MirrorKit Test CA'), 'the policy CA is in the bundle');
});

test('a CaCertificates file that is not a CA certificate refuses the apply (exit 2) and changes nothing', async () => {
  const bogus = await sb.write('not-a-ca.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  await sb.write(POLICY, JSON.stringify({ CaCertificates: [bogus] }));
  const before = await sb.snapshot();
  const r = await sb.cli(['apply', '--profile', profile, '--yes', '--json']);
  assert.equal(r.code, 2, r.out);
  const error = JSON.parse(r.out).error;
  assert.equal(error.code, 'error.bad-ca');
  assert.equal(error.params.source, bogus);
  assert.deepEqual(await sb.snapshot(), before);
  const zh = await sb.cli(['apply', '--profile', profile, '--yes', '--lang', 'zh-CN']);
  assert.equal(zh.code, 2);
  assert.match(zh.err, /CA 证书 .* 被拒绝/);
});
