import { randomBytes } from 'node:crypto';

import type { PlanRequest } from '../../../shared/types/api';
import type { Change, Plan, TargetChoice, TargetId, TargetPlan } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError, toMessage } from '../errors';
import { failed, skipped } from '../targets/plan-helpers';
import { TARGETS } from '../targets';

import { resolveSelection } from './resolve';

/**
 * Build a plan: resolve the selection to one choice per target, then let each target say what it would change.
 * One target's malformed file makes that target an error; the others are planned as usual. Targets the user did
 * not name explicitly are planned only when the tool is installed.
 */
export async function makePlan(ctx: Ctx, req: PlanRequest): Promise<Plan> {
  const resolved = resolveSelection(ctx, req.selection, req.only);
  const planned = await Promise.all(resolved.choices.map((c) => planOne(ctx, c, req, resolved.explicit.includes(c.target))));
  const byTarget = new Map<TargetId, TargetPlan>();
  for (const tp of [...resolved.skips, ...planned]) byTarget.set(tp.target, tp);
  for (const rule of resolved.firewall ?? []) addFirewallRule(ctx, byTarget, rule);
  return {
    id: planId(ctx),
    createdAt: ctx.now().toISOString(),
    platform: ctx.platform,
    label: resolved.label,
    targets: [...byTarget.values()].sort((a, b) => order(a.target) - order(b.target)),
  };
}

async function planOne(ctx: Ctx, choice: TargetChoice, req: PlanRequest, explicit: boolean): Promise<TargetPlan> {
  const mod = TARGETS[choice.target];
  if (!mod.platforms.includes(ctx.platform)) return skipped(choice.target, { code: 'skip.not-supported', params: { target: choice.target } });
  // Explicitly named targets are configured even before the tool is installed; the rest only when present.
  if (!explicit && !(await mod.detect(ctx)).installed) return skipped(choice.target, { code: 'skip.not-installed', params: { target: choice.target } });
  try {
    return await mod.plan(ctx, choice, req.envScope ? { envScope: req.envScope } : {});
  } catch (e) {
    if (!(e instanceof MirrorKitError)) throw e;
    return failed(choice.target, toMessage(e));
  }
}

/**
 * A profile's firewall rule joins its target's plan, so it is previewed, elevated with the rest and removed on
 * restore. Rules exist only on Windows; elsewhere the plan says so instead.
 */
function addFirewallRule(ctx: Ctx, byTarget: Map<TargetId, TargetPlan>, rule: Extract<Change, { kind: 'firewallRule' }>): void {
  const tp = byTarget.get(rule.target);
  if (!tp || tp.status === 'error' || tp.status === 'skipped') return;
  if (ctx.platform !== 'win32') {
    tp.warnings.push({ code: 'warn.firewall-windows-only', params: { name: rule.spec.name } });
    return;
  }
  tp.changes.push(rule);
  tp.status = 'change';
}

const ORDER = Object.keys(TARGETS);
function order(t: TargetId): number {
  return ORDER.indexOf(t);
}

function planId(ctx: Ctx): string {
  return `${ctx.now().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`;
}
