import type { CoreApi } from '../../../shared/types/api';
import type { TargetId } from '../../../shared/types/core';
import { audit, checkEvent } from '../audit/log';
import type { Ctx } from '../context';
import { EXIT, type ExitCode } from '../errors';
import { resolveSelection } from '../plan/resolve';

import { compliance, type ToolCompliance } from './compliance';
import { loadPolicyProfile } from './probe-proxy';
import type { LoadedProfile } from './source';

export type CheckVerdict = 'compliant' | 'drift' | 'error';

/** `mirrorkit check`'s answer: the verdict, its exit code, each tool's state, and the profile it was checked against. */
export interface CheckReport {
  verdict: CheckVerdict;
  exit: ExitCode;
  tools: ToolCompliance[];
  profile: LoadedProfile;
}

export function verdictOf(tools: ToolCompliance[]): { verdict: CheckVerdict; exit: ExitCode } {
  if (tools.some((x) => x.state === 'error')) return { verdict: 'error', exit: EXIT.badInput };
  if (tools.some((x) => x.state === 'drift' || x.state === 'shadowed' || x.state === 'missing'))
    return { verdict: 'drift', exit: EXIT.targetFailed };
  return { verdict: 'compliant', exit: EXIT.ok };
}

/**
 * The compliance check of a loaded (already verified) profile, recorded in the audit trail. One function for
 * `mirrorkit check` and the desktop app's periodic check, so the two cannot disagree.
 */
export async function checkProfile(
  ctx: Ctx,
  core: Pick<CoreApi, 'plan'>,
  loaded: LoadedProfile,
  only?: TargetId[],
): Promise<CheckReport> {
  const selection = { kind: 'profile' as const, text: loaded.text, name: loaded.name };
  const plan = await core.plan({ selection, ...(only ? { only } : {}) });
  const wanted = new Map(resolveSelection(ctx, selection, only).choices.map((c) => [c.target, c.urls.join(' ')]));
  const tools = await compliance(ctx, plan, wanted);
  const { verdict, exit } = verdictOf(tools);
  await audit(
    ctx,
    checkEvent(
      verdict,
      loaded.name,
      tools.map((x) => ({ target: x.target, state: x.state })),
    ),
  );
  return { verdict, exit, tools, profile: loaded };
}

/** `mirrorkit check --from-policy` without flags: the ProfileUrl profile, with the policy's keys and pin. */
export async function checkPolicyProfile(ctx: Ctx, core: Pick<CoreApi, 'plan'>): Promise<CheckReport> {
  return checkProfile(ctx, core, await loadPolicyProfile(ctx));
}
