import fs from 'node:fs/promises';
import tls from 'node:tls';

import { MAX_PEM_CHARS, type CaEntry, type ProxySettings } from '../../../shared/profile/corporate';
import type { TargetId } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError } from '../errors';
import { sha256 } from '../fsx/hash';
import { pathApi } from '../platform/paths';

import { parseCaBundle, type CaCert } from './pem';
import type { CorporateFor, StateFile } from './types';

/** A profile's `ca` and `proxy`, checked: every certificate parsed and valid, every file read once. */
export interface Corporate {
  ca: { certs: CaCert[]; targets?: TargetId[] }[];
  proxy?: ProxySettings;
}

async function pemOf(entry: CaEntry, i: number): Promise<{ text: string; source: string }> {
  if ('pem' in entry) return { text: entry.pem, source: `ca[${i}].pem` };
  const source = entry.file;
  try {
    const st = await fs.stat(source);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_PEM_CHARS) throw new Error(`larger than ${MAX_PEM_CHARS} bytes`);
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(await fs.readFile(source)), source };
  } catch (e) {
    throw new MirrorKitError('error.bad-ca', { source, reason: (e as Error).message });
  }
}

/**
 * Read and check the CA certificates a profile names (inline PEM or files on this machine). Any refusal is
 * bad input for the whole profile: the plan stops before anything is written.
 */
export async function loadCorporate(
  ctx: Pick<Ctx, 'now'>,
  ca: readonly CaEntry[] | undefined,
  proxy: ProxySettings | undefined,
): Promise<Corporate | undefined> {
  if (!ca && !proxy) return undefined;
  const out: Corporate = { ca: [], ...(proxy ? { proxy } : {}) };
  for (const [i, entry] of (ca ?? []).entries()) {
    const { text, source } = await pemOf(entry, i);
    out.ca.push({
      certs: parseCaBundle(text, source, ctx.now()),
      ...(entry.targets ? { targets: entry.targets } : {}),
    });
  }
  return out;
}

export function stateFile(ctx: Pick<Ctx, 'platform' | 'stateDir'>, prefix: string, text: string): StateFile {
  // Named by content: a new CA is a new file, so restoring a later apply leaves the earlier one's bundle intact.
  return { path: pathApi(ctx).join(ctx.stateDir, 'corporate', `${prefix}-${sha256(text).slice(0, 12)}.pem`), text };
}

/** The state files for a set of certificates: the company's alone, and the public roots followed by them. */
export function caFiles(ctx: Pick<Ctx, 'platform' | 'stateDir'>, certs: CaCert[]): NonNullable<CorporateFor['ca']> {
  const own = `${certs.map((x) => `# ${x.subject}\n${x.pem}\n`).join('')}`;
  // Tools whose setting replaces their own list (pip's cert, npm's cafile, cargo's cainfo) still need the
  // public roots: Node's list (Mozilla's), then the company's.
  const roots = tls.rootCertificates.map((p) => `${p.trim()}\n`).join('');
  return { certs, certsFile: stateFile(ctx, 'ca', own), bundleFile: stateFile(ctx, 'ca-bundle', `${roots}${own}`) };
}

/** What one tool gets: the certificates meant for it (each once) and the proxy, unless limited to other tools. */
export function corporateFor(ctx: Pick<Ctx, 'platform' | 'stateDir'>, c: Corporate, target: TargetId): CorporateFor {
  const seen = new Set<string>();
  const certs: CaCert[] = [];
  for (const entry of c.ca) {
    if (entry.targets && !entry.targets.includes(target)) continue;
    for (const cert of entry.certs)
      if (!seen.has(cert.fingerprint256) && seen.add(cert.fingerprint256)) certs.push(cert);
  }
  const out: CorporateFor = {};
  if (certs.length > 0) out.ca = caFiles(ctx, certs);
  const p = c.proxy;
  if (p && (!p.targets || p.targets.includes(target)))
    out.proxy = { https: p.https, http: p.http ?? p.https, noProxy: p.noProxy ?? [] };
  return out;
}
