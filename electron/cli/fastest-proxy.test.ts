import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { serveHttps, type HttpsRoutes } from '../../test/helpers/https-routes';
import { makeTestPki } from '../../test/helpers/pki';
import { createSigner, formatPublicKey } from '../core/profile/minisign';

import { makeSandbox, type Sandbox } from './corp-testkit';

/**
 * Issue 18: `apply --fastest` measures through the proxy of the profile the ProfileUrl policy names (served over
 * https on 127.0.0.1), else HTTPS_PROXY. The proxies here record each CONNECT and refuse it: no mirror is ever
 * contacted, and which proxy saw the catalog's mirrors says which one the speed test used.
 */
interface Refusing {
  url: string;
  seen: string[];
  close(): Promise<void>;
}

async function refusingProxy(): Promise<Refusing> {
  const seen: string[] = [];
  const server = net.createServer((socket) => {
    let head = '';
    socket.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      seen.push(/^CONNECT (\S+)/.exec(head)?.[1] ?? head.split('\r\n')[0] ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const signer = createSigner();
let sb: Sandbox;
let server: HttpsRoutes;
let base = '';
let env: Record<string, string> = {};
let viaProfile: Refusing;
let viaEnv: Refusing;

before(async () => {
  sb = await makeSandbox();
  const pki = makeTestPki(path.join(sb.root, 'pki'));
  viaProfile = await refusingProxy();
  viaEnv = await refusingProxy();
  // The profile is fetched straight from 127.0.0.1 (NO_PROXY), as the tools would.
  env = { NODE_EXTRA_CA_CERTS: pki.caPem, HTTPS_PROXY: viaEnv.url, NO_PROXY: '127.0.0.1' };
  const profile = `${JSON.stringify({
    schemaVersion: 1,
    name: 'corp',
    serial: 1,
    targets: { pip: { url: 'https://pypi.corp.example/simple' } },
    proxy: { https: viaProfile.url },
  })}\n`;
  const sig = signer.sign(Buffer.from(profile), 'serial:1');
  server = await serveHttps(pki, { '/corp.json': profile, '/corp.json.minisig': sig });
  base = server.base;
});
after(async () => {
  await server.close();
  await viaProfile.close();
  await viaEnv.close();
  await sb.cleanup();
});

const fastest = () => sb.cli(['apply', '--fastest', '--only', 'pip', '--dry-run', '--json'], { env });

test("apply --fastest goes through the policy's profile's proxy, not HTTPS_PROXY", async () => {
  const key = formatPublicKey(signer.publicKey).split('\n')[1] as string;
  const policy = 'sysroot/etc/mirrorkit/policies/managed/corp.json';
  await sb.write(policy, JSON.stringify({ ProfileUrl: `${base}/corp.json`, ProfilePublicKeys: [key] }));
  const r = await fastest();
  assert.ok(viaProfile.seen.length > 0, `the profile's proxy saw nothing: ${r.code} ${r.out} ${r.err}`);
  assert.ok(
    viaProfile.seen.every((h) => /:443$/.test(h)),
    `CONNECTs to the catalog's https mirrors: ${viaProfile.seen.join(', ')}`,
  );
  assert.deepEqual(viaEnv.seen, [], 'HTTPS_PROXY not used');

  // A policy profile that cannot be had (404, nothing cached) stops the run: no mirror measured elsewhere.
  await sb.write(policy, JSON.stringify({ ProfileUrl: `${base}/gone.json`, ProfilePublicKeys: [key] }));
  const seenBefore = viaProfile.seen.length;
  const gone = await fastest();
  assert.equal(gone.code, 6, gone.out);
  assert.equal(JSON.parse(gone.out).error.code, 'trust.unreachable');
  assert.equal(viaProfile.seen.length, seenBefore);
  assert.deepEqual(viaEnv.seen, []);

  await fs.rm(path.join(sb.root, 'sysroot/etc/mirrorkit'), { recursive: true });
  await fastest();
  assert.ok(viaEnv.seen.length > 0, 'no policy: HTTPS_PROXY');
  assert.equal(viaProfile.seen.length, seenBefore);
});
