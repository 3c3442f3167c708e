import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { hasTool } from '../edit/testkit';

import { SignatureError, createSigner, formatPublicKey, parsePublicKey, verifySignature } from './minisign';

const PROFILE = Buffer.from(
  '{"name":"corp","serial":3,"targets":{"pip":{"url":"https://pypi.corp.example/simple"}}}\n',
);

function fault(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SignatureError) return e.fault;
    throw e;
  }
  return 'accepted';
}

test('a signature made here verifies here; any changed byte, key or comment does not', () => {
  const signer = createSigner();
  const sig = signer.sign(PROFILE, 'serial:3');
  assert.equal(verifySignature(PROFILE, sig, [signer.publicKey]).trustedComment, 'serial:3');
  for (let i = 0; i < PROFILE.length; i += 7) {
    const changed = Buffer.from(PROFILE);
    changed[i] = (changed[i] as number) ^ 1;
    assert.equal(
      fault(() => verifySignature(changed, sig, [signer.publicKey])),
      'bad-signature',
      `byte ${i}`,
    );
  }
  assert.equal(
    fault(() => verifySignature(PROFILE, sig, [createSigner().publicKey])),
    'unknown-key',
  );
  assert.equal(
    fault(() => verifySignature(PROFILE, sig.replace('serial:3', 'serial:9'), [signer.publicKey])),
    'bad-trusted-comment',
  );
  assert.equal(
    fault(() => verifySignature(PROFILE, sig.split('\n').slice(0, 2).join('\n'), [signer.publicKey])),
    'malformed',
  );
  // The same key id with other key bytes (a forged key file) does not verify.
  const impostor = { keyId: signer.publicKey.keyId, raw: createSigner().publicKey.raw };
  assert.equal(
    fault(() => verifySignature(PROFILE, sig, [impostor])),
    'bad-signature',
  );
  assert.deepEqual(parsePublicKey(formatPublicKey(signer.publicKey)), signer.publicKey);
});

describe(
  'interoperability with minisign',
  { skip: hasTool('minisign', ['-v']) ? false : 'minisign is not installed (apt-get install minisign)' },
  () => {
    let dir = '';
    const mini = (args: string[]) => spawnSync('minisign', args, { cwd: dir, encoding: 'utf8', input: '' });
    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-minisign-'));
      await fs.writeFile(path.join(dir, 'corp.json'), PROFILE);
      const g = mini(['-G', '-W', '-p', 'k.pub', '-s', 'k.key']);
      assert.equal(g.status, 0, g.stderr);
    });
    after(() => fs.rm(dir, { recursive: true, force: true }));

    test("minisign's signature verifies with node:crypto; its legacy mode is refused", async () => {
      const s = mini(['-S', '-s', 'k.key', '-m', 'corp.json', '-t', 'serial:3 corp profile']);
      assert.equal(s.status, 0, s.stderr);
      const key = parsePublicKey(await fs.readFile(path.join(dir, 'k.pub'), 'utf8'));
      const sig = await fs.readFile(path.join(dir, 'corp.json.minisig'), 'utf8');
      assert.deepEqual(verifySignature(PROFILE, sig, [createSigner().publicKey, key]), {
        key,
        trustedComment: 'serial:3 corp profile',
      });
      const changed = Buffer.from(PROFILE.toString().replace('corp', 'cOrp'));
      assert.equal(
        fault(() => verifySignature(changed, sig, [key])),
        'bad-signature',
      );
      const l = mini(['-S', '-l', '-s', 'k.key', '-m', 'corp.json', '-x', 'legacy.minisig']);
      assert.equal(l.status, 0, l.stderr);
      const legacy = await fs.readFile(path.join(dir, 'legacy.minisig'), 'utf8');
      assert.equal(
        fault(() => verifySignature(PROFILE, legacy, [key])),
        'legacy',
      );
    });

    test("MirrorKit's signature verifies with minisign -V, and minisign rejects a changed byte", async () => {
      const signer = createSigner();
      await fs.writeFile(path.join(dir, 'mk.pub'), formatPublicKey(signer.publicKey));
      await fs.writeFile(path.join(dir, 'mk.minisig'), signer.sign(PROFILE, 'serial:3 signed by the test signer'));
      const ok = mini(['-V', '-p', 'mk.pub', '-m', 'corp.json', '-x', 'mk.minisig']);
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /Trusted comment: serial:3 signed by the test signer/);
      await fs.writeFile(path.join(dir, 'changed.json'), PROFILE.toString().replace('3', '4'));
      const bad = mini(['-V', '-p', 'mk.pub', '-m', 'changed.json', '-x', 'mk.minisig']);
      assert.equal(bad.status, 1);
    });
  },
);
