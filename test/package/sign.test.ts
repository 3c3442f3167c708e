/**
 * The signing step, exercised: osslsigncode signs the lane's installer with a throwaway self-signed certificate
 * (SHA-256, as win.signtoolOptions asks) and verifies it; a changed byte breaks the signature. The release build
 * signs through electron-builder with CSC_LINK/CSC_KEY_PASSWORD instead (README, Packaging).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { laneResult } from './lane';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-sign-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[]): { code: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test('osslsigncode signs the installer with a throwaway certificate, and the signature verifies', () => {
  const lane = laneResult();
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const gen = run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=MirrorKit packaging lane (throwaway)',
    '-addext',
    'extendedKeyUsage=codeSigning',
  ]);
  assert.equal(gen.code, 0, gen.out);

  const unsigned = run('osslsigncode', ['verify', '-in', lane.installer, '-CAfile', cert]);
  assert.notEqual(unsigned.code, 0, 'the unsigned installer must not verify');

  const signed = path.join(dir, 'signed.exe');
  const t0 = Date.now();
  const sign = run('osslsigncode', [
    'sign',
    '-certs',
    cert,
    '-key',
    key,
    '-h',
    'sha256',
    '-n',
    'MirrorKit',
    '-i',
    'https://mirrorkit.invalid/',
    '-in',
    lane.installer,
    '-out',
    signed,
  ]);
  assert.equal(sign.code, 0, sign.out);
  const verify = run('osslsigncode', ['verify', '-in', signed, '-CAfile', cert]);
  assert.equal(verify.code, 0, verify.out);
  assert.match(verify.out, /Signature verification: ok/);
  assert.match(verify.out, /sha256/i);
  console.log(`signed and verified in ${Date.now() - t0} ms`);

  const tampered = path.join(dir, 'tampered.exe');
  const bytes = readFileSync(signed);
  const mid = Math.floor(bytes.length / 2);
  bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
  writeFileSync(tampered, bytes);
  const bad = run('osslsigncode', ['verify', '-in', tampered, '-CAfile', cert]);
  assert.notEqual(bad.code, 0, 'a changed byte must break the signature');
});
