import { X509Certificate } from 'node:crypto';

import { MirrorKitError } from '../errors';

/** A certificate MirrorKit will hand to the tools, re-encoded from its parsed form (nothing of the input kept). */
export interface CaCert {
  pem: string;
  subject: string;
  fingerprint256: string;
  validTo: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/g;

function refuse(source: string, reason: string): never {
  throw new MirrorKitError('error.bad-ca', { source, reason });
}

/**
 * The CA certificates of one PEM bundle, each checked: an X.509 certificate node:crypto can parse, a CA
 * (basicConstraints CA:TRUE), valid now. Anything else in a PEM block — a private key above all — refuses the
 * whole bundle, so a mistaken or hostile file never reaches a tool. Text between blocks (comments) is ignored,
 * as OpenSSL does; the output holds only the certificates, re-encoded. `anyCertificate` skips the CA and date
 * checks (still only CERTIFICATE blocks, each parsed).
 */
export function parseCaBundle(
  text: string,
  source: string,
  now: Date,
  opts: { anyCertificate?: boolean } = {},
): CaCert[] {
  if (/\0/.test(text)) refuse(source, 'binary content, not PEM text');
  const certs: CaCert[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const label = m[1] ?? '';
    if (label !== 'CERTIFICATE') refuse(source, `a "${label}" block: only CERTIFICATE blocks are accepted`);
    const body = (m[2] ?? '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) refuse(source, `certificate ${certs.length + 1} is not base64`);
    let x: X509Certificate;
    try {
      x = new X509Certificate(Buffer.from(body, 'base64'));
    } catch (e) {
      refuse(source, `certificate ${certs.length + 1} is not an X.509 certificate (${(e as Error).message})`);
    }
    const subject = x.subject.replace(/\n/g, ', ');
    // A user's own NODE_EXTRA_CA_CERTS file is copied as Node would load it: any certificate, whatever its dates.
    if (opts.anyCertificate) {
      certs.push({ pem: x.toString().trim(), subject, fingerprint256: x.fingerprint256, validTo: x.validTo });
      continue;
    }
    if (!x.ca) refuse(source, `${subject} is not a CA certificate (basicConstraints CA:TRUE is missing)`);
    if (new Date(x.validTo).getTime() < now.getTime()) refuse(source, `${subject} expired on ${x.validTo}`);
    if (new Date(x.validFrom).getTime() > now.getTime())
      refuse(source, `${subject} is not valid before ${x.validFrom}`);
    certs.push({ pem: x.toString().trim(), subject, fingerprint256: x.fingerprint256, validTo: x.validTo });
  }
  if (/-----BEGIN /.test(text.replace(BLOCK, ''))) refuse(source, 'a PEM block without its END line');
  if (certs.length === 0) refuse(source, 'no -----BEGIN CERTIFICATE----- block');
  return certs;
}
