import fs from 'node:fs/promises';
import path from 'node:path';

import { audit, trustFailureEvent } from '../audit/log';
import type { Ctx } from '../context';
import { EXIT, MirrorKitError } from '../errors';
import { atomicWrite } from '../fsx/atomic';
import { sha256 } from '../fsx/hash';

import { FetchError, fetchHttps } from './fetch';
import { checkTrust, type TrustAnchors, type TrustInfo } from './trust';

/** A profile's size limit, and its signature's (a .minisig is four short lines). */
export const MAX_PROFILE_BYTES = 256 * 1024;
const MAX_SIGNATURE_BYTES = 4096;

export interface LoadedProfile {
  text: string;
  /** The file path or URL, as the user gave it. */
  name: string;
  /**
   * Where the bytes came from this time: a cached copy is the last one that passed verification, used offline
   * (`cache`) or because it is younger than the CheckIntervalHours policy (`recent`).
   */
  from: 'file' | 'url' | 'cache' | 'recent';
  trust: TrustInfo;
  /** The `.minisig` text that came with it, when there was one. */
  signature?: string;
}

function cacheDir(ctx: Pick<Ctx, 'stateDir'>, url: string): string {
  return path.join(ctx.stateDir, 'profile-cache', sha256(url).slice(0, 16));
}

async function readOptional(file: string, max: number): Promise<Buffer | null> {
  try {
    const st = await fs.stat(file);
    if (st.size > max) throw new MirrorKitError('trust.too-large', { path: file, max }, EXIT.untrusted);
    return await fs.readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function decode(bytes: Buffer, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MirrorKitError('error.bad-profile', { path: name, where: '(file)', reason: 'not UTF-8' });
  }
}

async function loadFile(ctx: Ctx, file: string, anchors: TrustAnchors): Promise<LoadedProfile> {
  let bytes: Buffer | null;
  try {
    bytes = await readOptional(file, MAX_PROFILE_BYTES);
  } catch (e) {
    if (e instanceof MirrorKitError) throw e;
    throw new MirrorKitError('cli.profile-unreadable', { path: file, reason: (e as Error).message });
  }
  if (bytes === null) throw new MirrorKitError('cli.profile-unreadable', { path: file, reason: 'not found' });
  const sig = await readOptional(`${file}.minisig`, MAX_SIGNATURE_BYTES);
  const trust = await checkTrust(ctx, bytes, sig ? sig.toString('utf8') : null, anchors, file);
  return {
    text: decode(bytes, file),
    name: file,
    from: 'file',
    trust,
    ...(sig ? { signature: sig.toString('utf8') } : {}),
  };
}

/** How long ago the cached copy was downloaded (by this machine's clock), or undefined without a usable record. */
async function cacheAgeMs(ctx: Ctx, url: string): Promise<number | undefined> {
  const text = await fs.readFile(path.join(cacheDir(ctx, url), 'fetched-at.txt'), 'utf8').catch(() => '');
  const at = Date.parse(text.trim());
  return Number.isNaN(at) ? undefined : ctx.now().getTime() - at;
}

async function loadCached(ctx: Ctx, url: string, anchors: TrustAnchors, why: string): Promise<LoadedProfile> {
  const dir = cacheDir(ctx, url);
  const bytes = await readOptional(path.join(dir, 'profile.json'), MAX_PROFILE_BYTES).catch(() => null);
  const sig = await readOptional(path.join(dir, 'profile.json.minisig'), MAX_SIGNATURE_BYTES).catch(() => null);
  if (bytes === null || sig === null)
    throw new MirrorKitError('trust.unreachable', { url, reason: why }, EXIT.unreachable);
  // Checked again: the keys, pin or clock may have changed since it was cached (an expired copy is refused).
  const trust = await checkTrust(ctx, bytes, sig.toString('utf8'), anchors, url);
  return { text: decode(bytes, url), name: url, from: 'cache', trust, signature: sig.toString('utf8') };
}

/**
 * An https:// profile and its `.minisig`. A URL profile must be signed by a trusted key (it crossed a network);
 * the last verified copy is kept so `check` still answers offline.
 */
async function loadUrl(ctx: Ctx, url: string, anchors: TrustAnchors, opts: LoadOptions): Promise<LoadedProfile> {
  if (anchors.keys.length === 0) throw new MirrorKitError('trust.url-needs-key', { url }, EXIT.untrusted);
  const age = opts.maxAgeMs === undefined ? undefined : await cacheAgeMs(ctx, url);
  // A copy from the future (the clock was set back) is not "recent": download.
  if (age !== undefined && age >= 0 && age < opts.maxAgeMs!) {
    try {
      return { ...(await loadCached(ctx, url, anchors, 'recent')), from: 'recent' };
    } catch (e) {
      // No longer trusted (a key rotated, a pin changed, expired): the server's current copy decides.
      if (!(e instanceof MirrorKitError)) throw e;
    }
  }
  let bytes: Buffer;
  let sig: Buffer;
  try {
    bytes = await fetchHttps(ctx, url, { maxBytes: MAX_PROFILE_BYTES });
    sig = await fetchHttps(ctx, `${url}.minisig`, { maxBytes: MAX_SIGNATURE_BYTES });
  } catch (e) {
    if (!(e instanceof FetchError)) throw e;
    return loadCached(ctx, url, anchors, `${e.url}: ${e.message}`);
  }
  const trust = await checkTrust(ctx, bytes, sig.toString('utf8'), anchors, url);
  const text = decode(bytes, url);
  const dir = cacheDir(ctx, url);
  await atomicWrite(path.join(dir, 'profile.json'), bytes);
  await atomicWrite(path.join(dir, 'profile.json.minisig'), sig);
  await atomicWrite(path.join(dir, 'source.txt'), `${url}\n`);
  await atomicWrite(path.join(dir, 'fetched-at.txt'), `${ctx.now().toISOString()}\n`);
  return { text, name: url, from: 'url', trust, signature: sig.toString('utf8') };
}

export interface LoadOptions {
  /**
   * The CheckIntervalHours policy, for the ProfileUrl profile: a verified copy downloaded less than this long ago
   * is used without downloading; an older one is downloaded again (and still used offline when that fails).
   */
  maxAgeMs?: number;
}

/**
 * Load a profile from a path or an https:// URL and decide whether it is trusted (exit 5) or reachable (exit 6).
 * Every refusal on trust grounds goes to the audit trail.
 */
export async function loadProfile(
  ctx: Ctx,
  ref: string,
  anchors: TrustAnchors,
  opts: LoadOptions = {},
): Promise<LoadedProfile> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref) && !/^https:\/\//i.test(ref))
    throw new MirrorKitError('trust.url-scheme', { url: ref });
  try {
    return /^https:\/\//i.test(ref) ? await loadUrl(ctx, ref, anchors, opts) : await loadFile(ctx, ref, anchors);
  } catch (e) {
    if (e instanceof MirrorKitError && e.exit === EXIT.untrusted)
      await audit(ctx, trustFailureEvent(ref, e.code, e.params));
    throw e;
  }
}
