import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Paths of a test PKI made by openssl: a root CA and a server certificate for 127.0.0.1 (IP in the SAN). */
export interface TestPki {
  dir: string;
  caPem: string;
  caKey: string;
  srvPem: string;
  srvKey: string;
}

function openssl(cwd: string, args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A test root CA (`cn`) valid for `days` days, and a server certificate for 127.0.0.1 signed by it, in `dir`. */
export function makeTestPki(dir: string, cn = 'MirrorKit Test CA', days = 2): TestPki {
  mkdirSync(dir, { recursive: true });
  openssl(dir, [
    'req',
    '-x509',
    ...EC,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    String(days),
    '-subj',
    `/CN=${cn}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  ]);
  openssl(dir, ['req', ...EC, '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'srv.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'srv.pem',
    '-days',
    String(days),
    '-extfile',
    'san.ext',
  ]);
  const at = (f: string) => path.join(dir, f);
  return { dir, caPem: at('ca.pem'), caKey: at('ca.key'), srvPem: at('srv.pem'), srvKey: at('srv.key') };
}
