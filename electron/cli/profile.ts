import type { Ctx } from '../core/context';
import { MirrorKitError } from '../core/errors';
import { loadPolicyProfile as loadPolicyProfileCore } from '../core/profile/probe-proxy';
import { readPolicy, type Policy } from '../core/policy/read';
import { loadProfile, type LoadedProfile } from '../core/profile/source';
import { policyAnchors, type TrustAnchors } from '../core/profile/trust';

import { flagBool, flagList, flagString } from './args';
import type { ParsedArgs } from './command';

/**
 * Trust anchors: `--pubkey` (repeatable: a key and its successor during a rotation) and the ProfilePublicKeys
 * policy. Once an administrator sets keys, every profile must be signed by one of them.
 */
export function cliAnchors(args: ParsedArgs, policy?: Policy): Promise<TrustAnchors> {
  return policyAnchors(policy, flagList(args, 'pubkey'));
}

/** `--profile F|URL` read and verified before anything is planned: a refused profile changes nothing. */
export async function loadTrustedProfile(ctx: Ctx, args: ParsedArgs, ref: string): Promise<LoadedProfile> {
  return loadProfile(ctx, ref, await cliAnchors(args, await readPolicy(ctx)));
}

/** The profile the ProfileUrl policy names, with the policy's keys (and `--pubkey`) and SHA-256 pin. */
export function loadPolicyProfile(ctx: Ctx, args: ParsedArgs): Promise<LoadedProfile> {
  return loadPolicyProfileCore(ctx, flagList(args, 'pubkey'));
}

/** `check` and `apply`: exactly one of --profile or --from-policy. */
export function loadSelectedProfile(ctx: Ctx, args: ParsedArgs): Promise<LoadedProfile> {
  const ref = flagString(args, 'profile');
  const fromPolicy = flagBool(args, 'from-policy');
  if ((ref !== undefined) === fromPolicy) throw new MirrorKitError('check.one-source');
  return ref !== undefined ? loadTrustedProfile(ctx, args, ref) : loadPolicyProfile(ctx, args);
}
