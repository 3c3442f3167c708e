import type { Plan, TargetId } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError } from '../errors';

import { lockedTargets, readPolicy } from './read';

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
 * Tools locked by the LockedTargets policy cannot be changed by the user (exit 2, with the policy's source), from
 * the command line or the app, only by `apply --from-policy`. Checked on the plan, so a preset that would touch a
 * locked tool is refused as a whole rather than half-applied.
 */
export function refuseLocked(ctx: Ctx): (plan: Plan) => Promise<void> {
  return async (plan) => {
    const hit = plan.targets.filter((tp) => tp.status === 'change').map((tp) => tp.target);
    await refuseIfLocked(ctx, hit, 'policy.locked');
  };
}

/** Restore puts back what a tool had before an apply: for a locked tool that is a change like any other. */
export async function refuseLockedRestore(ctx: Ctx, id: string, targets: readonly TargetId[]): Promise<void> {
  await refuseIfLocked(ctx, targets, 'policy.locked-restore', { id });
}

async function refuseIfLocked(
  ctx: Ctx,
  targets: readonly TargetId[],
  code: string,
  extra: Record<string, string> = {},
): Promise<void> {
  const policy = await readPolicy(ctx);
  const locked = lockedTargets(policy);
  const hit = [...new Set(targets.filter((t) => locked.includes(t)))];
  if (hit.length > 0)
    throw new MirrorKitError(code, {
      targets: hit.join(', '),
      source: policy.effective.LockedTargets?.source ?? '',
      ...extra,
    });
}
