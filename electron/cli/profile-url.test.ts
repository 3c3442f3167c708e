import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { startConnectProxy } from '../../test/helpers/connect-proxy';
import { serveHttps, type HttpsRoutes } from '../../test/helpers/https-routes';
import { makeTestPki } from '../../test/helpers/pki';
import { createSigner, formatPublicKey } from '../core/profile/minisign';

import { makeSandbox, type Sandbox } from './corp-testkit';

/**
 * Issue 18: a profile from https:// with its .minisig, served on 127.0.0.1 with a certificate from a test CA
 * made by openssl. Unknown CA, cross-origin redirect, oversize → exit 6; the last verified copy works offline.
 */
const signer = createSigner();
let sb: Sandbox;
let server: HttpsRoutes;
let base = '';
let pub = '';
let caEnv: Record<string, string> = {};
const PROFILE = `${JSON.stringify({ schemaVersion: 1, name: 'corp', serial: 1, targets: { npm: { url: 'https://npm.corp.example/' } } })}\n`;

before(async () => {
  sb = await makeSandbox();
  const dir = path.join(sb.root, 'pki');
  const pki = makeTestPki(dir);
  caEnv = { NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') };
  pub = await sb.write('keys/corp.pub', formatPublicKey(signer.publicKey));
  const sig = signer.sign(Buffer.from(PROFILE), 'serial:1');
  server = await serveHttps(pki, {
    '/corp.json': (res) => res.end(PROFILE),
    '/corp.json.minisig': (res) => res.end(sig),
    '/moved.json': (res) => res.writeHead(302, { location: '/corp.json' }).end(),
    '/moved.json.minisig': (res) => res.writeHead(301, { location: `${base}/corp.json.minisig` }).end(),
    '/away.json': (res) =>
      res.writeHead(302, { location: base.replace('127.0.0.1', 'localhost') + '/corp.json' }).end(),
    '/big.json': (res) => res.end(' '.repeat(300 * 1024)),
  });
  base = server.base;
});
after(async () => {
  await server.close();
  await sb.cleanup();
});

const apply = (url: string, env: Record<string, string>, ...more: string[]) =>
  sb.cli(['apply', '--profile', url, '--pubkey', pub, '--json', ...more], { env });

test('an unknown CA, a cross-origin redirect and an oversized profile are unreachable (exit 6) and change nothing', async () => {
  const before = await sb.snapshot();
  const unknown = await apply(`${base}/corp.json`, {}, '--yes');
  assert.equal(unknown.code, 6, unknown.out);
  assert.equal(JSON.parse(unknown.out).error.code, 'trust.unreachable');
  const away = await apply(`${base}/away.json`, caEnv, '--yes');
  assert.equal(away.code, 6);
  assert.match(JSON.parse(away.out).error.message, /another origin/);
  const big = await apply(`${base}/big.json`, caEnv, '--yes');
  assert.equal(big.code, 6);
  assert.match(JSON.parse(big.out).error.message, /larger than 262144 bytes/);
  const noKey = await sb.cli(['apply', '--profile', `${base}/corp.json`, '--json', '--yes'], { env: caEnv });
  assert.equal(noKey.code, 5);
  const http = await sb.cli(['apply', '--profile', 'http://127.0.0.1:1/corp.json', '--pubkey', pub, '--json', '--yes']);
  assert.equal(http.code, 2);
  assert.deepEqual(await sb.snapshot(), before);
});

test('policy: locked tools refused from the CLI (exit 2), check --from-policy exits 1, apply --from-policy fixes it, a wrong pin is exit 5', async () => {
  const line = formatPublicKey(signer.publicKey).split('\n')[1] as string;
  const policy = { ProfileUrl: `${base}/corp.json`, ProfilePublicKeys: [line], LockedTargets: ['npm'] };
  await sb.write('sysroot/etc/mirrorkit/policies/managed/corp.json', JSON.stringify(policy));
  const shown = await sb.cli(['policy', '--json']);
  assert.equal(shown.code, 0, shown.out);
  assert.deepEqual(JSON.parse(shown.out).locked, ['npm']);
  const before = await sb.snapshot();
  const set = await sb.cli(['set', 'npm', 'https://registry.npmmirror.com/', '--yes', '--json']);
  assert.equal(set.code, 2);
  assert.equal(JSON.parse(set.out).error.code, 'policy.locked');
  const zh = await sb.cli(['apply', '--preset', 'aliyun', '--only', 'npm', '--yes', '--lang', 'zh-CN']);
  assert.equal(zh.code, 2);
  assert.match(zh.err, /由您的组织管理/);
  assert.deepEqual(await sb.snapshot(), before);
  const drift = await sb.cli(['check', '--from-policy', '--summary'], { env: caEnv });
  assert.equal(drift.code, 1, drift.out);
  assert.match(drift.out, /^MirrorKit drift: npm=missing;/);
  const fix = await sb.cli(['apply', '--from-policy', '--yes', '--json'], { env: caEnv });
  assert.equal(fix.code, 0, fix.out);
  // Restore would put npm back where it was: for a locked tool that is a change too.
  const fixed = await sb.snapshot();
  const undo = await sb.cli(['restore', '--yes', '--json']);
  assert.equal(undo.code, 2, undo.out);
  assert.equal(JSON.parse(undo.out).error.code, 'policy.locked-restore');
  assert.deepEqual(await sb.snapshot(), fixed);
  const ok = await sb.cli(['check', '--from-policy', '--summary'], { env: caEnv });
  assert.equal(ok.code, 0, ok.out);
  await sb.write(
    'sysroot/etc/mirrorkit/policies/managed/corp.json',
    JSON.stringify({ ...policy, ProfileSha256: '0'.repeat(64) }),
  );
  const pinned = await sb.cli(['check', '--from-policy', '--json'], { env: caEnv });
  assert.equal(pinned.code, 5);
  assert.equal(JSON.parse(pinned.out).error.code, 'trust.pin-mismatch');
  await fs.rm(path.join(sb.root, 'sysroot/etc/mirrorkit'), { recursive: true });
  // npm was configured by the policy's profile: remove the npmrc so the next test starts from nothing.
  await fs.rm(path.join(sb.root, 'home/.npmrc'));
});

test('HTTPS_PROXY: the profile is fetched through a CONNECT proxy, not for a NO_PROXY host; a dead proxy is unreachable', async () => {
  const proxy = await startConnectProxy();
  const { seen, url: proxyUrl } = proxy;
  try {
    const via = await apply(`${base}/corp.json`, { ...caEnv, HTTPS_PROXY: proxyUrl }, '--dry-run');
    assert.equal(via.code, 0, via.out);
    const port = new URL(base).port;
    assert.deepEqual(
      seen,
      [`127.0.0.1:${port}`, `127.0.0.1:${port}`],
      'the profile and its signature went through the proxy',
    );
    assert.ok(
      proxy.tunnelBytes.every((bytes) => bytes > 0),
      `the TLS sessions ran inside the tunnels (bytes sent into each: ${proxy.tunnelBytes.join(', ')})`,
    );
    const direct = await apply(
      `${base}/corp.json`,
      { ...caEnv, https_proxy: proxyUrl, NO_PROXY: 'localhost,127.0.0.1' },
      '--dry-run',
    );
    assert.equal(direct.code, 0, direct.out);
    assert.equal(seen.length, 2, 'NO_PROXY: not through the proxy');
  } finally {
    await proxy.close();
  }
  const dead = await apply(`${base}/never-fetched.json`, { ...caEnv, HTTPS_PROXY: proxyUrl }, '--dry-run');
  assert.equal(dead.code, 6, dead.out);
  assert.match(JSON.parse(dead.out).error.message, /proxy 127\.0\.0\.1/);
});

test('the test CA trusted, the profile applies (same-origin redirects followed), and the verified copy is used offline', async () => {
  const moved = await apply(`${base}/moved.json`, caEnv, '--dry-run');
  assert.equal(moved.code, 0, moved.out);
  const r = await apply(`${base}/corp.json`, caEnv, '--yes');
  assert.equal(r.code, 0, r.out);
  assert.match(await fs.readFile(path.join(sb.root, 'home/.npmrc'), 'utf8'), /registry=https:\/\/npm\.corp\.example\//);
  await server.close();
  const offline = await apply(`${base}/corp.json`, caEnv, '--dry-run');
  assert.equal(offline.code, 0, offline.out);
  const check = await sb.cli(['check', '--profile', `${base}/corp.json`, '--pubkey', pub, '--summary'], { env: caEnv });
  assert.equal(check.code, 0, check.out);
  assert.match(check.out, /from the last verified copy \(offline\)/);
  // Another URL was never verified, so nothing is cached for it.
  const other = await apply(`${base}/other.json`, caEnv, '--dry-run');
  assert.equal(other.code, 6);
});
