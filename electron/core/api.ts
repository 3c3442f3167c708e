import type { CoreApi, ToolStatus } from '../../shared/types/api';
import { TARGET_IDS, type Change, type Plan, type TargetId, type TargetPlan } from '../../shared/types/core';

import { applyPlan, previewPlan, type ApplyDeps } from './apply/transaction';
import { recoverIfIdle } from './apply/recover';
import { listHistory, restoreApply } from './apply/restore';
import type { Ctx } from './context';
import { MirrorKitError, toMessage } from './errors';
import { makePlan } from './plan/plan';
import { TARGETS } from './targets';

export interface CoreDeps {
  /** The Windows elevation broker; absent elsewhere (admin changes then need root). */
  elevate?: ApplyDeps['elevate'];
  /** Skip the tools' own verification commands (benchmarks). */
  skipVerify?: boolean;
}

/** The engine behind the CLI, the IPC binding and the harness: one implementation, three front ends. */
export function createCore(ctx: Ctx, deps: CoreDeps = {}): CoreApi {
  return {
    status: (only, opts) => status(ctx, only ?? [...TARGET_IDS], opts?.quick === true),
    plan: async (req) => {
      await recoverIfIdle(ctx);
      return makePlan(ctx, req);
    },
    preview: (plan) => previewPlan(plan),
    apply: (plan, opts) => {
      if (opts?.dryRun) return Promise.resolve({ status: 'dry-run' as const, targets: [], preview: previewPlan(plan) });
      return applyPlan(ctx, plan, {
        ...(deps.elevate ? { elevate: deps.elevate } : {}),
        ...(opts?.ifDeclined ? { ifDeclined: opts.ifDeclined } : {}),
        ...(deps.skipVerify ? {} : { verify: (target: TargetId, tp: TargetPlan) => TARGETS[target].verify(verifyContext(ctx, plan), tp.after) }),
      });
    },
    restore: (id) => restoreApply(ctx, id, deps.elevate ? { elevate: deps.elevate } : {}),
    history: () => listHistory(ctx),
  };
}

async function status(ctx: Ctx, targets: TargetId[], quick: boolean): Promise<ToolStatus[]> {
  return Promise.all(
    targets.map(async (t): Promise<ToolStatus> => {
      const detection = await TARGETS[t].detect(ctx, quick ? { quick } : {});
      if (!detection.supported) return { target: t, detection };
      try {
        return { target: t, detection, reading: await TARGETS[t].read(ctx) };
      } catch (e) {
        if (!(e instanceof MirrorKitError)) throw e;
        return { target: t, detection, error: toMessage(e) };
      }
    }),
  );
}

/**
 * Verification asks each tool as a new terminal would see it: the environment changes this apply made are
 * applied to the environment the tools run with (this process's own environment is older than the change).
 */
function verifyContext(ctx: Ctx, plan: Plan): Ctx {
  const env = { ...ctx.env };
  const changes: Change[] = plan.targets.flatMap((t) => t.changes);
  // Machine first, then user: the user value wins, as Windows merges them.
  for (const scope of ['machine', 'user'] as const) {
    for (const c of changes) {
      if (c.kind !== 'setEnv' || c.scope !== scope) continue;
      if (c.value === null) delete env[c.name];
      else env[c.name] = c.value;
    }
  }
  return { ...ctx, env };
}
