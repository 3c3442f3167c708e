/**
 * Issue 18 under Wine: policy in the real registry (HKLM and HKCU, mandatory and Recommended, one value of the
 * wrong type), read by the CLI as a win32 node.exe; a locked tool refused; `check --from-policy` exits 1, then 0
 * after `apply --from-policy`, against a signed profile served over HTTPS by a test CA on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { createSigner, formatPublicKey } from '../../electron/core/profile/minisign';

import {
  appData,
  HKCU_ENV,
  node,
  prepare,
  stateLinux,
  stopLane,
  userHome,
  wine,
  zPath,
  type Lane,
  type Run,
} from './lane';

const KEY = 'SOFTWARE\\Policies\\MirrorKit';
const HKLM = `HKLM\\${KEY}`;
const HKCU = `HKCU\\${KEY}`;
const PIP_INI = path.join(appData, 'pip', 'pip.ini');
const NPMRC = path.join(userHome, '.npmrc');
const scratch = path.join(os.tmpdir(), `mk-policy-lane-${process.pid}`);
const signer = createSigner();
let lane: Lane | undefined;
let skipReason: string | undefined;
let server: ChildProcess | undefined;
let base = '';

/** The HTTPS server runs in its own process: the lane's Wine calls are synchronous and would starve it here. */
const SERVER = `
const https = require('node:https'); const fs = require('node:fs'); const path = require('node:path');
const dir = process.argv[1];
const files = { '/corp.json': 'corp.json', '/corp.json.minisig': 'corp.json.minisig' };
const s = https.createServer({ key: fs.readFileSync(path.join(dir, 'srv.key')), cert: fs.readFileSync(path.join(dir, 'srv.pem')) }, (req, res) => {
  const f = files[req.url]; if (!f) { res.writeHead(404).end(); return; } res.end(fs.readFileSync(path.join(dir, f)));
});
s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: scratch, stdio: 'pipe' });
}

function regClean(): void {
  for (const k of [HKLM, HKCU]) wine(['reg', 'delete', k, '/f']);
  // A policy CA makes the apply set NODE_EXTRA_CA_CERTS for the user: it would outlive the state folder.
  wine(['reg', 'delete', HKCU_ENV, '/v', 'NODE_EXTRA_CA_CERTS', '/f']);
}

function regAdd(key: string, name: string, type: string, data: string): void {
  const r = wine(['reg', 'add', key, '/v', name, '/t', type, '/d', data, '/f']);
  assert.equal(r.code, 0, `reg add ${key} ${name}: ${r.stderr}`);
}

before(async () => {
  const r = await prepare();
  if (!r.ok) {
    skipReason = r.reason;
    return;
  }
  lane = r.lane;
  mkdirSync(scratch, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=MirrorKit Lane CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  ]);
  openssl(['req', ...ec, '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(path.join(scratch, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl([
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
    '2',
    '-extfile',
    'san.ext',
  ]);
  const profile = `${JSON.stringify({ schemaVersion: 1, name: 'lane', serial: 3, targets: { pip: { url: 'https://pypi.corp.example/simple' }, npm: { url: 'https://npm.corp.example/' } } })}\n`;
  writeFileSync(path.join(scratch, 'corp.json'), profile);
  writeFileSync(path.join(scratch, 'corp.json.minisig'), signer.sign(Buffer.from(profile), 'serial:3 corp.json'));
  server = spawn(process.execPath, ['-e', SERVER, scratch], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    server?.stdout?.once('data', (b: Buffer) => resolve(b.toString().trim())),
  );
  base = `https://127.0.0.1:${port}`;
  regClean();
  for (const f of [PIP_INI, NPMRC]) rmSync(f, { force: true });
  rmSync(stateLinux, { recursive: true, force: true });
});

after(() => {
  server?.kill();
  if (lane) {
    regClean();
    for (const f of [PIP_INI, NPMRC]) rmSync(f, { force: true });
    rmSync(stateLinux, { recursive: true, force: true });
    stopLane();
  }
  rmSync(scratch, { recursive: true, force: true });
});

function cli(l: Lane, args: string[]): Run {
  return node(l.cli, args, { NODE_EXTRA_CA_CERTS: zPath(path.join(scratch, 'ca.pem')) });
}

test('registry policy: precedence, a wrong type reported, a locked tool refused, check 1 → apply --from-policy → check 0', async (t) => {
  if (!lane) return t.skip(skipReason ?? 'lane unavailable');
  const l = lane;
  const pub = formatPublicKey(signer.publicKey).split('\n')[1] as string;
  regAdd(HKLM, 'ProfileUrl', 'REG_DWORD', '1');
  regAdd(HKLM, 'LockedTargets', 'REG_MULTI_SZ', 'pip\\0npm');
  regAdd(HKLM, 'ProfilePublicKeys', 'REG_MULTI_SZ', pub);
  regAdd(HKCU, 'ProfileUrl', 'REG_SZ', `${base}/corp.json`);
  regAdd(HKCU, 'LockedTargets', 'REG_MULTI_SZ', 'go');
  regAdd(`${HKLM}\\Recommended`, 'ProfileUrl', 'REG_SZ', 'https://it.corp.example/recommended.json');
  regAdd(`${HKCU}\\Recommended`, 'CheckIntervalHours', 'REG_DWORD', '24');

  const p = cli(l, ['policy', '--json']);
  assert.equal(p.code, 2, `a wrong-type value is reported: ${p.stdout}${p.stderr}`);
  const doc = JSON.parse(p.stdout) as {
    effective: Record<string, { value: unknown; level: string; source: string }>;
    locked: string[];
    policies: { name: string; source: string; status: string; reason?: { code: string; message: string } }[];
  };
  assert.deepEqual(doc.effective.ProfileUrl, { value: `${base}/corp.json`, level: 'mandatory', source: HKCU });
  assert.deepEqual(doc.locked, ['pip', 'npm']);
  assert.equal(doc.effective.CheckIntervalHours?.value, 24);
  assert.deepEqual(
    doc.policies.filter((e) => e.status !== 'applied').map((e) => `${e.name} ${e.source} ${e.status}`),
    [`ProfileUrl ${HKLM} invalid`, `LockedTargets ${HKCU} superseded`, `ProfileUrl ${HKLM}\\Recommended superseded`],
  );

  const set = cli(l, ['set', 'pip', 'https://mirrors.aliyun.com/pypi/simple/', '--yes', '--json']);
  assert.equal(set.code, 2, set.stdout);
  assert.equal((JSON.parse(set.stdout) as { error: { code: string } }).error.code, 'policy.locked');
  assert.equal(existsSync(PIP_INI), false);

  const drift = cli(l, ['check', '--from-policy', '--summary']);
  assert.equal(drift.code, 1, `${drift.stdout}${drift.stderr}`);
  assert.match(drift.stdout, /^MirrorKit drift: pip=missing, npm=missing;/);
  assert.equal(drift.stderr, '');
  const fix = cli(l, ['apply', '--from-policy', '--yes', '--json']);
  assert.equal(fix.code, 0, `${fix.stdout}${fix.stderr}`);
  assert.match(readFileSync(PIP_INI, 'utf8'), /index-url = https:\/\/pypi\.corp\.example\/simple/);
  const ok = cli(l, ['check', '--from-policy', '--summary']);
  assert.equal(ok.code, 0, `${ok.stdout}${ok.stderr}`);
  assert.match(
    ok.stdout,
    new RegExp(`^MirrorKit compliant: pip=compliant, npm=compliant; .*signed by ${signer.publicKey.keyId}`),
  );
  // eventcreate is a Wine stub: the JSONL trail holds every operation.
  const ops = readFileSync(path.join(stateLinux, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((x) => (JSON.parse(x) as { op: string; eventId: number }).eventId);
  assert.deepEqual(ops, [200, 100, 101]);
});

test('registry HttpsProxy, NoProxy (REG_SZ) and CaCertificates (REG_MULTI_SZ): a proxy with a password refused; applied by apply --from-policy', async (t) => {
  if (!lane) return t.skip(skipReason ?? 'lane unavailable');
  const l = lane;
  const ca = zPath(path.join(scratch, 'ca.pem'));
  regAdd(HKLM, 'HttpsProxy', 'REG_SZ', 'http://proxy.corp.example:3128');
  regAdd(HKCU, 'HttpsProxy', 'REG_SZ', 'http://user:secret@proxy.corp.example:3128');
  regAdd(HKLM, 'NoProxy', 'REG_SZ', '.corp.example,10.0.0.0/8');
  regAdd(`${HKLM}\\Recommended`, 'CaCertificates', 'REG_MULTI_SZ', ca);

  const p = cli(l, ['policy', '--json']);
  const doc = JSON.parse(p.stdout) as {
    effective: Record<string, { value: unknown; level: string; source: string }>;
    policies: { name: string; source: string; status: string; reason?: { code: string; message: string } }[];
  };
  assert.deepEqual(doc.effective.HttpsProxy, {
    value: 'http://proxy.corp.example:3128',
    level: 'mandatory',
    source: HKLM,
  });
  assert.deepEqual(doc.effective.NoProxy?.value, ['.corp.example', '10.0.0.0/8']);
  assert.deepEqual(doc.effective.CaCertificates, { value: [ca], level: 'recommended', source: `${HKLM}\\Recommended` });
  const refused = doc.policies.find((e) => e.name === 'HttpsProxy' && e.source === HKCU);
  assert.equal(refused?.status, 'invalid');
  assert.equal(refused?.reason?.code, 'policy.reason.proxy.credentials');
  // The text is in the user's language (the lane sets none: Wine's locale decides), never empty.
  assert.ok(
    ['no user name or password in the URL', '网址中不得含用户名或密码'].includes(refused?.reason?.message ?? ''),
  );

  const fix = cli(l, ['apply', '--from-policy', '--yes', '--json']);
  assert.equal(fix.code, 0, `${fix.stdout}${fix.stderr}`);
  const npmrc = readFileSync(NPMRC, 'utf8');
  assert.match(npmrc, /^https-proxy=http:\/\/proxy\.corp\.example:3128\/?\r?$/m);
  assert.match(npmrc, /^noproxy=\.corp\.example,10\.0\.0\.0\/8\r?$/m);
  assert.match(npmrc, /^cafile=/m);
  // pip has no no-proxy setting, and its mirror's host is in NoProxy: no proxy is written for it, only the CA.
  const pipIni = readFileSync(PIP_INI, 'utf8');
  assert.doesNotMatch(pipIni, /^proxy/m);
  assert.match(pipIni, /^cert = /m);
  const ok = cli(l, ['check', '--from-policy', '--summary']);
  assert.equal(ok.code, 0, `${ok.stdout}${ok.stderr}`);
});
