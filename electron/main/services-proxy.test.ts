import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { serveHttps, type HttpsRoutes } from '../../test/helpers/https-routes';
import { makeTestPki } from '../../test/helpers/pki';
import type { CoreApi, PlanRequest } from '../../shared/types/api';
import type { CoreProbe } from '../core/api';
import type { Ctx } from '../core/context';
import type { ProbeOptions } from '../core/probe';
import { inspectWithPolicy } from '../core/profile/inspect';
import { createSigner, formatPublicKey } from '../core/profile/minisign';
import { testNetwork } from '../core/profile/probe-proxy';
import { sandboxCtx } from '../core/targets/test-context';

import { bindContract } from './binding';
import { probeEngine } from './services';

/**
 * Issue 18: the app's Test step measures through the proxy the tools will use — the imported profile's (the one
 * of the last plan), else the one of the profile the ProfileUrl policy names, else HTTPS_PROXY/NO_PROXY — as
 * `mirrorkit test --profile/--from-policy` does. The policy's profile is served over https on 127.0.0.1.
 */
const signer = createSigner();
const profile = (o: object) => `${JSON.stringify({ schemaVersion: 1, name: 'corp', serial: 1, ...o })}\n`;
const TARGETS = { pip: { url: 'https://pypi.corp.example/simple' } };
const IMPORTED = profile({
  targets: TARGETS,
  proxy: { https: 'http://imported.corp.example:8080', noProxy: ['.corp.example'] },
});
const FROM_POLICY = profile({ targets: TARGETS, proxy: { https: 'https://policy.corp.example:3129' } });
const ENV_PROXY = { https: 'http://env.corp.example:3128/', noProxy: ['localhost', '127.0.0.1'] };

let sb: Awaited<ReturnType<typeof sandboxCtx>>;
let ctx: Ctx;
let server: HttpsRoutes;
let base = '';
let pkiDir = '';

before(async () => {
  pkiDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-app-proxy-'));
  const pki = makeTestPki(pkiDir);
  // The profile itself is fetched as the tools fetch (HTTPS_PROXY, NO_PROXY): straight to 127.0.0.1 here.
  sb = await sandboxCtx({
    env: { HTTPS_PROXY: 'env.corp.example:3128', NO_PROXY: 'localhost,127.0.0.1', NODE_EXTRA_CA_CERTS: pki.caPem },
  });
  ctx = sb.ctx;
  const sig = signer.sign(Buffer.from(FROM_POLICY), 'serial:1');
  server = await serveHttps(pki, { '/corp.json': FROM_POLICY, '/corp.json.minisig': sig });
  base = server.base;
});
after(async () => {
  await server.close();
  await sb.cleanup();
  await fs.rm(pkiDir, { recursive: true, force: true });
});

/** The binding over a core that plans anything, and a speed test that records the options it was given. */
function app() {
  const seen: (ProbeOptions | undefined)[] = [];
  let announced = 0;
  const probe: CoreProbe = {
    candidates: async () => [{ target: 'pip', kind: 'pypi', url: 'https://pypi.org/simple/' }],
    run: async (_c, opts) => {
      seen.push(opts);
      return { results: [], best: {}, wallMs: 0, bytes: 0 };
    },
  };
  let n = 0;
  const core = {
    plan: async (req: PlanRequest) => ({
      id: `p${++n}`,
      createdAt: '2026-01-01T00:00:00Z',
      platform: 'linux',
      label: req.selection.kind,
      targets: [],
    }),
  } as unknown as CoreApi;
  const engine = probeEngine(probe, { network: (p) => testNetwork(ctx, p ? { profile: p } : {}) });
  const binding = bindContract({
    core,
    probe: {
      run: (targets, opts) => engine.run(targets, { ...opts, onStart: () => void announced++ }),
    },
    info: () => Promise.reject(new Error('not used')),
    inspectProfile: (p) => inspectWithPolicy(ctx, p),
    fetchProfile: () => Promise.reject(new Error('not used')),
    log: () => {},
  });
  const run = async () => {
    const r = await binding.invoke('probe:run', { targets: ['pip'] });
    return r.ok ? seen.at(-1)?.proxy : r.error;
  };
  return { binding, run, announced: () => announced };
}

const writePolicy = (o: object) =>
  fs
    .mkdir(path.join(sb.root, 'sysroot/etc/mirrorkit/policies/managed'), { recursive: true })
    .then(() =>
      fs.writeFile(path.join(sb.root, 'sysroot/etc/mirrorkit/policies/managed/corp.json'), JSON.stringify(o)),
    );

test("the imported profile's proxy, once planned; another plan goes back to the environment's", async () => {
  const { binding, run } = app();
  assert.deepEqual(await run(), ENV_PROXY, 'nothing imported: HTTPS_PROXY/NO_PROXY');
  const planned = await binding.invoke('core:plan', {
    selection: { kind: 'profile', name: 'corp.json', text: IMPORTED },
  });
  assert.ok(planned.ok, JSON.stringify(planned));
  assert.deepEqual(await run(), {
    https: 'http://imported.corp.example:8080',
    http: 'http://imported.corp.example:8080',
    noProxy: ['.corp.example'],
  });
  await binding.invoke('core:plan', { selection: { kind: 'preset', preset: 'official' } });
  assert.deepEqual(await run(), ENV_PROXY, 'a preset plan: the imported profile no longer applies');
  await binding.invoke('core:plan', {
    selection: { kind: 'profile', name: 'bare.json', text: profile({ targets: TARGETS }) },
  });
  assert.deepEqual(await run(), ENV_PROXY, 'a profile without a proxy: the environment decides');
});

test("the ProfileUrl policy's profile's proxy; an unreachable one stops the test before any mirror is announced", async () => {
  const key = formatPublicKey(signer.publicKey).split('\n')[1] as string;
  await writePolicy({ ProfileUrl: `${base}/corp.json`, ProfilePublicKeys: [key] });
  try {
    const { binding, run, announced } = app();
    assert.deepEqual(await run(), {
      https: 'https://policy.corp.example:3129',
      http: 'https://policy.corp.example:3129',
      noProxy: [],
    });
    // With policy keys an unsigned import is refused, and its proxy is not used.
    const unsigned = await binding.invoke('core:plan', {
      selection: { kind: 'profile', name: 'corp.json', text: IMPORTED },
    });
    assert.equal(unsigned.ok, false);
    assert.equal(((await run()) as { https?: string }).https, 'https://policy.corp.example:3129');
    // A signed import comes first: it is what the next apply writes.
    const signature = signer.sign(Buffer.from(IMPORTED), 'serial:1');
    const signed = await binding.invoke('core:plan', {
      selection: { kind: 'profile', name: 'corp.json', text: IMPORTED, signature },
    });
    assert.ok(signed.ok, JSON.stringify(signed));
    assert.equal(((await run()) as { https?: string }).https, 'http://imported.corp.example:8080');

    await writePolicy({ ProfileUrl: `${base}/missing.json`, ProfilePublicKeys: [key] });
    const fresh = app();
    const before = fresh.announced();
    const refused = await fresh.run();
    assert.equal((refused as { code?: string }).code, 'trust.unreachable', JSON.stringify(refused));
    assert.equal(fresh.announced(), before, 'no candidate announced');
    assert.equal(announced() > 0, true);
  } finally {
    await fs.rm(path.join(sb.root, 'sysroot/etc/mirrorkit'), { recursive: true, force: true });
  }
});
