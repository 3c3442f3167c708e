import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Change, Message, TargetId, TargetPlan } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { sha256 } from '../fsx/hash';
import { pathApi } from '../platform/paths';
import { exists, findExecutable, processEnv } from '../targets/common';

import { stateFileChange } from './file';
import type { CaCert } from './pem';
import type { CorporateFor } from './types';

/**
 * A PKCS12 truststore for Java tools (Maven, Gradle): the JDK's own cacerts plus the company's certificates, made by
 * that JDK's keytool (argument arrays only) and kept in MirrorKit's state folder. The password only guards the
 * file's integrity; the file holds public certificates, and Java's own cacerts uses the same well-known one.
 */
export const TRUSTSTORE_PASSWORD = 'changeit';
export const TRUSTSTORE_TYPE = 'PKCS12';

export interface Jdk {
  home: string;
  keytool: string;
  cacerts: string;
}

/** The JDK Maven and Gradle run with: JAVA_HOME, else the `java` on PATH (through its links). */
export async function findJdk(ctx: Ctx): Promise<Jdk | undefined> {
  const p = pathApi(ctx);
  let home = processEnv(ctx, 'JAVA_HOME');
  if (!home) {
    const java = await findExecutable(ctx, 'java');
    if (!java) return undefined;
    home = p.dirname(p.dirname(await fs.realpath(java).catch(() => java)));
  }
  const keytool = p.join(home, 'bin', ctx.platform === 'win32' ? 'keytool.exe' : 'keytool');
  if (!(await exists(keytool))) return undefined;
  // JDK 9 and later keep cacerts under lib/, JDK 8 under jre/lib/.
  for (const rel of [['lib'], ['jre', 'lib']]) {
    const cacerts = p.join(home, ...rel, 'security', 'cacerts');
    if (await exists(cacerts)) return { home, keytool, cacerts };
  }
  return undefined;
}

export type Truststore = { path: string; change: Change | null } | { reason: string };

/** Stores built in this process, by path: Maven and Gradle of one plan share one file, byte for byte. */
const built = new Map<string, Buffer>();

async function keytool(ctx: Ctx, jdk: Jdk, args: string[]): Promise<void> {
  const r = await ctx.exec(jdk.keytool, args, { timeoutMs: 60_000 });
  if (r.code !== 0) {
    const out = `${r.stderr}\n${r.stdout}`.trim().split(/\r?\n/)[0] ?? '';
    throw new Error(`${path.basename(jdk.keytool)} ${args[0]}: ${r.failureDetail ?? (out || `exit ${r.code}`)}`);
  }
}

async function build(ctx: Ctx, jdk: Jdk, certs: CaCert[]): Promise<Buffer> {
  // keytool writes only files: it works in a temp folder of its own, removed whatever happens.
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-truststore-'));
  try {
    const dest = path.join(tmp, 'truststore.p12');
    const store = ['-storetype', TRUSTSTORE_TYPE, '-storepass', TRUSTSTORE_PASSWORD];
    await keytool(ctx, jdk, [
      '-importkeystore',
      '-noprompt',
      '-srckeystore',
      jdk.cacerts,
      '-srcstorepass',
      TRUSTSTORE_PASSWORD,
      '-destkeystore',
      dest,
      '-deststoretype',
      TRUSTSTORE_TYPE,
      '-deststorepass',
      TRUSTSTORE_PASSWORD,
    ]);
    for (const [i, c] of certs.entries()) {
      const pem = path.join(tmp, `ca-${i}.pem`);
      await fs.writeFile(pem, `${c.pem}\n`);
      const alias = `mirrorkit-${c.fingerprint256.replace(/:/g, '').slice(0, 16).toLowerCase()}`;
      await keytool(ctx, jdk, ['-importcert', '-noprompt', '-alias', alias, '-file', pem, '-keystore', dest, ...store]);
    }
    return await fs.readFile(dest);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The truststore for `certs` with this machine's JDK: its path in the state folder (named by the JDK's cacerts and
 * the certificates, so it is built once) and the change that creates it, or why there is none.
 */
export async function javaTruststore(ctx: Ctx, target: TargetId, certs: CaCert[]): Promise<Truststore> {
  const jdk = await findJdk(ctx);
  if (!jdk) return { reason: 'no JDK found (JAVA_HOME, or java on PATH, with bin/keytool and lib/security/cacerts)' };
  let cacerts: Buffer;
  try {
    cacerts = await fs.readFile(jdk.cacerts);
  } catch (e) {
    return { reason: `${jdk.cacerts}: ${(e as Error).message}` };
  }
  const id = sha256(Buffer.concat([cacerts, Buffer.from(certs.map((c) => c.pem).join('\n'))])).slice(0, 12);
  const file = pathApi(ctx).join(ctx.stateDir, 'corporate', `truststore-${id}.p12`);
  if (await exists(file)) return { path: file, change: null };
  let bytes = built.get(file);
  if (!bytes) {
    try {
      bytes = await build(ctx, jdk, certs);
    } catch (e) {
      return { reason: (e as Error).message };
    }
    built.set(file, bytes);
  }
  const change: Change = {
    kind: 'writeFile',
    target,
    path: file,
    before: null,
    after: bytes.toString('base64'),
    encoding: 'base64',
    admin: false,
  };
  return { path: file, change };
}

/**
 * What a Java tool's part plans for the company CA: the truststore (created once, shared by Maven and Gradle) and
 * its path for the tool's setting; without a JDK, the copy of the CA and the keytool command an administrator runs.
 */
export async function planJavaTrust(
  ctx: Ctx,
  tp: TargetPlan,
  ca: NonNullable<CorporateFor['ca']>,
): Promise<{ store?: string; changes: Change[]; warnings: Message[] }> {
  const ts = await javaTruststore(ctx, tp.target, ca.certs);
  if ('reason' in ts)
    return {
      changes: [await stateFileChange(tp, ca.certsFile)],
      warnings: [
        { code: 'corp.java-no-truststore', params: { target: tp.target, reason: ts.reason, path: ca.certsFile.path } },
      ],
    };
  return {
    store: ts.path,
    changes: ts.change ? [ts.change] : [],
    warnings: [{ code: 'corp.java-truststore', params: { target: tp.target, path: ts.path } }],
  };
}
