import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import type { ProfileFetch } from '../../shared/profile/inspection';
import { serveHttps, type HttpsRoutes } from '../../test/helpers/https-routes';
import { makeTestPki } from '../../test/helpers/pki';
import { createCore } from '../core/api';
import { createContext, type Ctx } from '../core/context';
import { fetchWithPolicy, inspectWithPolicy } from '../core/profile/inspect';
import { createSigner, formatPublicKey } from '../core/profile/minisign';

import { bindContract } from './binding';

/** Issue 18: the wizard imports a profile from an https:// URL, fetched and checked in main like `--profile URL`. */
const signer = createSigner();
const PROFILE = `${JSON.stringify({ schemaVersion: 1, name: 'corp', serial: 3, targets: { pip: { url: 'https://pypi.corp.example/simple' } } })}\n`;
const SIG = signer.sign(Buffer.from(PROFILE), 'serial:3');
let root = '';
let base = '';
let server: HttpsRoutes;
let ctx: Ctx;

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-profile-fetch-'));
  const pki = makeTestPki(path.join(root, 'pki'));
  server = await serveHttps(pki, {
    '/corp.json': PROFILE,
    '/corp.json.minisig': SIG,
    '/tampered.json': PROFILE.replace('pypi.corp', 'evil'),
    '/tampered.json.minisig': SIG,
  });
  base = server.base;
  const policy = path.join(root, 'sys', 'etc', 'mirrorkit', 'policies', 'managed', 'corp.json');
  await fs.mkdir(path.dirname(policy), { recursive: true });
  const key = formatPublicKey(signer.publicKey).split('\n')[1] ?? '';
  await fs.writeFile(policy, JSON.stringify({ ProfilePublicKeys: [key] }));
  ctx = createContext({
    platform: 'linux',
    env: {
      HOME: path.join(root, 'home'),
      MIRRORKIT_HOME: path.join(root, 'state'),
      MIRRORKIT_SYSROOT: path.join(root, 'sys'),
      NODE_EXTRA_CA_CERTS: path.join(root, 'pki', 'ca.pem'),
      PATH: '',
    },
  });
});
after(async () => {
  await server.close();
  await fs.rm(root, { recursive: true, force: true });
});

function binding() {
  return bindContract({
    core: createCore(ctx, { skipVerify: true }),
    probe: { run: () => Promise.reject(new Error('not used')) },
    info: () => Promise.reject(new Error('not used')),
    inspectProfile: (p) => inspectWithPolicy(ctx, p),
    fetchProfile: (url) => fetchWithPolicy(ctx, url),
    log: () => {},
  });
}

test('a signed https:// profile is fetched with its .minisig, shown as signed, and plans', async () => {
  const b = binding();
  const r = await b.invoke('profile:fetch', { url: `${base}/corp.json` });
  assert.ok(r.ok);
  const got = r.value as ProfileFetch;
  assert.equal(got.inspection.trust.state, 'signed');
  assert.deepEqual(
    got.inspection.targets.map((t) => t.urls),
    [['https://pypi.corp.example/simple']],
  );
  assert.equal(got.text, PROFILE);
  const plan = await b.invoke('core:plan', {
    selection: { kind: 'profile', name: `${base}/corp.json`, text: got.text, signature: got.signature },
    only: ['pip'],
  });
  assert.ok(plan.ok, JSON.stringify(plan));
});

test('a tampered, unreachable, plain-http or oversized URL is refused with its reason and gives nothing to plan', async () => {
  const b = binding();
  const cases: [string, RegExp][] = [
    [`${base}/tampered.json`, /^trust\./],
    [`${base}/missing.json`, /^trust\.unreachable$/],
    ['http://127.0.0.1:1/corp.json', /^trust\.url-scheme$/],
  ];
  for (const [url, code] of cases) {
    const r = await b.invoke('profile:fetch', { url });
    assert.ok(r.ok, url);
    const got = r.value as ProfileFetch;
    assert.equal(got.inspection.trust.state, 'refused', url);
    if (got.inspection.trust.state === 'refused') assert.match(got.inspection.trust.reason.code, code, url);
    assert.equal(got.text, undefined, url);
  }
  const tooLong = await b.invoke('profile:fetch', { url: `https://x.example/${'a'.repeat(2100)}` });
  assert.equal(tooLong.ok, false);
  const extra = await b.invoke('profile:fetch', { url: `${base}/corp.json`, more: 1 });
  assert.equal(extra.ok, false);
});
