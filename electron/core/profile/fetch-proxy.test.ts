import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { startConnectProxy, type ConnectProxy } from '../../../test/helpers/connect-proxy';
import { makeTestPki, type TestPki } from '../../../test/helpers/pki';

import { FetchError, fetchHttps } from './fetch';

/**
 * Issue 18: a profile is fetched through an https:// proxy (TLS with the proxy, CONNECT inside it, TLS with the
 * server inside the tunnel), as pip, npm, cargo and Go use one; the proxy's certificate is checked like any other.
 */
let tmp = '';
let pki: TestPki;
let proxy: ConnectProxy;
let untrusted: ConnectProxy;
let server: https.Server;
let base = '';

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-fetch-proxy-'));
  pki = makeTestPki(path.join(tmp, 'ca'));
  const stranger = makeTestPki(path.join(tmp, 'stranger'), 'Someone Else CA');
  const cert = (p: TestPki) => ({ key: readFileSync(p.srvKey), cert: readFileSync(p.srvPem) });
  proxy = await startConnectProxy({ tls: cert(pki) });
  untrusted = await startConnectProxy({ tls: cert(stranger) });
  server = https.createServer(cert(pki), (_req, res) => res.end('{"schemaVersion":1}\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await proxy.close();
  await untrusted.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await fs.rm(tmp, { recursive: true, force: true });
});

test('through an https:// proxy: TLS with the proxy, then the tunnel, then TLS with the server inside it', async () => {
  const env = { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: pki.caPem };
  assert.match(proxy.url, /^https:\/\//);
  const body = await fetchHttps({ env }, `${base}/corp.json`, { maxBytes: 1024 });
  assert.equal(body.toString(), '{"schemaVersion":1}\n');
  assert.deepEqual(proxy.seen, [new URL(base).host]);
  assert.ok(
    proxy.tunnelBytes.every((n) => n > 0),
    `TLS inside the tunnel: ${proxy.tunnelBytes.join(', ')}`,
  );
});

test("an https:// proxy whose certificate is not trusted is unreachable, with the proxy's name, and sees nothing", async () => {
  const env = { HTTPS_PROXY: untrusted.url, NODE_EXTRA_CA_CERTS: pki.caPem };
  await assert.rejects(
    fetchHttps({ env }, `${base}/corp.json`, { maxBytes: 1024 }),
    (e: unknown) => e instanceof FetchError && e.message.startsWith(`proxy ${new URL(untrusted.url).host}:`),
  );
  assert.deepEqual(untrusted.seen, []);
  await assert.rejects(
    fetchHttps({ env: { HTTPS_PROXY: 'socks5://127.0.0.1:1' } }, `${base}/corp.json`, { maxBytes: 1024 }),
    /only http:\/\/ and https:\/\/ proxies/,
  );
});
