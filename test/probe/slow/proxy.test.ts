// The speed test goes through the proxy the tools use (issue 18): CONNECT for an https:// mirror, the absolute
// URL for an http:// one, straight to a NO_PROXY host, and a dead proxy is a refused mirror. Real loopback
// sockets (a test CA's https server, a CONNECT proxy), hence the slow lane.
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

describe('speed test through a proxy', () => {
  let tmp: string;
  let pki: TestPki;
  let proxy: ConnectProxy;
  let secure: https.Server;
  let plain: http.Server;
  const handler = (_req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(404).end('not here');

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-probe-proxy-'));
    pki = makeTestPki(tmp);
    proxy = await startConnectProxy();
    secure = https.createServer({ key: readFileSync(pki.srvKey), cert: readFileSync(pki.srvPem) }, handler);
    plain = http.createServer(handler);
    for (const s of [secure, plain]) await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    await proxy.close();
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

  it('an https mirror is reached through a CONNECT tunnel, TLS inside it', async () => {
    const url = `https://127.0.0.1:${port(secure)}/simple/`;
    const r = await probe(url, { proxy: { https: proxy.url, noProxy: ['.intra.example'] } });
    assert.ok(proxy.seen.includes(`127.0.0.1:${port(secure)}`), `proxy saw ${proxy.seen.join(', ')}`);
    assert.notEqual(r.tlsMs, undefined, JSON.stringify(r));
    assert.ok(!['refused', 'tls-error', 'dns-error'].includes(r.outcome), JSON.stringify(r));
  });

  it('an http mirror is asked through the proxy with its whole URL', async () => {
    const before = proxy.seen.length;
    const url = `http://127.0.0.1:${port(plain)}/simple/`;
    const r = await probe(url, { proxy: { https: proxy.url, http: proxy.url, noProxy: [] } });
    assert.ok(
      proxy.seen.slice(before).some((u) => u.startsWith(`http://127.0.0.1:${port(plain)}/`)),
      `proxy saw ${proxy.seen.join(', ')}`,
    );
    assert.ok(!['refused', 'dns-error'].includes(r.outcome), JSON.stringify(r));
  });

  it('a NO_PROXY host goes direct; a dead proxy makes the mirror refused', async () => {
    const before = proxy.seen.length;
    const url = `https://127.0.0.1:${port(secure)}/simple/`;
    const direct = await probe(url, { proxy: { https: proxy.url, noProxy: ['127.0.0.1'] } });
    assert.equal(proxy.seen.length, before, 'not through the proxy');
    assert.notEqual(direct.tlsMs, undefined, JSON.stringify(direct));
    const dead = await probe(url, { proxy: { https: 'http://127.0.0.1:1', noProxy: [] } });
    assert.equal(dead.outcome, 'refused', JSON.stringify(dead));
  });
});
