import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { makeTestPki, type TestPki } from '../../../test/helpers/pki';
import type { Change, Plan } from '../../../shared/types/core';
import { previewPlan, redactPlan } from '../apply/preview';
import { restoreApply } from '../apply/restore';
import { applyPlan } from '../apply/transaction';
import { MirrorKitError } from '../errors';
import { makePlan } from '../plan/plan';
import { compliance } from '../profile/compliance';
import { sandboxCtx } from '../targets/test-context';

import { parseCaBundle } from './pem';

let pki: TestPki;
let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-corp-'));
  pki = makeTestPki(tmp, 'Contoso Root CA');
});
after(() => fs.rm(tmp, { recursive: true, force: true }));

const read = (f: string) => readFileSync(f, 'utf8');
const writes = (p: Plan) =>
  p.targets.flatMap((t) =>
    t.changes.filter((c): c is Extract<Change, { kind: 'writeFile' }> => c.kind === 'writeFile'),
  );
const PROXY = { https: 'http://proxy.corp.example:3128', noProxy: ['.intra.example', '10.0.0.0/8'] };
const profile = (extra: object) =>
  JSON.stringify({
    name: 'Contoso',
    targets: { pip: { url: 'https://pypi.corp.example/simple/' }, npm: { url: 'https://registry.npmmirror.com/' } },
    ...extra,
  });
const planOf = (ctx: Parameters<typeof makePlan>[0], text: string) =>
  makePlan(ctx, { selection: { kind: 'profile', text, name: 'corp.json' }, installed: ['pip', 'npm'] });

describe('CA bundle validation', () => {
  it('accepts a CA certificate and re-encodes it; comments between blocks are dropped', () => {
    const certs = parseCaBundle(`# Contoso\n${read(pki.caPem)}`, 'ca.pem', new Date());
    assert.equal(certs.length, 1);
    assert.match(certs[0]?.subject ?? '', /CN=Contoso Root CA/);
    assert.match(certs[0]?.pem ?? '', /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----$/);
  });

  it('refuses a private key, a server certificate, garbage, an expired CA and an unterminated block', () => {
    const refused = (text: string, why: RegExp, now = new Date()) =>
      assert.throws(
        () => parseCaBundle(text, 'x.pem', now),
        (e: unknown) => e instanceof MirrorKitError && e.code === 'error.bad-ca' && why.test(String(e.params.reason)),
      );
    refused(`${read(pki.caPem)}${read(pki.caKey)}`, /"PRIVATE KEY" block/);
    refused(read(pki.srvPem), /not a CA certificate/);
    refused('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', /not an X\.509 certificate/);
    refused('-----BEGIN CERTIFICATE-----\n$(rm -rf ~)\n-----END CERTIFICATE-----\n', /not base64/);
    refused('hello', /no -----BEGIN CERTIFICATE----- block/);
    refused(`${read(pki.caPem)}-----BEGIN CERTIFICATE-----\nMIIB\n`, /without its END line/);
    refused(read(pki.caPem), /expired on/, new Date(Date.now() + 5 * 86_400_000));
    refused('\0\0\0', /binary/);
  });
});

describe('pip and npm: CA and proxy in their own files', () => {
  it('plans cert/proxy in pip.conf and cafile/proxy/https-proxy/noproxy in .npmrc, one bundle; restore is byte-identical', async () => {
    const pipConf = '# company pip\r\n[global]\r\ntimeout = 60\r\n';
    const npmrc = '; my settings\nsave-exact=true\n';
    const { ctx, root, cleanup } = await sandboxCtx({
      files: { 'home/.config/pip/pip.conf': pipConf, 'home/.npmrc': npmrc },
    });
    try {
      const plan = await planOf(ctx, profile({ ca: [{ pem: read(pki.caPem) }], proxy: PROXY }));
      const w = writes(plan);
      const bundle = w.filter((c) => /ca-bundle-[0-9a-f]{12}\.pem$/.test(c.path));
      assert.equal(bundle.length, 1, 'one copy of the bundle, shared by pip and npm');
      const b = bundle[0]!;
      assert.equal(b.before, null);
      assert.ok(b.path.startsWith(path.join(root, 'state', 'corporate')), b.path);
      assert.match(b.after, /# CN=Contoso Root CA\n-----BEGIN CERTIFICATE-----/);
      assert.ok(b.after.split('BEGIN CERTIFICATE').length > 50, 'the public roots come first');
      const pip = w.find((c) => c.path.endsWith('pip.conf'))!;
      assert.equal(
        pip.after,
        `# company pip\r\n[global]\r\ntimeout = 60\r\nindex-url = https://pypi.corp.example/simple/\r\ncert = ${b.path}\r\nproxy = http://proxy.corp.example:3128\r\n`,
      );
      const npm = w.find((c) => c.path.endsWith('.npmrc'))!;
      assert.equal(
        npm.after,
        `; my settings\nsave-exact=true\nregistry=https://registry.npmmirror.com/\ncafile=${b.path}\nproxy=http://proxy.corp.example:3128\nhttps-proxy=http://proxy.corp.example:3128\nnoproxy=.intra.example,10.0.0.0/8\n`,
      );
      const codes = plan.targets.flatMap((t) => t.warnings.map((x) => x.code));
      assert.ok(codes.includes('corp.no-proxy-list') && codes.includes('corp.node-extra-ca'), codes.join());

      const before = await compliance(ctx, plan, new Map());
      assert.deepEqual(
        before.find((x) => x.target === 'npm')?.corporate?.map((c) => [c.key, c.actual]),
        [
          ['cafile', null],
          ['proxy', null],
          ['https-proxy', null],
          ['noproxy', null],
          ['NODE_EXTRA_CA_CERTS', null],
        ],
      );
      await applyPlan(ctx, plan);
      assert.equal(read(b.path), b.after);
      const again = await planOf(ctx, profile({ ca: [{ pem: read(pki.caPem) }], proxy: PROXY }));
      assert.deepEqual(
        again.targets.map((t) => t.status),
        ['unchanged', 'unchanged'],
        'applied: nothing left to change',
      );
      assert.deepEqual(
        (await compliance(ctx, again, new Map())).map((x) => x.state),
        ['compliant', 'compliant'],
      );

      await restoreApply(ctx);
      assert.equal(read(path.join(root, 'home/.config/pip/pip.conf')), pipConf);
      assert.equal(read(path.join(root, 'home/.npmrc')), npmrc);
      await assert.rejects(fs.stat(b.path), /ENOENT/, 'restore removes the copied bundle');
    } finally {
      await cleanup();
    }
  });

  it("pip gets no proxy when its mirror's host is in noProxy; a CA limited to npm is not pip's", async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const plan = await planOf(
        ctx,
        profile({ ca: [{ pem: read(pki.caPem), targets: ['npm'] }], proxy: { ...PROXY, noProxy: ['corp.example'] } }),
      );
      const pip = plan.targets.find((t) => t.target === 'pip')!;
      assert.deepEqual(pip.corporate, []);
      assert.ok(pip.warnings.some((x) => x.code === 'corp.mirror-direct' && x.params?.host === 'pypi.corp.example'));
      assert.doesNotMatch(writes(plan).find((c) => c.path.endsWith('pip.conf'))!.after, /cert|proxy/);
    } finally {
      await cleanup();
    }
  });

  it('a hostile CA file or a proxy with credentials is refused before anything is planned', async () => {
    const { ctx, root, cleanup } = await sandboxCtx({ files: { 'key.pem': read(pki.caKey) } });
    try {
      await assert.rejects(
        planOf(ctx, profile({ ca: [{ file: path.join(root, 'key.pem') }] })),
        (e: unknown) =>
          e instanceof MirrorKitError && e.code === 'error.bad-ca' && /PRIVATE KEY/.test(String(e.params.reason)),
      );
      await assert.rejects(
        planOf(ctx, profile({ ca: [{ file: 'relative/ca.pem' }] })),
        /error\.bad-profile|bad-profile/,
      );
      for (const https of ['http://user:pw@proxy.corp.example:3128', 'http://proxy;rm -rf ~', 'socks5://proxy:1080'])
        await assert.rejects(
          planOf(ctx, profile({ proxy: { https } })),
          (e: unknown) => e instanceof MirrorKitError && e.code === 'error.bad-profile',
          https,
        );
      await assert.rejects(
        planOf(ctx, profile({ proxy: { https: 'http://proxy:3128', noProxy: ['a.example|b'] } })),
        (e: unknown) => e instanceof MirrorKitError && e.code === 'error.bad-profile',
      );
      await assert.rejects(fs.stat(path.join(root, 'home')), /ENOENT/, 'nothing written');
    } finally {
      await cleanup();
    }
  });
});

describe('preview of a CA bundle', () => {
  it('shows how many certificates and the company ones, not the base64 of the public roots', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const plan = await planOf(ctx, profile({ ca: [{ pem: read(pki.caPem) }] }));
      const item = previewPlan(plan).find((p) => p.kind === 'file' && p.path.includes('ca-bundle-'));
      assert.ok(item?.kind === 'file');
      assert.match(item.diff, /\+\(\d+ certificates, PEM\)\n\+# CN=Contoso Root CA\n/);
      assert.ok(item.diff.length < 2000, `${item.diff.length} characters`);
      const redacted = redactPlan(plan).targets.flatMap((t) => t.changes);
      assert.ok(redacted.every((c) => c.kind !== 'writeFile' || !c.after.includes('BEGIN CERTIFICATE')));
    } finally {
      await cleanup();
    }
  });
});
