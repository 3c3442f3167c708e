import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { createSigner, formatPublicKey } from '../core/profile/minisign';

import { makeSandbox, type Sandbox } from './corp-testkit';

/** Issue 18: a signed profile is applied; every kind of tampering is refused with exit 5 and changes nothing. */
const key = crypto.generateKeyPairSync('ed25519').privateKey;
const signer = createSigner(key);
let sb: Sandbox;
let pub = '';
const profile = (serial: number, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ schemaVersion: 1, name: 'corp', serial, targets: { pip: { url: 'https://pypi.corp.example/simple' } }, ...extra }, null, 2)}\n`;

before(async () => {
  sb = await makeSandbox();
  await sb.write('home/.config/pip/pip.conf', '[global]\ntimeout = 60\n');
  pub = await sb.write('keys/corp.pub', formatPublicKey(signer.publicKey));
});
after(() => sb.cleanup());

async function signed(name: string, text: string, sig?: string): Promise<string> {
  const file = await sb.write(`profiles/${name}`, text);
  await sb.write(
    `profiles/${name}.minisig`,
    sig ?? signer.sign(Buffer.from(text), `serial:${JSON.parse(text).serial} file:${name}`),
  );
  return file;
}

async function refused(file: string, code: string, extra: string[] = []) {
  const before = await sb.snapshot();
  const r = await sb.cli(['apply', '--profile', file, '--pubkey', pub, '--yes', '--json', ...extra]);
  assert.equal(r.code, 5, r.out);
  assert.equal(JSON.parse(r.out).error.code, code);
  assert.deepEqual(await sb.snapshot(), before, 'nothing changed');
}

test('a changed byte, another key, legacy Ed, an edited trusted comment, a missing signature and an expired profile: exit 5', async () => {
  const text = profile(5);
  const good = signer.sign(Buffer.from(text), 'serial:5');
  await refused(await signed('changed.json', text.replace('pypi.corp', 'pypi.evil'), good), 'trust.sig-bad-signature');
  await refused(
    await signed('other-key.json', text, createSigner().sign(Buffer.from(text), 'serial:5')),
    'trust.sig-unknown-key',
  );
  // Legacy minisign: algorithm `Ed`, Ed25519 over the raw file rather than its BLAKE2b-512 hash.
  const lines = good.split('\n');
  const legacyBody = Buffer.concat([
    Buffer.from('Ed'),
    Buffer.from(lines[1] as string, 'base64').subarray(2, 10),
    crypto.sign(null, Buffer.from(text), key),
  ]);
  const legacySig = crypto.sign(null, Buffer.concat([legacyBody.subarray(10), Buffer.from('serial:5')]), key);
  await refused(
    await signed(
      'legacy.json',
      text,
      [lines[0], legacyBody.toString('base64'), 'trusted comment: serial:5', legacySig.toString('base64'), ''].join(
        '\n',
      ),
    ),
    'trust.sig-legacy',
  );
  await refused(
    await signed('comment.json', text, good.replace('trusted comment: serial:5', 'trusted comment: serial:6')),
    'trust.sig-bad-trusted-comment',
  );
  await refused(await sb.write('profiles/unsigned.json', text), 'trust.unsigned');
  await refused(await signed('expired.json', profile(5, { expires: '2020-01-01T00:00:00Z' })), 'trust.expired');
  // The trusted comment is authenticated; one that names another serial does not vouch for this file.
  await refused(
    await signed('mismatch.json', text, signer.sign(Buffer.from(text), 'serial:9')),
    'trust.comment-mismatch',
  );
});

test('a valid signed profile applies; afterwards a lower serial is a rollback (exit 5), an equal or higher one is fine', async () => {
  const r = await sb.cli([
    'apply',
    '--profile',
    await signed('v5.json', profile(5, { expires: '2099-01-01T00:00:00Z' })),
    '--pubkey',
    pub,
    '--yes',
    '--json',
  ]);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(
    await fs.readFile(path.join(sb.root, 'home/.config/pip/pip.conf'), 'utf8'),
    /index-url = https:\/\/pypi\.corp\.example\/simple/,
  );
  const serials = JSON.parse(await fs.readFile(path.join(sb.root, 'state/trust/serials.json'), 'utf8'));
  assert.deepEqual(serials, { [signer.publicKey.keyId]: 5 });
  await refused(await signed('v4.json', profile(4)), 'trust.rollback');
  // The key as a bare `RW…` line works as well as a .pub file; a dry run does not move the floor.
  const line = formatPublicKey(signer.publicKey).split('\n')[1] as string;
  const dry = await sb.cli([
    'apply',
    '--profile',
    await signed('v7.json', profile(7)),
    '--pubkey',
    line,
    '--dry-run',
    '--json',
  ]);
  assert.equal(dry.code, 0, dry.out);
  assert.deepEqual(JSON.parse(await fs.readFile(path.join(sb.root, 'state/trust/serials.json'), 'utf8')), serials);
  const same = await sb.cli([
    'apply',
    '--profile',
    path.join(sb.root, 'profiles/v5.json'),
    '--pubkey',
    pub,
    '--yes',
    '--json',
  ]);
  assert.equal(same.code, 0, same.out);
});

test('a bad --pubkey is bad input (exit 2); an unsigned profile without any key is applied as before', async () => {
  const r = await sb.cli([
    'apply',
    '--profile',
    path.join(sb.root, 'profiles/v5.json'),
    '--pubkey',
    'RWnotakey',
    '--yes',
    '--json',
  ]);
  assert.equal(r.code, 2);
  assert.equal(JSON.parse(r.out).error.code, 'trust.key-unreadable');
  await sb.write('keys/bad.pub', 'untrusted comment: x\nAAAA\n');
  const b = await sb.cli([
    'apply',
    '--profile',
    path.join(sb.root, 'profiles/v5.json'),
    '--pubkey',
    path.join(sb.root, 'keys/bad.pub'),
    '--yes',
    '--json',
  ]);
  assert.equal(JSON.parse(b.out).error.code, 'trust.bad-key');
  const u = await sb.cli(['apply', '--profile', path.join(sb.root, 'profiles/unsigned.json'), '--dry-run', '--json']);
  assert.equal(u.code, 0, u.out);
});
