import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { createContext } from '../context';
import type { Ctx } from '../context';

import { inspectProfile, inspectWithPolicy } from './inspect';
import { createSigner, formatPublicKey } from './minisign';
import { acceptSerial, readPublicKeys } from './trust';

/** Issue 18, the app's path: the CLI's trust checks on a profile given as text, answered as a state. */
const signer = createSigner();
const other = createSigner();
const NOW = new Date('2026-06-01T00:00:00Z');
let root = '';
let ctx: Ctx;

const profile = (serial: number, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ schemaVersion: 1, name: 'corp', serial, targets: { pip: { url: 'https://pypi.corp.example/simple' } }, ...extra }, null, 2)}\n`;
const sign = (text: string, s = signer) =>
  s.sign(Buffer.from(text), `serial:${JSON.parse(text).serial} file:corp.json`);
const pubLine = (s = signer) => formatPublicKey(s.publicKey).split('\n')[1] as string;
const anchors = async () => ({ keys: await readPublicKeys([pubLine()]) });

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-inspect-'));
  ctx = createContext({
    env: {
      HOME: path.join(root, 'home'),
      MIRRORKIT_HOME: path.join(root, 'state'),
      MIRRORKIT_SYSROOT: path.join(root, 'sys'),
    },
    platform: 'linux',
    now: () => NOW,
  });
});
after(() => fs.rm(root, { recursive: true, force: true }));

test('signed by a trusted key: key id, trusted comment, serial, expiry and what it sets', async () => {
  const text = profile(3, { expires: '2027-01-01T00:00:00Z' });
  const r = await inspectProfile(ctx, { name: 'corp.json', text, signature: sign(text) }, await anchors());
  assert.deepEqual(r.trust, {
    state: 'signed',
    keyId: signer.publicKey.keyId,
    trustedComment: 'serial:3 file:corp.json',
    serial: 3,
    expires: '2027-01-01T00:00:00Z',
  });
  assert.deepEqual(r.targets, [{ target: 'pip', urls: ['https://pypi.corp.example/simple'] }]);
});

test('without trusted keys a profile is unsigned (a signature proves nothing then); with keys it must be signed', async () => {
  const text = profile(1);
  const none = { keys: [] };
  assert.deepEqual((await inspectProfile(ctx, { name: 'a.json', text }, none)).trust, { state: 'unsigned', serial: 1 });
  const withSig = await inspectProfile(ctx, { name: 'a.json', text, signature: sign(text) }, none);
  assert.deepEqual(withSig.trust, { state: 'unsigned', signatureUnchecked: true, serial: 1 });
  const r = await inspectProfile(ctx, { name: 'a.json', text }, await anchors());
  assert.deepEqual(r.trust, { state: 'refused', reason: { code: 'trust.unsigned', params: { path: 'a.json' } } });
  assert.deepEqual(r.targets, [], 'a refused profile shows nothing it would set');
});

test('tampered, unknown key, legacy Ed, expired, rollback and malformed are refused with their reason', async () => {
  const text = profile(5);
  const code = async (t: string, sig?: string) => {
    const r = await inspectProfile(
      ctx,
      { name: 'c.json', text: t, ...(sig ? { signature: sig } : {}) },
      await anchors(),
    );
    return r.trust.state === 'refused' ? r.trust.reason.code : r.trust.state;
  };
  assert.equal(await code(text.replace('pypi.corp', 'pypi.evil'), sign(text)), 'trust.sig-bad-signature');
  assert.equal(await code(text, sign(text, other)), 'trust.sig-unknown-key');
  // Legacy minisign (`Ed`: Ed25519 over the raw file) is refused by its algorithm bytes alone.
  const lines = sign(text).split('\n');
  const body = Buffer.from(lines[1] as string, 'base64');
  body.write('Ed', 0, 'latin1');
  const legacy = [lines[0], body.toString('base64'), ...lines.slice(2)].join('\n');
  assert.equal(await code(text, legacy), 'trust.sig-legacy');
  const old = profile(6, { expires: '2026-01-01T00:00:00Z' });
  assert.equal(await code(old, sign(old)), 'trust.expired');
  await acceptSerial(ctx, { signature: 'verified', keyId: signer.publicKey.keyId, serial: 5 });
  const back = profile(4);
  assert.equal(await code(back, sign(back)), 'trust.rollback');
  assert.equal(await code(text, sign(text)), 'signed', 'the same serial again is no rollback');
  const bad = profile(7, { targets: { pip: { url: 'ftp://x' } } });
  assert.equal(await code(bad, sign(bad)), 'error.bad-profile');
  assert.equal(await code('{ not json', undefined), 'trust.unsigned', 'trust is decided before the content');
});

test('the app takes its keys from the ProfilePublicKeys policy: an unsigned profile is then refused', async () => {
  const text = profile(9);
  assert.equal((await inspectWithPolicy(ctx, { name: 'p.json', text })).trust.state, 'unsigned', 'no policy yet');
  const dir = path.join(root, 'sys', 'etc', 'mirrorkit', 'policies', 'managed');
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'corp.json'), JSON.stringify({ ProfilePublicKeys: [pubLine()] }));
  const r = await inspectWithPolicy(ctx, { name: 'p.json', text });
  assert.equal(r.trust.state === 'refused' && r.trust.reason.code, 'trust.unsigned');
  const ok = await inspectWithPolicy(ctx, { name: 'p.json', text, signature: sign(text) });
  assert.equal(ok.trust.state, 'signed');
});
