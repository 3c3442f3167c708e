// Issue 18: behind a TLS-intercepting proxy every mirror is re-signed by the company CA, which the tools trust once
// a profile's `ca` (or the CaCertificates policy) is applied. The speed test trusts the same CA, on top of the
// system's, so it measures what the tools will see instead of calling every mirror a TLS failure. Real loopback
// sockets, hence the slow lane.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { probeMirrors } from '../../../electron/core/probe';
import { testNetwork } from '../../../electron/core/profile/probe-proxy';
import { sandboxCtx } from '../../../electron/core/targets/test-context';
import { makeTestPki, type TestPki } from '../../helpers/pki';

const profile = (o: object) => ({
  name: 'corp.json',
  text: `${JSON.stringify({ schemaVersion: 1, name: 'corp', serial: 1, targets: { pip: { provider: 'tuna' } }, ...o })}\n`,
});

let tmp = '';
let pki: TestPki;
let server: https.Server;
let url = '';

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-probe-profile-ca-'));
  pki = makeTestPki(path.join(tmp, 'ca'), 'Corp Intercepting CA');
  server = https.createServer({ key: readFileSync(pki.srvKey), cert: readFileSync(pki.srvPem) }, (_q, res) =>
    res.writeHead(404).end('not here'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/simple/`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await fs.rm(tmp, { recursive: true, force: true });
});

const outcome = async (net: object) =>
  (await probeMirrors([{ target: null, kind: 'pypi', url }], { quick: true, timeoutMs: 8000, ...net })).results[0]!;

test("a profile's CA is trusted by the speed test, as the tools will trust it; without it the mirror fails TLS", async () => {
  const sb = await sandboxCtx();
  try {
    const pem = await fs.readFile(pki.caPem, 'utf8');
    const net = await testNetwork(sb.ctx, { profile: profile({ ca: [{ pem }] }) });
    assert.equal(net.ca?.length, 1);
    assert.equal(net.proxy, undefined, 'no proxy in the profile or the environment');
    const trusted = await outcome(net);
    assert.notEqual(trusted.outcome, 'tls-error', JSON.stringify(trusted));
    assert.notEqual(trusted.tlsMs, undefined, JSON.stringify(trusted));
    const bare = await outcome(await testNetwork(sb.ctx, { profile: profile({}) }));
    assert.equal(bare.outcome, 'tls-error', JSON.stringify(bare));
  } finally {
    await sb.cleanup();
  }
});

test('the CaCertificates policy is trusted too (a mandatory value wins over the profile), and a bad CA stops the test', async () => {
  const sb = await sandboxCtx();
  try {
    const managed = path.join(sb.root, 'sysroot', 'etc', 'mirrorkit', 'policies', 'managed');
    await fs.mkdir(managed, { recursive: true });
    await fs.writeFile(path.join(managed, 'corp.json'), JSON.stringify({ CaCertificates: [pki.caPem] }));
    const net = await testNetwork(sb.ctx, { profile: profile({}) });
    assert.equal(net.ca?.length, 1);
    assert.notEqual((await outcome(net)).outcome, 'tls-error');

    await fs.writeFile(path.join(managed, 'corp.json'), JSON.stringify({ CaCertificates: [pki.srvKey] }));
    await assert.rejects(testNetwork(sb.ctx, { profile: profile({}) }), /error\.bad-ca/);
  } finally {
    await sb.cleanup();
  }
});
