import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { serveHttps, type HttpsRoutes } from '../../../test/helpers/https-routes';
import { makeTestPki } from '../../../test/helpers/pki';
import { createContext } from '../context';

import { createSigner, parsePublicKey, formatPublicKey } from './minisign';
import { loadPolicyProfile } from './probe-proxy';
import { loadProfile } from './source';

/**
 * The CheckIntervalHours policy on the ProfileUrl profile, with the clock injected (no sleeping): a verified copy
 * younger than the interval is used without a download; an older one is downloaded again, and still used
 * offline when the server cannot be reached.
 */
const signer = createSigner();
const PROFILE = `${JSON.stringify({ schemaVersion: 1, name: 'corp', serial: 1, targets: {} })}\n`;
const HOUR = 3_600_000;
let tmp: string;
let fixture: HttpsRoutes;
let url = '';
let caPem = '';
const hits: string[] = [];

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-interval-'));
  const pki = makeTestPki(path.join(tmp, 'pki'));
  const sig = signer.sign(Buffer.from(PROFILE), 'serial:1');
  fixture = await serveHttps(pki, { '/corp.json': PROFILE, '/corp.json.minisig': sig }, (u) => hits.push(u));
  url = `${fixture.base}/corp.json`;
  caPem = pki.caPem;
});
after(async () => {
  await fixture.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('CheckIntervalHours: the cached ProfileUrl profile', () => {
  it('is used while younger than the interval, downloaded again when older, and used offline when the server is gone', async () => {
    let now = new Date('2027-01-10T08:00:00Z');
    const ctx = createContext({
      platform: 'linux',
      env: {
        HOME: path.join(tmp, 'home'),
        MIRRORKIT_HOME: path.join(tmp, 'state'),
        NODE_EXTRA_CA_CERTS: caPem,
      },
      now: () => now,
    });
    const anchors = { keys: [parsePublicKey(formatPublicKey(signer.publicKey))] };
    const load = (maxAgeMs?: number) => loadProfile(ctx, url, anchors, maxAgeMs === undefined ? {} : { maxAgeMs });
    const downloads = () => hits.filter((h) => h === '/corp.json').length;

    assert.equal((await load(24 * HOUR)).from, 'url', 'nothing cached yet: downloaded');
    assert.equal(downloads(), 1);
    now = new Date(now.getTime() + 23 * HOUR);
    const recent = await load(24 * HOUR);
    assert.equal(recent.from, 'recent');
    assert.equal(recent.text, PROFILE);
    assert.equal(recent.trust.signature, 'verified', 'the cached copy is verified again');
    assert.equal(downloads(), 1, 'not downloaded within the interval');
    assert.equal((await load()).from, 'url', 'without the policy: always downloaded');
    assert.equal(downloads(), 2);

    now = new Date(now.getTime() + 24 * HOUR + 1);
    assert.equal((await load(24 * HOUR)).from, 'url', 'older than the interval: downloaded again');
    assert.equal(downloads(), 3);

    now = new Date(now.getTime() - 2 * HOUR);
    assert.equal((await load(24 * HOUR)).from, 'url', 'a copy "from the future" (clock set back) is not recent');

    now = new Date(now.getTime() + 30 * HOUR);
    await fixture.close();
    assert.equal((await load(24 * HOUR)).from, 'cache', 'too old, unreachable: the last verified copy, offline');
    // Restart on the same port for after().
    await new Promise<void>((r) => fixture.server.listen(Number(new URL(url).port), '127.0.0.1', r));
  });

  it('a recent copy no longer trusted (another key now) is not used: the server decides', async () => {
    const now = new Date('2027-02-01T08:00:00Z');
    const ctx = createContext({
      platform: 'linux',
      env: { HOME: path.join(tmp, 'home2'), MIRRORKIT_HOME: path.join(tmp, 'state2'), NODE_EXTRA_CA_CERTS: caPem },
      now: () => now,
    });
    const good = { keys: [parsePublicKey(formatPublicKey(signer.publicKey))] };
    assert.equal((await loadProfile(ctx, url, good, { maxAgeMs: HOUR })).from, 'url');
    const other = { keys: [parsePublicKey(formatPublicKey(createSigner().publicKey))] };
    const from = hits.length;
    await assert.rejects(
      loadProfile(ctx, url, other, { maxAgeMs: HOUR }),
      (e: Error & { exit?: number }) => e.exit === 5,
    );
    assert.ok(hits.slice(from).includes('/corp.json'), 'the server was asked, not the cached copy');
  });

  it('read from the policy with ProfileUrl (what check and apply --from-policy load)', async () => {
    let now = new Date('2027-03-01T08:00:00Z');
    const sysroot = path.join(tmp, 'sysroot3');
    const policyDir = path.join(sysroot, 'etc', 'mirrorkit', 'policies', 'managed');
    await fs.mkdir(policyDir, { recursive: true });
    const key = formatPublicKey(signer.publicKey).split('\n')[1];
    await fs.writeFile(
      path.join(policyDir, 'corp.json'),
      JSON.stringify({ ProfileUrl: url, ProfilePublicKeys: [key], CheckIntervalHours: 2 }),
    );
    const ctx = createContext({
      platform: 'linux',
      env: {
        HOME: path.join(tmp, 'home3'),
        MIRRORKIT_HOME: path.join(tmp, 'state3'),
        MIRRORKIT_SYSROOT: sysroot,
        NODE_EXTRA_CA_CERTS: caPem,
      },
      now: () => now,
    });
    assert.equal((await loadPolicyProfile(ctx)).from, 'url');
    now = new Date(now.getTime() + HOUR);
    assert.equal((await loadPolicyProfile(ctx)).from, 'recent');
    now = new Date(now.getTime() + HOUR);
    assert.equal((await loadPolicyProfile(ctx)).from, 'url', 'two hours: downloaded again');
  });
});
