import type { Change, Message, TargetPlan } from '../../../shared/types/core';
import type { Ctx } from '../context';

import { canWrite, describe } from './steps';

/** How one target's changes will be carried out: here, in the one elevated batch, or not at all. */
export type Route = { kind: 'blocked'; error: Message } | { kind: 'run'; direct: Change[]; elevated: Change[] };

/**
 * Firewall rules and winget's source always go to the broker (only it knows how to make them, after its checks). Other admin changes run here when
 * this process is admin; otherwise they go to the broker when there is one, and without a broker an admin file
 * is still written when this process happens to be able to (a sandboxed MIRRORKIT_SYSROOT, a folder the user
 * owns). Anything else blocks the whole target, so no target is ever half-applied.
 */
export async function routeTarget(ctx: Ctx, tp: TargetPlan, canElevate: boolean): Promise<Route> {
  const direct: Change[] = [];
  const elevated: Change[] = [];
  for (const c of tp.changes) {
    const needsBroker = c.kind === 'firewallRule' || c.kind === 'wingetSource' || (c.admin && !ctx.isAdmin);
    if (!needsBroker) {
      direct.push(c);
    } else if (canElevate) {
      elevated.push(c);
    } else if (c.kind === 'writeFile' && (await canWrite(c.path))) {
      direct.push(c);
    } else if (c.kind === 'writeFile') {
      return { kind: 'blocked', error: { code: 'error.needs-root', params: { path: c.path, target: tp.target } } };
    } else {
      return { kind: 'blocked', error: { code: 'error.needs-elevation', params: { what: describe(c) } } };
    }
  }
  return { kind: 'run', direct, elevated };
}
