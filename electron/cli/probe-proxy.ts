import { ProfileSchema } from '../../shared/profile/schema';
import type { Ctx } from '../core/context';
import { MirrorKitError } from '../core/errors';
import { parseProfileJson } from '../core/plan/profile-json';
import type { ProbeProxy } from '../core/probe';
import { envProbeProxy } from '../core/probe/env-proxy';

import { flagBool, flagString } from './args';
import type { ParsedArgs } from './command';
import { loadSelectedProfile } from './profile';

/**
 * The proxy the speed test goes through: the profile's (`--profile F` or `--from-policy`, checked and verified as
 * for `apply`) when it has one, else the environment's — what the tools will use once the profile is applied.
 */
export async function probeProxy(ctx: Ctx, args: ParsedArgs): Promise<ProbeProxy | undefined> {
  if (flagString(args, 'profile') !== undefined || flagBool(args, 'from-policy')) {
    const loaded = await loadSelectedProfile(ctx, args);
    const parsed = ProfileSchema.safeParse(parseProfileJson(loaded.text, loaded.name));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MirrorKitError('error.bad-profile', {
        path: loaded.name,
        where: issue?.path.join('.') || '(top level)',
        reason: issue?.message ?? 'invalid',
      });
    }
    const p = parsed.data.proxy;
    if (p) return { https: p.https, http: p.http ?? p.https, noProxy: p.noProxy ?? [] };
  }
  return envProbeProxy(ctx.env);
}
