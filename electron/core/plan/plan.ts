import { randomBytes } from 'node:crypto';

import { FirewallRequestSchema, MAX_FIREWALL_RULES } from '../../../shared/profile/schema';
import type { FirewallRequest, PlanRequest } from '../../../shared/types/api';
import type { Change, Plan, TargetChoice, TargetId, TargetPlan } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { addCorporate } from '../corporate/compose';
import { CORPORATE_PARTS } from '../corporate/parts';
import { loadCorporate } from '../corporate/settings';
import { MirrorKitError, toMessage } from '../errors';
import { withPolicyCorporate } from '../policy/corporate';
import { readPolicy } from '../policy/read';
import { failed, skipped, targetPlan } from '../targets/plan-helpers';
import { composeEnvFiles } from '../platform/shell-env';
import { TARGETS } from '../targets';

import { addRequestExtras, resolveSelection } from './resolve';
import { shareWrites } from './shared-writes';

/**
 * Build a plan: resolve the selection to one choice per target, then let each target say what it would change.
 * One target's malformed file makes that target an error; the others are planned as usual. Targets the user did
 * not name explicitly are planned only when the tool is installed.
 */
export async function makePlan(ctx: Ctx, req: PlanRequest): Promise<Plan> {
  const resolved = addRequestExtras(resolveSelection(ctx, req.selection, req.only), req.extras, req.only);
  const rules = firewallChanges([...(resolved.firewall ?? []), ...checkedRequests(req.firewall ?? [])]);
  // A profile's CA and proxy, under the policy's (HttpsProxy, NoProxy, CaCertificates: a mandatory value wins).
  const wanted =
    req.selection.kind === 'profile'
      ? withPolicyCorporate(await readPolicy(ctx), resolved.ca, resolved.proxy)
      : resolved;
  // The CA files are read and checked before any tool is planned: a refused certificate changes nothing.
  const corp = await loadCorporate(ctx, wanted.ca, wanted.proxy);
  const planned = await Promise.all(
    resolved.choices.map((c) => planOne(ctx, c, req, resolved.explicit.includes(c.target))),
  );
  let shared = shareWrites(composeEnvFiles(planned.sort((a, b) => order(a.target) - order(b.target))));
  // The corporate parts may add env-file edits (NODE_EXTRA_CA_CERTS): composed and shared like the tools' own.
  if (corp) shared = shareWrites(composeEnvFiles(await addCorporate(ctx, shared, corp, CORPORATE_PARTS)));
  const byTarget = new Map<TargetId, TargetPlan>();
  for (const tp of [...resolved.skips, ...shared]) byTarget.set(tp.target, tp);
  for (const rule of rules) await addFirewallRule(ctx, byTarget, rule);
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
  if (!mod.platforms.includes(ctx.platform))
    return skipped(choice.target, { code: 'skip.not-supported', params: { target: choice.target } });
  // Explicitly named targets are configured even before the tool is installed, so they are not detected at all
  // (detection runs each tool's version command: most of a plan's time); the rest only when present.
  // A detection the caller just made (the wizard's Detect) is reused: running each tool again costs seconds.
  if (!explicit) {
    const installed = req.installed ? req.installed.includes(choice.target) : (await mod.detect(ctx)).installed;
    if (!installed) return skipped(choice.target, { code: 'skip.not-installed', params: { target: choice.target } });
  }
  try {
    return await mod.plan(ctx, choice, req.envScope ? { envScope: req.envScope } : {});
  } catch (e) {
    if (!(e instanceof MirrorKitError)) throw e;
    return failed(choice.target, toMessage(e));
  }
}

type FirewallChange = Extract<Change, { kind: 'firewallRule' }>;

/** Rules asked for beside the selection come from the wizard or the command line: checked as a profile's are. */
function checkedRequests(requests: unknown[]): FirewallRequest[] {
  if (requests.length > MAX_FIREWALL_RULES)
    throw new MirrorKitError('error.bad-firewall-rule', {
      rule: `${requests.length} rules`,
      reason: `at most ${MAX_FIREWALL_RULES}`,
    });
  return requests.map((r) => {
    const parsed = FirewallRequestSchema.safeParse(r);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new MirrorKitError('error.bad-firewall-rule', {
      rule: JSON.stringify(r),
      reason: `${issue?.path.join('.') || '(rule)'}: ${issue?.message ?? 'invalid'}`,
    });
  });
}

/** One named rule per target, port and protocol; asking twice for the same one (profile and wizard) is one rule. */
function firewallChanges(requests: FirewallRequest[]): FirewallChange[] {
  const byName = new Map<string, FirewallChange>();
  for (const f of requests) {
    const protocol = f.protocol ?? 'TCP';
    // TCP keeps the name rules had before UDP was asked for, so restore still finds them.
    const name = `MirrorKit-${f.target}-${f.port}${protocol === 'UDP' ? '-udp' : ''}`;
    byName.set(name, {
      kind: 'firewallRule',
      target: f.target,
      action: 'ensure',
      admin: true,
      spec: {
        name,
        port: f.port,
        protocol,
        direction: 'Inbound',
        ...(f.remoteAddress ? { remoteAddress: f.remoteAddress } : {}),
      },
    });
  }
  return [...byName.values()];
}

/**
 * A firewall rule joins its target's plan, so it is previewed, elevated with the rest and removed on restore.
 * A target the selection leaves alone gets a plan of its own that keeps its mirror and adds the rule; a target
 * skipped or in error says the rule was not planned. Rules exist only on Windows; elsewhere the plan says so.
 */
async function addFirewallRule(ctx: Ctx, byTarget: Map<TargetId, TargetPlan>, rule: FirewallChange): Promise<void> {
  let tp = byTarget.get(rule.target);
  if (!tp) {
    const current = await TARGETS[rule.target].read(ctx).then(
      (r) => r.value,
      () => null,
    );
    tp = targetPlan(rule.target, current, current, [], []);
    byTarget.set(rule.target, tp);
  }
  if (tp.status === 'error' || tp.status === 'skipped') {
    tp.warnings.push({ code: 'warn.firewall-not-planned', params: { name: rule.spec.name, target: rule.target } });
    return;
  }
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
