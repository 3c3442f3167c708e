import type { CoreApi, ToolStatus } from '../../shared/types/api';
import {
  TARGET_IDS,
  type Change,
  type Detection,
  type Plan,
  type TargetId,
  type TargetPlan,
} from '../../shared/types/core';

import { applyPlan, previewPlan, type ApplyDeps } from './apply/transaction';
import { recoverIfIdle } from './apply/recover';
import { applyEvent, audit, restoreEvent } from './audit/log';
import { listHistory, restoreApply } from './apply/restore';
import type { Ctx } from './context';
import { MirrorKitError, toMessage } from './errors';
import { makePlan } from './plan/plan';
import { refuseLocked, refuseLockedRestore } from './policy/locks';
import type { ProbeCandidate, ProbeOptions, ProbeReport, TargetCandidate } from './probe';
import { TARGETS } from './targets';
import type { TargetModule } from './targets/types';
import { explainMismatch } from './targets/not-in-effect';

export interface CoreDeps {
  /** The Windows elevation broker; absent elsewhere (admin changes then need root). */
  elevate?: ApplyDeps['elevate'];
  /** Skip the tools' own verification commands (benchmarks). */
  skipVerify?: boolean;
  /** Aborted when the user interrupts the process (the CLI's SIGINT/SIGTERM/SIGHUP): see ApplyDeps.signal. */
  signal?: AbortSignal;
}

/** The speed test as part of the engine: the catalog's candidates and the probe itself. */
export interface CoreProbe {
  /**
   * The catalog's mirrors for these tools (active and deprecated, upstream included, never dead), marking the one
   * each tool uses now; `current` is read from the tools when not given (and left out if reading fails).
   */
  candidates(targets: TargetId[], current?: Partial<Record<TargetId, string | null>>): Promise<TargetCandidate[]>;
  /** Measure these mirrors; resolves with every one classified, rejects when `opts.signal` aborts. */
  run(candidates: ProbeCandidate[], opts?: ProbeOptions): Promise<ProbeReport>;
}

export interface Core extends CoreApi {
  probe: CoreProbe;
}

/**
 * The probe brings undici (~100 ms to load) and only a speed test needs it: loaded on first use, so neither a
 * CLI command without one nor the app's first page pays for it.
 */
const loadProbe = (): Promise<typeof import('./probe')> => import('./probe');

/** The engine behind the CLI, the IPC binding and the harness: one implementation, three front ends. */
export function createCore(ctx: Ctx, deps: CoreDeps = {}): Core {
  const probe: CoreProbe = {
    async candidates(targets, current) {
      const now = current ?? (await currentValues(ctx, targets));
      return (await loadProbe()).candidatesFor(ctx, targets, now);
    },
    run: async (candidates, opts) => (await loadProbe()).probeMirrors(candidates, opts),
  };
  return {
    probe,
    status: (only, opts) => status(ctx, only ?? [...TARGET_IDS], opts?.quick === true),
    plan: async (req) => {
      await recoverIfIdle(ctx);
      return makePlan(ctx, req);
    },
    preview: (plan) => previewPlan(plan),
    apply: async (plan, opts) => {
      if (!opts?.policyApply) await refuseLocked(ctx)(plan);
      if (opts?.dryRun) return { status: 'dry-run' as const, targets: [], preview: previewPlan(plan) };
      const result = await applyPlan(ctx, plan, {
        ...(deps.elevate ? { elevate: deps.elevate } : {}),
        ...(opts?.ifDeclined ? { ifDeclined: opts.ifDeclined } : {}),
        ...(opts?.onProgress ? { onProgress: opts.onProgress } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.skipVerify
          ? {}
          : { verify: (target: TargetId, tp: TargetPlan) => verifyTarget(verifyContext(ctx, plan), tp) }),
      });
      await audit(ctx, applyEvent(plan, result));
      return result;
    },
    restore: async (id) => {
      const result = await restoreApply(ctx, id, {
        ...(deps.elevate ? { elevate: deps.elevate } : {}),
        refuse: (applyId, targets) => refuseLockedRestore(ctx, applyId, targets),
      });
      await audit(ctx, restoreEvent(result));
      return result;
    },
    history: () => listHistory(ctx),
  };
}

/** What each tool uses now, for the speed test's comparison; the test runs without it when reading fails. */
async function currentValues(ctx: Ctx, targets: TargetId[]): Promise<Partial<Record<TargetId, string | null>>> {
  try {
    const rows = await status(ctx, targets, false);
    return Object.fromEntries(rows.filter((r) => r.reading).map((r) => [r.target, r.reading?.value ?? null]));
  } catch {
    return {};
  }
}

function readsQuickly(rule: TargetModule['quickRead'], d: Detection): boolean {
  return rule === undefined || (rule === 'version-known' && d.version !== undefined);
}

async function status(ctx: Ctx, targets: TargetId[], quick: boolean): Promise<ToolStatus[]> {
  return Promise.all(
    targets.map(async (t): Promise<ToolStatus> => {
      const detection = await TARGETS[t].detect(ctx, quick ? { quick } : {});
      if (!detection.supported || (quick && !readsQuickly(TARGETS[t].quickRead, detection))) {
        return { target: t, detection };
      }
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
 * Ask the tool itself whether it now uses what the plan aimed at (never the value the plan predicted a
 * shadowing layer would leave). On a mismatch the target's own reading, in the same environment, names the
 * layer that still wins.
 */
async function verifyTarget(vctx: Ctx, tp: TargetPlan) {
  const v = await TARGETS[tp.target].verify(vctx, tp.after, tp);
  if (v.ok || v.skipped) return v;
  const reading = await TARGETS[tp.target].read(vctx).catch(() => null);
  return explainMismatch(vctx, tp, v, reading);
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
