// The app's periodic check wired end to end: policy files → the timer (virtual clock) → the same core check as
// `mirrorkit check --from-policy` → the IPC channel and event both shells serve.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import type { ComplianceCheck } from '../../shared/ipc/compliance';
import { serveHttps, type HttpsRoutes } from '../../test/helpers/https-routes';
import { makeTestPki } from '../../test/helpers/pki';
import { virtualScheduler } from '../../test/helpers/virtual-scheduler';
import { createContext } from '../core/context';
import { createSigner, formatPublicKey } from '../core/profile/minisign';

import type { Binding } from './binding';
import { createBinding } from './services';

const HOUR = 3_600_000;
const MIRROR = 'https://nexus.corp.example/pypi/simple/';
const PROFILE = `${JSON.stringify({ schemaVersion: 1, name: 'corp', serial: 1, targets: { pip: { url: MIRROR } } })}\n`;
const signer = createSigner();
let tmp: string;
let server: HttpsRoutes;
let url = '';
let caPem = '';

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-app-check-'));
  const pki = makeTestPki(path.join(tmp, 'pki'));
  const sig = signer.sign(Buffer.from(PROFILE), 'serial:1');
  server = await serveHttps(pki, { '/corp.json': PROFILE, '/corp.json.minisig': sig });
  url = `${server.base}/corp.json`;
  caPem = pki.caPem;
});
after(async () => {
  await server.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function app(name: string, policy: Record<string, unknown> | undefined) {
  const sysroot = path.join(tmp, name, 'sysroot');
  const home = path.join(tmp, name, 'home');
  if (policy) {
    const dir = path.join(sysroot, 'etc', 'mirrorkit', 'policies', 'managed');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'corp.json'), JSON.stringify(policy));
  }
  const ctx = createContext({
    platform: 'linux',
    env: {
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      MIRRORKIT_HOME: path.join(tmp, name, 'state'),
      MIRRORKIT_SYSROOT: sysroot,
      NODE_EXTRA_CA_CERTS: caPem,
      PATH: '',
    },
  });
  const s = virtualScheduler();
  const binding = createBinding(ctx, { version: '0', shell: 'harness', lang: 'en', log: () => {}, scheduler: s });
  return { s, binding, home };
}

/** The schedule is set up once the policy has been read (real file I/O): wait for its timer, not for a time. */
async function scheduled(s: ReturnType<typeof virtualScheduler>): Promise<void> {
  for (let i = 0; s.pending().length === 0; i++) {
    assert.ok(i < 100_000, 'no check was ever scheduled');
    await new Promise((r) => setImmediate(r));
  }
}

const nextCheck = (b: Binding) =>
  new Promise<ComplianceCheck>((resolve) => {
    const off = b.subscribe('policy:compliance', (c) => {
      off();
      resolve(c);
    });
  });

test('with ProfileUrl and CheckIntervalHours the app checks soon after start and every interval, over IPC', async () => {
  const key = formatPublicKey(signer.publicKey).split('\n')[1];
  const { s, binding, home } = await app('managed', {
    ProfileUrl: url,
    ProfilePublicKeys: [key],
    CheckIntervalHours: 4,
  });
  assert.deepEqual(await binding.invoke('policy:compliance', undefined), { ok: true, value: null });

  let next = nextCheck(binding);
  await scheduled(s);
  await s.advance(10_000);
  const first = await next;
  assert.ok(first.verdict === 'drift', JSON.stringify(first));
  assert.equal(first.profile, url);
  assert.deepEqual(first.tools, [{ target: 'pip', state: 'missing' }]);
  assert.deepEqual(await binding.invoke('policy:compliance', undefined), { ok: true, value: first });

  // The user applies the profile by other means; the next scheduled check sees it.
  await fs.mkdir(path.join(home, '.config', 'pip'), { recursive: true });
  await fs.writeFile(path.join(home, '.config', 'pip', 'pip.conf'), `[global]\nindex-url = ${MIRROR}\n`);
  next = nextCheck(binding);
  await s.advance(4 * HOUR);
  const second = await next;
  assert.equal(second.verdict, 'compliant');
  assert.equal(second.intervalHours, 4);
  binding.stop();
  assert.deepEqual(s.pending(), [], 'quitting cancels the schedule');
});

test('an untrusted profile is reported on the channel, not thrown', async () => {
  const other = formatPublicKey(createSigner().publicKey).split('\n')[1];
  const { s, binding } = await app('untrusted', { ProfileUrl: url, ProfilePublicKeys: [other], CheckIntervalHours: 1 });
  const next = nextCheck(binding);
  await scheduled(s);
  await s.advance(10_000);
  const c = await next;
  assert.equal(c.verdict, 'failed');
  assert.equal(c.verdict === 'failed' && c.error.code, 'trust.sig-unknown-key');
  binding.stop();
});

test('policies without CheckIntervalHours, or none at all: the channel answers null (the timer tests prove none is scheduled)', async () => {
  const key = formatPublicKey(signer.publicKey).split('\n')[1];
  for (const [name, policy] of [
    ['no-interval', { ProfileUrl: url, ProfilePublicKeys: [key] }],
    ['no-policy', undefined],
  ] as const) {
    const { s, binding } = await app(name, policy);
    await s.advance(1000 * HOUR);
    assert.deepEqual(await binding.invoke('policy:compliance', undefined), { ok: true, value: null }, name);
    binding.stop();
  }
});
