import type { Ctx } from '../core/context';
import { loadProfile, type LoadedProfile } from '../core/profile/source';
import { readPublicKeys, type TrustAnchors } from '../core/profile/trust';

import { flagList } from './args';
import type { ParsedArgs } from './command';

/** The trust anchors of a command line: `--pubkey` (repeatable: a key and its successor during a rotation). */
export async function cliAnchors(args: ParsedArgs): Promise<TrustAnchors> {
  return { keys: await readPublicKeys(flagList(args, 'pubkey')) };
}

/** `--profile F|URL` read and verified before anything is planned: a refused profile changes nothing. */
export async function loadTrustedProfile(ctx: Ctx, args: ParsedArgs, ref: string): Promise<LoadedProfile> {
  return loadProfile(ctx, ref, await cliAnchors(args));
}
