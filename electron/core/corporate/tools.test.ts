import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { makeTestPki, type TestPki } from '../../../test/helpers/pki';
import type { Change, Plan } from '../../../shared/types/core';
import { restoreApply } from '../apply/restore';
import { applyPlan } from '../apply/transaction';
import { mavenProxies, setMirrorkitProxies } from '../edit/maven-proxies';
import { nonProxyHosts } from '../targets/maven-corporate';
import { systemStoreCommand } from '../targets/go-corporate';
import { makePlan } from '../plan/plan';
import { sandboxCtx } from '../targets/test-context';

let pki: TestPki;
let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-corp-tools-'));
  pki = makeTestPki(tmp, 'Contoso Root CA');
});
after(() => fs.rm(tmp, { recursive: true, force: true }));

type Write = Extract<Change, { kind: 'writeFile' }>;
const writes = (p: Plan): Write[] =>
  p.targets.flatMap((t) => t.changes.filter((c): c is Write => c.kind === 'writeFile'));
const PROXY = { https: 'http://proxy.corp.example:3128', noProxy: ['.intra.example', 'build.example', '10.0.0.0/8'] };

const CARGO = '# my cargo\n[net]\nretry = 3\n';
const DAEMON = '{\n  "log-level": "warn"\n}\n';
const MAVEN = `<?xml version="1.0" encoding="UTF-8"?>
<settings>
  <servers>
    <server>
      <id>corp</id>
      <username>li</username>
      <password>hunter2-very-secret</password>
    </server>
  </servers>
  <proxies>
    <proxy>
      <id>old</id>
      <host>old-proxy.example</host>
      <port>8080</port>
      <password>proxy-secret</password>
    </proxy>
  </proxies>
</settings>
`;

describe('cargo, docker, maven and go: CA and proxy', () => {
  it("each tool's own setting, one restore gives every file back byte for byte and removes what was added", async () => {
    const { ctx, root, cleanup } = await sandboxCtx({
      files: {
        'home/.cargo/config.toml': CARGO,
        'sysroot/etc/docker/daemon.json': DAEMON,
        'home/.m2/settings.xml': MAVEN,
      },
    });
    try {
      const text = JSON.stringify({
        name: 'Contoso',
        targets: {
          cargo: { url: 'https://crates.corp.example/index/' },
          docker: { urls: ['https://hub.corp.example:5000'] },
          maven: { url: 'https://nexus.corp.example/maven/' },
          go: { url: 'https://goproxy.corp.example/' },
        },
        ca: [{ file: pki.caPem }],
        proxy: PROXY,
      });
      const req = {
        selection: { kind: 'profile' as const, text, name: 'corp.json' },
        installed: ['cargo', 'docker', 'maven', 'go'] as const,
      };
      const plan = await makePlan(ctx, { ...req, installed: [...req.installed] });
      const w = writes(plan);
      const file = (end: string) => w.find((c) => c.path.endsWith(end));
      const bundle = w.find((c) => /ca-bundle-[0-9a-f]{12}\.pem$/.test(c.path))!;
      const certs = w.find((c) => /[/\\]ca-[0-9a-f]{12}\.pem$/.test(c.path))!;
      assert.equal(certs.target, 'go', 'go keeps the copy its system-store command names');
      assert.equal(
        file('config.toml')?.after,
        `${CARGO}\n[source.crates-io]\nreplace-with = "mirrorkit"\n\n[source.mirrorkit]\nregistry = "sparse+https://crates.corp.example/index/"\n\n[registries.mirrorkit]\nindex = "sparse+https://crates.corp.example/index/"\n\n[http]\ncainfo = "${bundle.path}"\nproxy = "http://proxy.corp.example:3128"\n`,
      );
      const crt = file(path.join('certs.d', 'hub.corp.example:5000', 'ca.crt'))!;
      assert.ok(crt.path.startsWith(path.join(root, 'sysroot', 'etc', 'docker')), crt.path);
      assert.equal(crt.admin, true);
      assert.match(crt.after, /^# CN=Contoso Root CA\n-----BEGIN CERTIFICATE-----/);
      assert.equal(
        crt.after.split('BEGIN CERTIFICATE').length,
        2,
        'only the company CA: the daemon adds it to its roots',
      );
      const daemon = JSON.parse(file('daemon.json')!.after) as Record<string, unknown>;
      assert.deepEqual(daemon.proxies, {
        'http-proxy': PROXY.https,
        'https-proxy': PROXY.https,
        'no-proxy': '.intra.example,build.example,10.0.0.0/8',
      });
      const mvn = file('settings.xml')!.after;
      const block = [
        '  <proxies>',
        '    <proxy>',
        '      <id>mirrorkit-https</id>',
        '      <active>true</active>',
        '      <protocol>https</protocol>',
        '      <host>proxy.corp.example</host>',
        '      <port>3128</port>',
        '      <nonProxyHosts>*.intra.example|build.example|*.build.example</nonProxyHosts>',
        '    </proxy>',
        '    <proxy>',
        '      <id>mirrorkit-http</id>',
      ].join('\n');
      assert.ok(mvn.includes(block), mvn);
      assert.ok(mvn.includes('<id>old</id>') && mvn.includes('hunter2-very-secret'), 'the rest of the file is kept');
      const settings = JSON.stringify(plan.targets.map((t) => t.corporate));
      assert.doesNotMatch(settings, /secret/, 'credentials are never read into the plan');
      const warn = (target: string) => plan.targets.find((t) => t.target === target)!.warnings.map((x) => x.code);
      assert.ok(
        warn('maven').includes('corp.maven-noproxy-dropped') && warn('maven').includes('corp.java-no-truststore'),
      );
      assert.ok(warn('docker').includes('corp.docker-proxy-restart'));
      assert.ok(warn('go').includes('corp.go-ca') && warn('go').includes('corp.go-proxy'));
      assert.ok(warn('cargo').includes('corp.no-proxy-list'));

      await applyPlan(ctx, plan);
      const again = await makePlan(ctx, { ...req, installed: [...req.installed] });
      for (const t of again.targets) assert.equal(t.status, 'unchanged', t.target);

      await restoreApply(ctx);
      assert.equal(readFileSync(path.join(root, 'home/.cargo/config.toml'), 'utf8'), CARGO);
      assert.equal(readFileSync(path.join(root, 'sysroot/etc/docker/daemon.json'), 'utf8'), DAEMON);
      assert.equal(readFileSync(path.join(root, 'home/.m2/settings.xml'), 'utf8'), MAVEN);
      for (const f of [bundle.path, certs.path, crt.path]) await assert.rejects(fs.stat(f), /ENOENT/, f);
    } finally {
      await cleanup();
    }
  });

  it("cargo gets no proxy when its registry's host is in noProxy; Docker Desktop's proxy is its own setting", async () => {
    const { ctx, cleanup } = await sandboxCtx({ platform: 'darwin' });
    try {
      const text = JSON.stringify({
        name: 'Contoso',
        targets: { cargo: { url: 'https://crates.intra.example/' }, docker: { urls: ['https://hub.intra.example'] } },
        proxy: PROXY,
      });
      const plan = await makePlan(ctx, {
        selection: { kind: 'profile', text, name: 'corp.json' },
        installed: ['cargo', 'docker'],
      });
      const cargo = plan.targets.find((t) => t.target === 'cargo')!;
      assert.deepEqual(
        cargo.warnings.map((x) => x.code),
        ['corp.mirror-direct'],
      );
      assert.doesNotMatch(writes(plan).find((c) => c.path.endsWith('config.toml'))!.after, /\[http\]/);
      const docker = plan.targets.find((t) => t.target === 'docker')!;
      assert.ok(docker.warnings.some((x) => x.code === 'corp.docker-desktop-proxy'));
      assert.doesNotMatch(writes(plan).find((c) => c.path.endsWith('daemon.json'))!.after, /proxies/);
    } finally {
      await cleanup();
    }
  });

  it('Maven is warned that an https:// proxy will not work for it (Java speaks plain HTTP to a proxy)', async () => {
    const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.m2/settings.xml': MAVEN } });
    try {
      const plan = async (https: string) => {
        const text = JSON.stringify({
          name: 'Contoso',
          targets: { maven: { url: 'https://nexus.corp.example/maven/' } },
          proxy: { https },
        });
        const p = await makePlan(ctx, {
          selection: { kind: 'profile', text, name: 'corp.json' },
          installed: ['maven'],
        });
        return p.targets.find((t) => t.target === 'maven')!.warnings;
      };
      assert.deepEqual(
        (await plan('https://proxy.corp.example:3129')).filter((w) => w.code === 'corp.maven-https-proxy'),
        [{ code: 'corp.maven-https-proxy', params: { proxy: 'https://proxy.corp.example:3129' } }],
      );
      assert.equal((await plan(PROXY.https)).filter((w) => w.code === 'corp.maven-https-proxy').length, 0);
    } finally {
      await cleanup();
    }
  });

  it("Maven's nonProxyHosts and the system-store commands", () => {
    assert.deepEqual(
      nonProxyHosts(['*', '.a.example', '*.b.example', 'c.example', '10.1.2.3', '10.0.0.0/8', 'd:8080', '[::1]']),
      {
        value: '*|*.a.example|*.b.example|c.example|*.c.example|10.1.2.3',
        dropped: ['10.0.0.0/8', 'd:8080', '[::1]'],
      },
    );
    assert.equal(systemStoreCommand('win32', 'C:\\mk\\ca.pem'), 'certutil -addstore -f Root "C:\\mk\\ca.pem"');
    assert.match(
      systemStoreCommand('darwin', '/x/ca.pem'),
      /^sudo security add-trusted-cert -d -r trustRoot -k \/Library\/Keychains\/System\.keychain "\/x\/ca\.pem"$/,
    );
    assert.match(systemStoreCommand('linux', '/x/ca.pem'), /update-ca-certificates/);
  });
});

describe('Maven <proxies> editor', () => {
  const P = [{ id: 'mirrorkit-https', protocol: 'https' as const, host: 'p.example', port: 3128 }];
  it('creates, fills an empty or self-closing element, replaces its own entries and is stable on a second run', () => {
    for (const text of [
      null,
      '<settings/>',
      '<settings>\n  <proxies/>\n</settings>\n',
      '<settings>\r\n  <mirrors/>\r\n</settings>\r\n',
      '<settings><localRepository>/r</localRepository></settings>',
    ]) {
      const once = setMirrorkitProxies(text, P);
      assert.deepEqual(mavenProxies(once), ['mirrorkit-https https p.example:3128'], once);
      assert.equal(setMirrorkitProxies(once, P), once, 'applying again changes nothing');
      const moved = setMirrorkitProxies(once, [{ ...P[0]!, port: 8080 }]);
      assert.deepEqual(mavenProxies(moved), ['mirrorkit-https https p.example:8080']);
      if (text?.includes('\r\n')) assert.doesNotMatch(once.replace(/\r\n/g, ''), /\n/, 'CRLF kept');
    }
    assert.throws(() => setMirrorkitProxies('<project/>', P), /not <settings>/);
  });
});
