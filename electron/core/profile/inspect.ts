import type { ProfileInspection, ProfileTrustState } from '../../../shared/profile/inspection';
import { audit, trustFailureEvent } from '../audit/log';
import type { Ctx } from '../context';
import { EXIT, MirrorKitError } from '../errors';
import { resolveSelection } from '../plan/resolve';
import { readPolicy } from '../policy/read';

import { acceptSerial, checkTrust, policyAnchors, type TrustAnchors, type TrustInfo } from './trust';

/** A profile as the app receives it: the file's text, its `.minisig` when the user gave one, and a label. */
export interface ProfileImport {
  name: string;
  text: string;
  signature?: string;
}

function trustState(info: TrustInfo, hadSignature: boolean): ProfileTrustState {
  const when = {
    ...(info.serial !== undefined ? { serial: info.serial } : {}),
    ...(info.expires !== undefined ? { expires: info.expires } : {}),
  };
  if (info.signature === 'verified' && info.keyId !== undefined)
    return { state: 'signed', keyId: info.keyId, trustedComment: info.trustedComment ?? '', ...when };
  return { state: 'unsigned', ...(hadSignature ? { signatureUnchecked: true } : {}), ...when };
}

/**
 * Run the CLI's checks on an imported profile (signature, expiry, serial, trusted comment, then the full schema
 * and every mirror URL as planning would) and say what it sets. A refusal is an answer, not an exception: the
 * wizard shows it. Trust refusals go to the audit trail, as the CLI's do.
 */
export async function inspectProfile(ctx: Ctx, p: ProfileImport, anchors: TrustAnchors): Promise<ProfileInspection> {
  try {
    const info = await checkTrust(ctx, Buffer.from(p.text, 'utf8'), p.signature ?? null, anchors, p.name);
    const resolved = resolveSelection(ctx, { kind: 'profile', text: p.text, name: p.name });
    return {
      name: p.name,
      trust: trustState(info, p.signature !== undefined),
      targets: resolved.choices.map((c) => ({
        target: c.target,
        urls: c.urls,
        ...(c.provider ? { provider: c.provider } : {}),
      })),
      caCount: resolved.ca?.length ?? 0,
      proxy: resolved.proxy !== undefined,
    };
  } catch (e) {
    if (!(e instanceof MirrorKitError)) throw e;
    if (e.exit === EXIT.untrusted) await audit(ctx, trustFailureEvent(p.name, e.code, e.params));
    return { name: p.name, trust: { state: 'refused', reason: e.toMessage() }, targets: [], caCount: 0, proxy: false };
  }
}

/**
 * The app's trust anchors are the policy's keys only (it has no `--pubkey`); a policy key that cannot be read is
 * a refusal of the profile, never a silent downgrade to "unsigned is fine".
 */
export async function inspectWithPolicy(ctx: Ctx, p: ProfileImport): Promise<ProfileInspection> {
  let anchors: TrustAnchors;
  try {
    anchors = await policyAnchors(await readPolicy(ctx));
  } catch (e) {
    if (!(e instanceof MirrorKitError)) throw e;
    return { name: p.name, trust: { state: 'refused', reason: e.toMessage() }, targets: [], caCount: 0, proxy: false };
  }
  return inspectProfile(ctx, p, anchors);
}

/** After a signed profile was applied, its serial becomes the floor for its key (as `apply --profile` does). */
export async function acceptInspected(ctx: Ctx, trust: ProfileTrustState): Promise<void> {
  if (trust.state !== 'signed') return;
  await acceptSerial(ctx, { signature: 'verified', keyId: trust.keyId, serial: trust.serial ?? 0 });
}
