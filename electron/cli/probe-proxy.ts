import type { Ctx } from '../core/context';
import type { ProbeProxy } from '../core/probe';
import { testProxy } from '../core/profile/probe-proxy';

import { flagBool, flagList, flagString } from './args';
import type { ParsedArgs } from './command';
import { loadSelectedProfile } from './profile';

/**
 * The proxy `mirrorkit test` and `apply --fastest` measure through: the profile's (`--profile F` or
 * `--from-policy`, checked and verified as for `apply`; without either, the one the ProfileUrl policy names) when
 * it has one, else the environment's — what the tools will use once the profile is applied.
 */
export async function probeProxy(ctx: Ctx, args: ParsedArgs): Promise<ProbeProxy | undefined> {
  const chosen =
    flagString(args, 'profile') !== undefined || flagBool(args, 'from-policy')
      ? await loadSelectedProfile(ctx, args)
      : undefined;
  return testProxy(ctx, { ...(chosen ? { profile: chosen } : {}), extraKeys: flagList(args, 'pubkey') });
}
