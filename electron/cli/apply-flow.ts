import { t } from '../../shared/i18n';
import type { CoreApi, FirewallRequest, IfDeclined, PlanRequest } from '../../shared/types/api';
import type { ApplyStatus, PersistentScope, Plan, TargetId } from '../../shared/types/core';
import type { Ctx } from '../core/context';
import { EXIT, MirrorKitError, type ExitCode } from '../core/errors';
import { redactPlan } from '../core/apply/preview';
import { targetIds } from '../core/targets';

import { flagBool, flagString } from './args';
import type { CliIO, ParsedArgs } from './command';
import { renderPlan, renderResult } from './format';
import { liveProgress } from './live';

const EXIT_FOR: Record<ApplyStatus, ExitCode> = {
  applied: EXIT.ok,
  'nothing-to-do': EXIT.ok,
  'dry-run': EXIT.ok,
  partial: EXIT.targetFailed,
  failed: EXIT.targetFailed,
  'needs-elevation': EXIT.needsElevation,
  'verify-failed': EXIT.verifyFailed,
};

/** --only a,b */
export function onlyTargets(args: ParsedArgs): TargetId[] | undefined {
  const v = flagString(args, 'only');
  if (v === undefined) return undefined;
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return targetIds(list);
}

/** --env-scope user|machine, only where a persistent environment exists (Windows). */
function envScope(ctx: Ctx, args: ParsedArgs): PersistentScope | undefined {
  const v = flagString(args, 'env-scope');
  if (v === undefined) return undefined;
  if (v !== 'user' && v !== 'machine') throw new MirrorKitError('cli.bad-env-scope');
  if (!ctx.envStore.supported) throw new MirrorKitError('error.env-scope-unsupported', { target: 'this system' });
  return v;
}

/**
 * --firewall TARGET:PORT[/tcp|/udp][@ADDRESS][,…], e.g. `docker:5000@LocalSubnet`. Only the syntax is read
 * here; the core checks the values as it checks a profile's rules.
 */
export function firewallRequests(args: ParsedArgs): FirewallRequest[] | undefined {
  const v = flagString(args, 'firewall');
  if (v === undefined) return undefined;
  return v.split(',').map((item) => {
    const m = /^([a-z]+):(\d{1,5})(?:\/(tcp|udp))?(?:@(\S+))?$/i.exec(item.trim());
    if (!m) throw new MirrorKitError('cli.bad-firewall', { value: item.trim() });
    const [, name, port, protocol, remoteAddress] = m as unknown as [
      string,
      string,
      string,
      string | undefined,
      string | undefined,
    ];
    const [target] = targetIds([name]) as [TargetId];
    return {
      target,
      port: Number(port),
      ...(protocol ? { protocol: protocol.toUpperCase() as 'TCP' | 'UDP' } : {}),
      ...(remoteAddress ? { remoteAddress } : {}),
    };
  });
}

/** --if-declined rollback|keep: what a declined administrator prompt does to the user-level part. */
export function ifDeclined(args: ParsedArgs): IfDeclined | undefined {
  const v = flagString(args, 'if-declined');
  if (v === undefined) return undefined;
  if (v !== 'rollback' && v !== 'keep') throw new MirrorKitError('cli.bad-if-declined');
  return v;
}

/** The request options `apply` and `set` share. */
export function requestOptions(ctx: Ctx, args: ParsedArgs): Pick<PlanRequest, 'envScope' | 'firewall'> {
  const scope = envScope(ctx, args);
  const firewall = firewallRequests(args);
  return { ...(scope ? { envScope: scope } : {}), ...(firewall ? { firewall } : {}) };
}

/**
 * Plan → (dry run | confirmation) → apply → verify, shared by `apply` and `set` so both behave identically:
 * a writing command asks on a terminal, and without one needs --yes.
 */
export async function planAndApply(
  core: CoreApi,
  io: CliIO,
  args: ParsedArgs,
  req: PlanRequest,
  opts: { guard?: (plan: Plan) => Promise<void>; policyApply?: boolean } = {},
): Promise<ExitCode> {
  const plan = await core.plan(req);
  // A plan the caller refuses (a tool locked by policy) stops here, before any preview or write; the core
  // refuses it again at apply time, for every front end.
  if (opts.guard) await opts.guard(plan);
  const policyApply = opts.policyApply ? { policyApply: true } : {};
  const hasErrors = plan.targets.some((tp) => tp.status === 'error');
  if (flagBool(args, 'dry-run')) {
    const result = await core.apply(plan, { dryRun: true, ...policyApply });
    if (io.json) io.out(JSON.stringify({ plan: redactPlan(plan), result }, null, 2));
    else io.out(`${renderPlan(io.lang, plan)}\n\n${renderResult(io.lang, result)}`);
    return hasErrors ? EXIT.badInput : EXIT.ok;
  }
  const changes = plan.targets.some((tp) => tp.status === 'change');
  if (changes && !flagBool(args, 'yes')) {
    if (!io.interactive) throw new MirrorKitError('cli.needs-yes');
    if (!io.json) io.out(renderPlan(io.lang, plan));
    if (!(await io.confirm(t(io.lang, 'cli.confirm-apply')))) {
      io.out(
        io.json
          ? JSON.stringify({ plan: redactPlan(plan), result: null, cancelled: true })
          : t(io.lang, 'cli.cancelled'),
      );
      return EXIT.ok;
    }
  } else if (!io.json) {
    io.out(renderPlan(io.lang, plan));
  }
  const declined = ifDeclined(args);
  const live = io.live && !io.json ? liveProgress(io.lang, io.live) : undefined;
  let result;
  try {
    result = await core.apply(plan, {
      ...policyApply,
      ...(declined ? { ifDeclined: declined } : {}),
      ...(live ? { onProgress: live.onProgress } : {}),
    });
  } finally {
    live?.end();
  }
  if (io.json) io.out(JSON.stringify({ plan: redactPlan(plan), result }, null, 2));
  else io.out(`\n${renderResult(io.lang, result)}`);
  // Nothing to do but refusals of the user's own files (malformed, not UTF-8): that is bad input, not a failure.
  if (!changes && hasErrors) return EXIT.badInput;
  return EXIT_FOR[result.status];
}
