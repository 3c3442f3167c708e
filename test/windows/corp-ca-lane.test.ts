/**
 * Issue 18 under Wine: a profile's CA reaches the Node-based tools through NODE_EXTRA_CA_CERTS as a Windows user
 * variable (HKCU\Environment), read back with reg.exe; a value of the user's own is replaced by a combined copy and
 * put back by the restore.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { setMavenrc } from '../../electron/core/edit/mavenrc';
import { makeTestPki, type TestPki } from '../helpers/pki';

import { HKCU_ENV, linuxPath, node, prepare, regDelete, regGet, stateLinux, stopLane, userHome, wine } from './lane';
import type { Lane, Run } from './lane';

const NAME = 'NODE_EXTRA_CA_CERTS';
const scratch = path.join(os.tmpdir(), `mk-corp-ca-lane-${process.pid}`);
let lane: Lane | undefined;
let skipReason: string | undefined;
let corp: TestPki;
let own: TestPki;

function clean(): void {
  regDelete(HKCU_ENV, NAME);
  rmSync(path.join(userHome, '.npmrc'), { force: true });
  rmSync(stateLinux, { recursive: true, force: true });
}

before(async () => {
  const r = await prepare();
  if (!r.ok) {
    skipReason = r.reason;
    return;
  }
  lane = r.lane;
  mkdirSync(scratch, { recursive: true });
  corp = makeTestPki(path.join(scratch, 'corp'), 'Contoso Root CA');
  own = makeTestPki(path.join(scratch, 'own'), 'Their Own CA');
  // The user's own file, where a Windows user keeps it.
  writeFileSync(path.join(userHome, 'own-ca.pem'), readFileSync(own.caPem));
  clean();
});

after(() => {
  if (lane) {
    clean();
    rmSync(path.join(userHome, 'own-ca.pem'), { force: true });
    stopLane();
  }
  rmSync(scratch, { recursive: true, force: true });
});

function ok(r: Run, what: string): Run {
  assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

function applyProfile(l: Lane): void {
  const file = path.join(scratch, 'corp.json');
  const pem = readFileSync(corp.caPem, 'utf8');
  writeFileSync(
    file,
    JSON.stringify({ name: 'Contoso', targets: { npm: { url: 'https://npm.corp.example/' } }, ca: [{ pem }] }),
  );
  ok(node(l.cli, ['apply', '--profile', `Z:${file.replace(/\//g, '\\')}`, '--yes', '--json']), 'apply --profile');
}

test('NODE_EXTRA_CA_CERTS: a user variable naming the company-only copy; restore removes it', (t) => {
  if (!lane) return t.skip(skipReason ?? 'lane unavailable');
  applyProfile(lane);
  const value = regGet(HKCU_ENV, NAME) ?? '';
  assert.match(value, /^C:\\users\\.+\\mirrorkit-lane\\corporate\\ca-[0-9a-f]{12}\.pem$/i);
  const text = readFileSync(linuxPath(value), 'utf8');
  assert.equal(text.split('BEGIN CERTIFICATE').length, 2, 'the company CA alone');
  assert.match(text, /# CN=Contoso Root CA/);
  ok(node(lane.cli, ['restore', '--yes']), 'restore');
  assert.equal(regGet(HKCU_ENV, NAME), undefined);
  assert.equal(existsSync(linuxPath(value)), false);
});

test("NODE_EXTRA_CA_CERTS: the user's own value is combined, not clobbered, and put back by the restore", (t) => {
  if (!lane) return t.skip(skipReason ?? 'lane unavailable');
  const theirs = `C:\\users\\${path.basename(userHome)}\\own-ca.pem`;
  ok(wine(['reg', 'add', HKCU_ENV, '/v', NAME, '/t', 'REG_SZ', '/d', theirs, '/f']), 'reg add');
  applyProfile(lane);
  const value = regGet(HKCU_ENV, NAME) ?? '';
  assert.match(value, /\\corporate\\node-extra-ca-[0-9a-f]{12}\.pem$/);
  const text = readFileSync(linuxPath(value), 'utf8');
  assert.ok(text.startsWith(`# NODE_EXTRA_CA_CERTS before MirrorKit: ${theirs}\n`), text.slice(0, 200));
  assert.match(text, /# CN=Their Own CA\n[\s\S]*# CN=Contoso Root CA\n/);
  ok(node(lane.cli, ['restore', '--yes']), 'restore');
  assert.equal(regGet(HKCU_ENV, NAME), theirs);
});

test("mavenrc_pre.cmd as Maven's mvn.cmd calls it: cmd.exe puts the truststore in front of the user's MAVEN_OPTS", (t) => {
  if (!lane) return t.skip(skipReason ?? 'lane unavailable');
  const store = 'C:\\Users\\Li Si\\AppData\\Local\\MirrorKit\\corporate\\truststore-0123456789ab.p12';
  const file = path.join(scratch, 'mavenrc_pre.cmd');
  writeFileSync(
    file,
    setMavenrc('@echo off\r\n', 'win32', { store, type: 'PKCS12', password: 'changeit' }, { eol: '\r\n' }),
  );
  // Delayed expansion (!…!): %…% on the same line would expand before the call runs.
  const r = ok(
    wine([
      'cmd',
      '/v:on',
      '/c',
      `set MAVEN_OPTS=-Xmx1g -Dmine=1& call Z:${file.replace(/\//g, '\\')}& echo [!MAVEN_OPTS!]`,
    ]),
    'cmd',
  );
  assert.equal(
    r.stdout.trim(),
    `[-Djavax.net.ssl.trustStore="${store}" -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit -Xmx1g -Dmine=1]`,
  );
});
