import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { makeTestPki, type TestPki } from '../../../test/helpers/pki';
import type { Change, Plan } from '../../../shared/types/core';
import { restoreApply } from '../apply/restore';
import { applyPlan } from '../apply/transaction';
import { nodeExec } from '../platform/exec';
import { makePlan } from '../plan/plan';
import { sandboxCtx } from '../targets/test-context';

/** The JDK this machine has (through the keytool on PATH), or undefined. */
function jdkHome(): string | undefined {
  try {
    const keytool = execFileSync('sh', ['-c', 'command -v keytool'], { encoding: 'utf8' }).trim();
    return path.dirname(path.dirname(realpathSync(keytool)));
  } catch {
    return undefined;
  }
}

let pki: TestPki;
let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-truststore-t-'));
  pki = makeTestPki(tmp, 'Contoso Root CA');
});
after(() => fs.rm(tmp, { recursive: true, force: true }));

type Write = Extract<Change, { kind: 'writeFile' }>;
const writes = (p: Plan): Write[] =>
  p.targets.flatMap((t) => t.changes.filter((c): c is Write => c.kind === 'writeFile'));
const codes = (p: Plan, t: string) => p.targets.find((x) => x.target === t)!.warnings.map((w) => w.code);

describe('Java truststore for Maven and Gradle', () => {
  const home = jdkHome();
  const req = {
    selection: {
      kind: 'profile' as const,
      text: '',
      name: 'corp.json',
    },
    installed: ['maven' as const, 'gradle' as const],
  };
  const profile = (ca: string) =>
    JSON.stringify({
      name: 'Contoso',
      targets: {
        maven: { url: 'https://nexus.corp.example/maven2/' },
        gradle: { url: 'https://nexus.corp.example/maven2/' },
      },
      ca: [{ file: ca }],
    });

  it("one PKCS12 file (the JDK's cacerts plus the company CA) named by gradle.properties and ~/.mavenrc; restore gives every byte back", async (t) => {
    if (!home) return t.skip('no JDK (keytool) here');
    const PROPS = '# mine\norg.gradle.caching=true\n';
    const RC = '# my rc\nMAVEN_OPTS="-Xmx1g"\n';
    const { ctx, root, cleanup } = await sandboxCtx({
      env: { JAVA_HOME: home },
      exec: nodeExec,
      files: { 'home/.gradle/gradle.properties': PROPS, 'home/.mavenrc': RC },
    });
    try {
      const r = { ...req, selection: { ...req.selection, text: profile(pki.caPem) } };
      const plan = await makePlan(ctx, r);
      const stores = writes(plan).filter((c) => /truststore-[0-9a-f]{12}\.p12$/.test(c.path));
      assert.equal(stores.length, 1, 'one truststore for both tools');
      const store = stores[0]!;
      assert.equal(store.encoding, 'base64');
      assert.ok(store.path.startsWith(path.join(root, 'state', 'corporate')), store.path);
      assert.ok(codes(plan, 'maven').includes('corp.java-truststore'));
      assert.ok(codes(plan, 'gradle').includes('corp.gradle-daemon'));
      const props = writes(plan).find((c) => c.path.endsWith('gradle.properties'))!;
      assert.equal(
        props.after,
        `${PROPS}systemProp.javax.net.ssl.trustStore=${store.path}\nsystemProp.javax.net.ssl.trustStoreType=PKCS12\nsystemProp.javax.net.ssl.trustStorePassword=changeit\n`,
      );
      const rc = writes(plan).find((c) => c.path.endsWith('.mavenrc'))!;
      assert.equal(
        rc.after,
        `${RC}MAVEN_OPTS="-Djavax.net.ssl.trustStore=${store.path} -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit $MAVEN_OPTS" # added by MirrorKit (mirrorkit restore removes this line)\n`,
      );

      await applyPlan(ctx, plan);
      const list = execFileSync(
        path.join(home, 'bin', 'keytool'),
        ['-list', '-keystore', store.path, '-storetype', 'PKCS12', '-storepass', 'changeit'],
        { encoding: 'utf8' },
      );
      assert.match(list, /^mirrorkit-[0-9a-f]{16}, .*trustedCertEntry/m, 'the company CA, as a trusted entry');
      const entries = Number(/contains (\d+) entr/.exec(list)?.[1]);
      assert.ok(entries > 50, `the JDK's own roots too (${entries} entries)`);
      assert.deepEqual(readFileSync(store.path), Buffer.from(store.after, 'base64'));

      const again = await makePlan(ctx, r);
      for (const tp of again.targets) {
        assert.equal(tp.status, 'unchanged', tp.target);
        for (const s of tp.corporate ?? []) assert.equal(s.actual, s.expected, `${tp.target} ${s.key}`);
      }
      await restoreApply(ctx);
      assert.equal(readFileSync(path.join(root, 'home/.gradle/gradle.properties'), 'utf8'), PROPS);
      assert.equal(readFileSync(path.join(root, 'home/.mavenrc'), 'utf8'), RC);
      await assert.rejects(fs.stat(store.path), /ENOENT/);
    } finally {
      await cleanup();
    }
  });

  it('without a JDK: the copy of the CA and the keytool command, nothing pointed at', async () => {
    const { ctx, cleanup } = await sandboxCtx({ env: { JAVA_HOME: path.join(tmp, 'no-jdk') } });
    try {
      const plan = await makePlan(ctx, { ...req, selection: { ...req.selection, text: profile(pki.caPem) } });
      for (const t of ['maven', 'gradle']) assert.ok(codes(plan, t).includes('corp.java-no-truststore'), t);
      assert.ok(!writes(plan).some((c) => /gradle\.properties$|\.mavenrc$|\.p12$/.test(c.path)));
      assert.equal(writes(plan).filter((c) => /[/\\]ca-[0-9a-f]{12}\.pem$/.test(c.path)).length, 1);
    } finally {
      await cleanup();
    }
  });
});
