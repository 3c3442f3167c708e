import type { Plan } from '../../shared/types/core';
import type { Ctx } from '../core/context';
import { MirrorKitError } from '../core/errors';
import { lockedTargets, readPolicy } from '../core/policy/read';

/**
 * AllowPublicMirrorProbe = false (mandatory): no speed test of the catalog's public mirrors (`test [TARGET…]`,
 * `apply --fastest`). Testing URLs the user names (`test --kind K --url U`) stays allowed: those are its own.
 */
export async function refusePublicProbe(ctx: Ctx): Promise<void> {
  const e = (await readPolicy(ctx)).effective.AllowPublicMirrorProbe;
  if (e && e.level === 'mandatory' && e.value === false)
    throw new MirrorKitError('policy.probe-disabled', { source: e.source });
}

/**
 * Tools locked by the LockedTargets policy cannot be changed from the command line (exit 2, with the policy's
 * source), only by `apply --from-policy`. Checked on the plan, so a preset that would touch a locked tool is
 * refused as a whole rather than half-applied.
 */
export function refuseLocked(ctx: Ctx): (plan: Plan) => Promise<void> {
  return async (plan) => {
    const policy = await readPolicy(ctx);
    const locked = lockedTargets(policy);
    const hit = plan.targets
      .filter((tp) => tp.status === 'change' && locked.includes(tp.target))
      .map((tp) => tp.target);
    if (hit.length > 0) {
      throw new MirrorKitError('policy.locked', {
        targets: hit.join(', '),
        source: policy.effective.LockedTargets?.source ?? '',
      });
    }
  };
}
