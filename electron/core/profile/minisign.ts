import crypto from 'node:crypto';

/**
 * minisign (https://jedisct1.github.io/minisign/), read and checked with node:crypto alone: Ed25519 over the
 * BLAKE2b-512 hash of the file (algorithm `ED`). The legacy `Ed` mode (signature over the raw file) is refused:
 * every minisign since 0.8 writes `ED`, and accepting both would let a downgrade slip through.
 *
 * Public key: base64 of `Ed` ‖ key id (8 bytes, little endian on the wire) ‖ Ed25519 key (32 bytes).
 * Signature file: `untrusted comment: …`, base64 of algorithm (2) ‖ key id (8) ‖ signature (64),
 * `trusted comment: …`, base64 of the global signature over signature ‖ trusted comment.
 */

export interface PublicKey {
  /** Key id as minisign prints it: 16 upper-case hex digits, most significant byte first. */
  keyId: string;
  raw: Buffer;
}

export interface SignatureFile {
  algorithm: string;
  keyId: string;
  signature: Buffer;
  trustedComment: string;
  globalSignature: Buffer;
}

/** Why a signature is refused (a stable code the caller turns into a message). */
export type SignatureFault = 'malformed' | 'legacy' | 'unknown-key' | 'bad-signature' | 'bad-trusted-comment';

export class SignatureError extends Error {
  constructor(
    readonly fault: SignatureFault,
    detail: string,
  ) {
    super(detail);
    this.name = 'SignatureError';
  }
}

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

function keyIdHex(bytes: Buffer): string {
  return Buffer.from(bytes).reverse().toString('hex').toUpperCase();
}

function b64(line: string, length: number, what: string): Buffer {
  const s = line.trim();
  const buf = B64.test(s) ? Buffer.from(s, 'base64') : Buffer.alloc(0);
  if (buf.length !== length) throw new SignatureError('malformed', `${what}: expected ${length} bytes of base64`);
  return buf;
}

/** A public key: the `RW…` line alone, or a minisign .pub file (comment line + key line). */
export function parsePublicKey(text: string): PublicKey {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('untrusted comment:'));
  if (lines.length !== 1) throw new SignatureError('malformed', 'public key: expected one base64 line');
  const buf = b64(lines[0] as string, 42, 'public key');
  if (buf.subarray(0, 2).toString('latin1') !== 'Ed')
    throw new SignatureError('malformed', 'public key: not an Ed25519 minisign key');
  return { keyId: keyIdHex(buf.subarray(2, 10)), raw: Buffer.from(buf.subarray(10)) };
}

export function formatPublicKey(key: PublicKey, comment = `minisign public key ${key.keyId}`): string {
  const id = Buffer.from(key.keyId, 'hex').reverse();
  return `untrusted comment: ${comment}\n${Buffer.concat([Buffer.from('Ed', 'latin1'), id, key.raw]).toString('base64')}\n`;
}

export function parseSignature(text: string): SignatureFile {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const [c1, s1, c2, s2] = lines;
  if (
    c1 === undefined ||
    !c1.startsWith('untrusted comment:') ||
    s1 === undefined ||
    c2 === undefined ||
    s2 === undefined
  ) {
    throw new SignatureError('malformed', 'signature: expected four lines');
  }
  if (!c2.startsWith('trusted comment: ')) throw new SignatureError('malformed', 'signature: no trusted comment line');
  if (lines.slice(4).some((l) => l.trim() !== '')) throw new SignatureError('malformed', 'signature: trailing data');
  const sig = b64(s1, 74, 'signature');
  return {
    algorithm: sig.subarray(0, 2).toString('latin1'),
    keyId: keyIdHex(sig.subarray(2, 10)),
    signature: Buffer.from(sig.subarray(10)),
    trustedComment: c2.slice('trusted comment: '.length),
    globalSignature: b64(s2, 64, 'global signature'),
  };
}

function keyObject(key: PublicKey): crypto.KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([SPKI_ED25519, key.raw]), format: 'der', type: 'spki' });
}

export function blake2b512(data: Uint8Array): Buffer {
  return crypto.createHash('blake2b512').update(data).digest();
}

/**
 * Check `data` against a signature file with one of the trusted keys. Returns the key that signed and the
 * (authenticated) trusted comment; throws SignatureError otherwise.
 */
export function verifySignature(
  data: Uint8Array,
  sigText: string,
  keys: readonly PublicKey[],
): { key: PublicKey; trustedComment: string } {
  const sig = parseSignature(sigText);
  if (sig.algorithm === 'Ed') throw new SignatureError('legacy', 'legacy minisign signature (Ed, not prehashed)');
  if (sig.algorithm !== 'ED')
    throw new SignatureError('malformed', `unknown signature algorithm ${JSON.stringify(sig.algorithm)}`);
  const key = keys.find((k) => k.keyId === sig.keyId);
  if (!key) throw new SignatureError('unknown-key', sig.keyId);
  const pub = keyObject(key);
  if (!crypto.verify(null, blake2b512(data), pub, sig.signature)) throw new SignatureError('bad-signature', key.keyId);
  const global = Buffer.concat([sig.signature, Buffer.from(sig.trustedComment, 'utf8')]);
  if (!crypto.verify(null, global, pub, sig.globalSignature))
    throw new SignatureError('bad-trusted-comment', key.keyId);
  return { key, trustedComment: sig.trustedComment };
}

/** A signing key held in memory: the test signer and `scripts/` tooling. */
export interface Signer {
  publicKey: PublicKey;
  sign(data: Uint8Array, trustedComment: string, untrustedComment?: string): string;
}

export function createSigner(
  privateKey: crypto.KeyObject = crypto.generateKeyPairSync('ed25519').privateKey,
  keyId = crypto.randomBytes(8),
): Signer {
  const spki = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey: PublicKey = { keyId: keyIdHex(keyId), raw: Buffer.from(spki.subarray(SPKI_ED25519.length)) };
  return {
    publicKey,
    sign(data, trustedComment, untrustedComment = 'signature from MirrorKit') {
      if (/[\r\n]/.test(trustedComment) || /[\r\n]/.test(untrustedComment)) throw new Error('a comment is one line');
      const signature = crypto.sign(null, blake2b512(data), privateKey);
      const global = crypto.sign(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), privateKey);
      const body = Buffer.concat([Buffer.from('ED', 'latin1'), keyId, signature]).toString('base64');
      return `untrusted comment: ${untrustedComment}\n${body}\ntrusted comment: ${trustedComment}\n${global.toString('base64')}\n`;
    },
  };
}
