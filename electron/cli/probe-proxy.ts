import type { Ctx } from '../core/context';
import { testNetwork, type TestNetwork } from '../core/profile/probe-proxy';

import { flagBool, flagList, flagString } from './args';
import type { ParsedArgs } from './command';
import { loadSelectedProfile } from './profile';

/**
 * The route `mirrorkit test` and `apply --fastest` measure through: the profile's proxy and CA (`--profile F` or
 * `--from-policy`, checked and verified as for `apply`; without either, the one the ProfileUrl policy names) when
 * it has them, else the environment's proxy — what the tools will use once the profile is applied.
 */
export async function probeNetwork(ctx: Ctx, args: ParsedArgs): Promise<TestNetwork> {
  const chosen =
    flagString(args, 'profile') !== undefined || flagBool(args, 'from-policy')
      ? await loadSelectedProfile(ctx, args)
      : undefined;
  return testNetwork(ctx, { ...(chosen ? { profile: chosen } : {}), extraKeys: flagList(args, 'pubkey') });
}
