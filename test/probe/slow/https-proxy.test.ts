// An https:// proxy (TLS with the proxy, then CONNECT inside it), as pip (urllib3 ≥ 1.26), npm, cargo (libcurl)
// and Go speak to one (issue 18): the speed test measures through it too. A proxy whose certificate the test does
// not trust is a TLS failure said to be the proxy's. Real loopback sockets, hence the slow lane.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { probeMirrors } from '../../../electron/core/probe';
import { startConnectProxy, type ConnectProxy } from '../../helpers/connect-proxy';
import { makeTestPki, type TestPki } from '../../helpers/pki';

describe('speed test through an https:// proxy', () => {
  let tmp: string;
  let pki: TestPki;
  let stranger: TestPki;
  let proxy: ConnectProxy;
  let untrusted: ConnectProxy;
  let secure: https.Server;
  let plain: http.Server;
  const handler = (_req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(404).end('not here');

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-probe-https-proxy-'));
    pki = makeTestPki(path.join(tmp, 'ca'));
    stranger = makeTestPki(path.join(tmp, 'stranger'), 'Someone Else CA');
    const cert = (p: TestPki) => ({ key: readFileSync(p.srvKey), cert: readFileSync(p.srvPem) });
    proxy = await startConnectProxy({ tls: cert(pki) });
    untrusted = await startConnectProxy({ tls: cert(stranger) });
    secure = https.createServer(cert(pki), handler);
    plain = http.createServer(handler);
    for (const s of [secure, plain]) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    await proxy.close();
    await untrusted.close();
    for (const s of [secure, plain]) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const port = (s: http.Server) => (s.address() as AddressInfo).port;
  const probe = async (url: string, p: Parameters<typeof probeMirrors>[1]) => {
    const report = await probeMirrors([{ target: null, kind: 'pypi', url }], {
      quick: true,
      timeoutMs: 8000,
      ca: readFileSync(pki.caPem),
      ...p,
    });
    return report.results[0]!;
  };

  it('an https mirror: TLS with the proxy, CONNECT inside it, then TLS with the mirror inside the tunnel', async () => {
    assert.match(proxy.url, /^https:\/\//);
    const url = `https://127.0.0.1:${port(secure)}/simple/`;
    const r = await probe(url, { proxy: { https: proxy.url, noProxy: [] } });
    assert.ok(proxy.seen.includes(`127.0.0.1:${port(secure)}`), `proxy saw ${proxy.seen.join(', ')}`);
    assert.ok(
      proxy.tunnelBytes.every((bytes) => bytes > 0),
      `TLS with the mirror ran inside the tunnel (bytes: ${proxy.tunnelBytes.join(', ')})`,
    );
    assert.notEqual(r.tlsMs, undefined, JSON.stringify(r));
    assert.ok(!['refused', 'tls-error', 'dns-error'].includes(r.outcome), JSON.stringify(r));
  });

  it('an http mirror is asked through the https proxy with its whole URL', async () => {
    const before = proxy.seen.length;
    const url = `http://127.0.0.1:${port(plain)}/simple/`;
    const r = await probe(url, { proxy: { https: proxy.url, http: proxy.url, noProxy: [] } });
    assert.ok(
      proxy.seen.slice(before).some((u) => u.startsWith(`http://127.0.0.1:${port(plain)}/`)),
      `proxy saw ${proxy.seen.join(', ')}`,
    );
    assert.ok(!['refused', 'tls-error', 'dns-error'].includes(r.outcome), JSON.stringify(r));
  });

  it('a proxy certificate from an unknown CA: a TLS error naming the proxy, and nothing reaches it', async () => {
    const url = `https://127.0.0.1:${port(secure)}/simple/`;
    const r = await probe(url, { proxy: { https: untrusted.url, noProxy: [] } });
    assert.equal(r.outcome, 'tls-error', JSON.stringify(r));
    assert.equal(r.reason?.code, 'probe.reason.proxy-tls', JSON.stringify(r));
    assert.equal(r.reason?.params?.proxy, new URL(untrusted.url).host);
    assert.deepEqual(untrusted.seen, [], 'no CONNECT sent to a proxy that was not verified');
  });
});
