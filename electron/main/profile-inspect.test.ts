import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import type { CoreApi, PlanRequest } from '../../shared/types/api';
import { createContext, type Ctx } from '../core/context';
import { acceptInspected, inspectProfile } from '../core/profile/inspect';
import { createSigner, formatPublicKey } from '../core/profile/minisign';
import { readPublicKeys } from '../core/profile/trust';

import { bindContract } from './binding';

/** Issue 18: `profile:inspect` is size-limited and strict, and a profile plan is checked again in main. */
const signer = createSigner();
const text = `${JSON.stringify({ schemaVersion: 1, name: 'corp', serial: 2, targets: { pip: { url: 'https://pypi.corp.example/simple' } } })}\n`;
const signature = signer.sign(Buffer.from(text), 'serial:2');
let root = '';
let ctx: Ctx;
const planned: PlanRequest[] = [];

function binding() {
  const core = {
    plan: async (req: PlanRequest) => {
      planned.push(req);
      return {
        id: `p${planned.length}`,
        createdAt: '2026-01-01T00:00:00Z',
        platform: 'linux',
        label: 'x',
        targets: [],
      };
    },
    apply: async (p: { id: string }) => ({ id: `a-${p.id}`, status: 'applied', targets: [] }),
  } as unknown as CoreApi;
  return bindContract({
    core,
    probe: { run: () => Promise.reject(new Error('not used')) },
    info: () => Promise.reject(new Error('not used')),
    inspectProfile: async (p) =>
      inspectProfile(ctx, p, { keys: await readPublicKeys([formatPublicKey(signer.publicKey).split('\n')[1] ?? '']) }),
    acceptProfile: (trust) => acceptInspected(ctx, trust),
    log: () => {},
  });
}

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-ipc-profile-'));
  ctx = createContext({ env: { HOME: root, MIRRORKIT_HOME: path.join(root, 'state') }, platform: 'linux' });
});
after(() => fs.rm(root, { recursive: true, force: true }));

test('profile:inspect accepts 64 KiB of text and 4 KiB of signature, and nothing larger or extra', async () => {
  const b = binding();
  const invalid = { ok: false, error: { code: 'app.error.invalid-input', params: { channel: 'profile:inspect' } } };
  const r = await b.invoke('profile:inspect', { name: 'corp.json', text, signature });
  assert.equal(r.ok && (r.value as { trust: { state: string } }).trust.state, 'signed');
  const atLimit = await b.invoke('profile:inspect', { name: 'big.json', text: ' '.repeat(64 * 1024) });
  assert.equal(atLimit.ok, true, '64 KiB is accepted (and answered: refused, unsigned)');
  assert.deepEqual(await b.invoke('profile:inspect', { name: 'big.json', text: ' '.repeat(64 * 1024 + 1) }), invalid);
  assert.deepEqual(
    await b.invoke('profile:inspect', { name: 'a.json', text, signature: 'x'.repeat(4 * 1024 + 1) }),
    invalid,
  );
  assert.deepEqual(await b.invoke('profile:inspect', { name: 'a.json', text, trusted: true }), invalid);
  assert.deepEqual(await b.invoke('profile:inspect', { name: '', text }), invalid);
  assert.deepEqual(await b.invoke('profile:inspect', { name: 'a.json', text: 42 }), invalid);
});

test('a profile plan is verified again in main: a tampered or unsigned profile never reaches the core', async () => {
  const b = binding();
  planned.length = 0;
  const tampered = text.replace('pypi.corp', 'pypi.evil');
  const refused = await b.invoke('core:plan', {
    selection: { kind: 'profile', name: 'corp.json', text: tampered, signature },
  });
  assert.equal(!refused.ok && refused.error.code, 'trust.sig-bad-signature');
  const unsigned = await b.invoke('core:plan', { selection: { kind: 'profile', name: 'corp.json', text } });
  assert.equal(!unsigned.ok && unsigned.error.code, 'trust.unsigned');
  assert.equal(planned.length, 0, 'the core planned nothing');
  const ok = await b.invoke('core:plan', { selection: { kind: 'profile', name: 'corp.json', text, signature } });
  assert.equal(ok.ok, true);
  assert.equal(planned.length, 1);
});

test('applying a signed profile raises its serial floor: an older profile from that key is then a rollback', async () => {
  const b = binding();
  const older = text.replace('"serial":2', '"serial":1');
  const olderSig = signer.sign(Buffer.from(older), 'serial:1');
  const before = await b.invoke('profile:inspect', { name: 'old.json', text: older, signature: olderSig });
  assert.equal(before.ok && (before.value as { trust: { state: string } }).trust.state, 'signed');
  const dry = await b.invoke('core:plan', { selection: { kind: 'profile', name: 'corp.json', text, signature } });
  assert.ok(dry.ok);
  await b.invoke('core:apply', { planId: (dry.value as { id: string }).id, dryRun: true });
  const still = await b.invoke('profile:inspect', { name: 'old.json', text: older, signature: olderSig });
  assert.equal(
    still.ok && (still.value as { trust: { state: string } }).trust.state,
    'signed',
    'a dry run accepts nothing',
  );
  const plan = await b.invoke('core:plan', { selection: { kind: 'profile', name: 'corp.json', text, signature } });
  assert.ok(plan.ok);
  const applied = await b.invoke('core:apply', { planId: (plan.value as { id: string }).id });
  assert.ok(applied.ok);
  const after = await b.invoke('profile:inspect', { name: 'old.json', text: older, signature: olderSig });
  const trust = after.ok ? (after.value as { trust: { state: string; reason?: { code: string } } }).trust : null;
  assert.equal(trust?.reason?.code, 'trust.rollback');
});
