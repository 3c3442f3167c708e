import fs from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import type { Ctx } from '../context';
import type { Policy } from '../policy/read';
import { EXIT, MirrorKitError } from '../errors';
import { atomicWrite } from '../fsx/atomic';
import { sha256 } from '../fsx/hash';

import { SignatureError, parsePublicKey, verifySignature, type PublicKey } from './minisign';

/** What the caller trusts: keys from policy or --pubkey (never from the profile itself) and an optional pin. */
export interface TrustAnchors {
  keys: PublicKey[];
  /** Hex SHA-256 the profile's bytes must have (policy ProfileSha256). */
  sha256?: string;
}

/** The verdict on one profile, shown by `check` and the wizard and recorded in the audit log. */
export interface TrustInfo {
  signature: 'verified' | 'unsigned';
  keyId?: string;
  trustedComment?: string;
  serial?: number;
  expires?: string;
}

/** The profile fields trust depends on; the full schema is checked later, when the profile is planned. */
const TrustFields = z.object({
  serial: z.number().int().min(0).optional(),
  expires: z.string().optional(),
});

function untrusted(code: string, name: string, params: Record<string, string | number> = {}): MirrorKitError {
  return new MirrorKitError(code, { path: name, ...params }, EXIT.untrusted);
}

/** Read keys given as `RW…` lines or minisign .pub files. */
export async function readPublicKeys(values: readonly string[]): Promise<PublicKey[]> {
  const keys: PublicKey[] = [];
  for (const v of values) {
    const text = /^RW[A-Za-z0-9+/]{54}$/.test(v.trim())
      ? v
      : await fs.readFile(v, 'utf8').catch((e: Error) => {
          throw new MirrorKitError('trust.key-unreadable', { key: v, reason: e.message });
        });
    try {
      keys.push(parsePublicKey(text));
    } catch (e) {
      throw new MirrorKitError('trust.bad-key', { key: v, reason: (e as Error).message });
    }
  }
  return keys;
}

/**
 * Trust anchors: keys given by the caller (the CLI's repeatable `--pubkey`) and the ProfilePublicKeys policy.
 * Once an administrator sets keys, every profile must be signed by one of them (the CLI and the app alike).
 */
export async function policyAnchors(policy: Policy | undefined, extra: readonly string[] = []): Promise<TrustAnchors> {
  const fromPolicy = (policy?.effective.ProfilePublicKeys?.value as string[] | undefined) ?? [];
  return { keys: await readPublicKeys([...extra, ...fromPolicy]) };
}

function serialsFile(ctx: Pick<Ctx, 'stateDir'>): string {
  return path.join(ctx.stateDir, 'trust', 'serials.json');
}

async function readSerials(ctx: Pick<Ctx, 'stateDir'>): Promise<Record<string, number>> {
  try {
    const raw: unknown = JSON.parse(await fs.readFile(serialsFile(ctx), 'utf8'));
    return z.record(z.string(), z.number()).parse(raw);
  } catch {
    // Absent (first profile) or damaged: nothing accepted yet. A damaged file cannot lower a serial either way.
    return {};
  }
}

/** Remember the serial of a profile that was applied, so an older one signed by the same key is a rollback. */
export async function acceptSerial(ctx: Pick<Ctx, 'stateDir'>, info: TrustInfo): Promise<void> {
  if (info.signature !== 'verified' || info.keyId === undefined) return;
  const serials = await readSerials(ctx);
  const serial = info.serial ?? 0;
  if ((serials[info.keyId] ?? -1) >= serial) return;
  serials[info.keyId] = serial;
  await atomicWrite(serialsFile(ctx), `${JSON.stringify(serials, null, 2)}\n`);
}

function trustFields(bytes: Buffer, name: string): z.infer<typeof TrustFields> {
  let raw: unknown;
  try {
    // A BOM is read as the planner reads it (profile-json.ts): its expiry and serial must not be skipped.
    raw = JSON.parse(bytes.toString('utf8').replace(/^\ufeff/, ''));
  } catch {
    // Not JSON: the planner reports it as a malformed profile (exit 2) once trust has passed.
    return {};
  }
  const r = TrustFields.safeParse(raw && typeof raw === 'object' ? raw : {});
  if (!r.success)
    throw new MirrorKitError('error.bad-profile', {
      path: name,
      where: String(r.error.issues[0]?.path.join('.')),
      reason: r.error.issues[0]?.message ?? 'invalid',
    });
  return r.data;
}

/**
 * Decide whether a profile may be used. With trusted keys a valid signature by one of them is required; without
 * keys a local profile is accepted as before (unsigned), and a pin, when set, always applies. Expiry and
 * rollback are checked for every profile that states them. Throws MirrorKitError (exit 5) on refusal.
 */
export async function checkTrust(
  ctx: Pick<Ctx, 'stateDir' | 'now'>,
  bytes: Buffer,
  sigText: string | null,
  anchors: TrustAnchors,
  name: string,
): Promise<TrustInfo> {
  if (anchors.sha256 !== undefined && sha256(bytes) !== anchors.sha256.toLowerCase()) {
    throw untrusted('trust.pin-mismatch', name, { expected: anchors.sha256.toLowerCase(), actual: sha256(bytes) });
  }
  let info: TrustInfo = { signature: 'unsigned' };
  if (anchors.keys.length > 0) {
    if (sigText === null) throw untrusted('trust.unsigned', name);
    try {
      const v = verifySignature(bytes, sigText, anchors.keys);
      info = { signature: 'verified', keyId: v.key.keyId, trustedComment: v.trustedComment };
    } catch (e) {
      if (!(e instanceof SignatureError)) throw e;
      throw untrusted(`trust.sig-${e.fault}`, name, {
        detail: e.message,
        keys: anchors.keys.map((k) => k.keyId).join(', '),
      });
    }
  }
  const fields = trustFields(bytes, name);
  if (fields.serial !== undefined) info.serial = fields.serial;
  if (fields.expires !== undefined) {
    const when = Date.parse(fields.expires);
    if (Number.isNaN(when))
      throw new MirrorKitError('error.bad-profile', { path: name, where: 'expires', reason: 'not a date' });
    if (when <= ctx.now().getTime()) throw untrusted('trust.expired', name, { expires: fields.expires });
    info.expires = fields.expires;
  }
  // The trusted comment is authenticated by the global signature. When it states a serial (as our signing recipe
  // does) it must be the file's own: a reviewer reading the comment must be able to rely on it.
  const stated = /(?:^|\s)serial:(\d+)(?:\s|$)/.exec(info.trustedComment ?? '')?.[1];
  if (stated !== undefined && Number(stated) !== (info.serial ?? 0)) {
    throw untrusted('trust.comment-mismatch', name, { comment: info.trustedComment ?? '', serial: info.serial ?? 0 });
  }
  if (info.keyId !== undefined) {
    const last = (await readSerials(ctx))[info.keyId];
    if (last !== undefined && (info.serial ?? 0) < last)
      throw untrusted('trust.rollback', name, { serial: info.serial ?? 0, last });
  }
  return info;
}
