import type {
  ApplyResult,
  ApplyStatus,
  BrokerChange,
  Change,
  Message,
  Plan,
  TargetId,
  TargetPlan,
  TargetResult,
  Verification,
} from '../../../shared/types/core';
import type { ApplyProgress, IfDeclined } from '../../../shared/types/api';
import { distroFileName } from '../../../shared/text/wsl-name';
import type { Ctx } from '../context';
import { toMessage } from '../errors';

import { interrupted, unlessInterrupted } from './interrupted';
import { Journal, recheck } from './journal';
import { withApplyLock } from './recover';
import { routeTarget } from './route';
import { describe, reasonOf, runDirect, undoEntry } from './steps';

export { previewPlan } from './preview';

export interface ApplyDeps {
  /** Runs after the writes, per target with status 'change': the tool's own check. */
  verify?: (target: TargetId, plan: TargetPlan) => Promise<Verification>;
  /** Carries out the admin changes in one batch when !ctx.isAdmin (Windows elevation broker, issue 4). Absent → admin changes fail with 'needs-elevation'. */
  elevate?: (changes: BrokerChange[]) => Promise<ElevateOutcome>;
  /** A declined prompt: undo the user-level part of the targets that needed it (default), or keep it. */
  ifDeclined?: IfDeclined;
  /** Each target's step as it happens (backing up, writing, verifying, done); a listener's throw is ignored. */
  onProgress?: (p: ApplyProgress) => void;
  /**
   * Aborted when the user interrupts (Ctrl-C, SIGTERM; its reason is the signal's name). Before every change is
   * written, an interrupt undoes what was written; once all are written the apply is complete and only the
   * tools' checks still running are given up.
   */
  signal?: AbortSignal;
}
export type ElevateOutcome = { status: 'done' } | { status: 'declined' } | { status: 'failed'; error: Message };

/** A target being applied: its plan, its result so far, and where each of its changes runs. */
interface Work {
  tp: TargetPlan;
  result: TargetResult;
  direct: Change[];
  elevated: Change[];
}

function initialResult(tp: TargetPlan): TargetResult {
  const base = { target: tp.target, warnings: [] as Message[] };
  if (tp.status === 'error') return { ...base, outcome: 'failed', ...(tp.reason ? { error: tp.reason } : {}) };
  if (tp.status === 'skipped') return { ...base, outcome: 'skipped', warnings: tp.reason ? [tp.reason] : [] };
  // Targets to change start as 'applied' and are demoted as the transaction learns otherwise.
  return { ...base, outcome: tp.status === 'change' && tp.changes.length > 0 ? 'applied' : 'unchanged' };
}

/**
 * One word for the whole apply. A failure outranks a missing elevation, which outranks a failed verification:
 * each is what the user must act on first (exit codes 1, 3, 4).
 */
export function overallStatus(results: TargetResult[]): ApplyStatus {
  const count = (...o: TargetResult['outcome'][]): number => results.filter((r) => o.includes(r.outcome)).length;
  const applied = count('applied');
  if (count('failed', 'rolled-back') > 0) return applied > 0 ? 'partial' : 'failed';
  if (count('needs-elevation') > 0) return 'needs-elevation';
  if (results.some((r) => r.verification && !r.verification.ok && !r.verification.skipped)) return 'verify-failed';
  return applied > 0 ? 'applied' : 'nothing-to-do';
}

/** Undo, newest first, what this apply carried out for the given changes; returns what could not be undone. */
async function rollback(ctx: Ctx, journal: Journal, changes: Change[]): Promise<Message[]> {
  const entries = [...new Set(changes.map((c) => journal.entry(c)))].reverse();
  const problems: Message[] = [];
  for (const e of entries) {
    if (!e || e.state !== 'applied') continue;
    try {
      await undoEntry(ctx, journal.store, e);
      e.state = 'rolled-back';
    } catch (err) {
      const name =
        e.kind === 'file'
          ? e.path
          : e.kind === 'env'
            ? e.name
            : e.kind === 'distroFile'
              ? distroFileName(e.distro, e.path)
              : e.kind;
      problems.push({ code: 'error.write-failed', params: { path: name, reason: reasonOf(err) } });
    }
  }
  await journal.save();
  return problems;
}

/** Tell the listener, if any; the transaction never fails because a display did. */
function report(deps: ApplyDeps, target: TargetId, phase: ApplyProgress['phase']): void {
  try {
    deps.onProgress?.({ target, phase });
  } catch {
    // a front end's problem, not the apply's
  }
}

/** Undo every direct change made so far; `w` is the target that failed (or was being written when interrupted). */
async function failAll(ctx: Ctx, journal: Journal, work: Work[], w: Work, error: Message): Promise<false> {
  const problems = await rollback(
    ctx,
    journal,
    work.flatMap((x) => x.direct),
  );
  for (const x of work) x.result.outcome = 'rolled-back';
  w.result.outcome = 'failed';
  w.result.error = error;
  w.result.warnings.push(...problems);
  return false;
}

/**
 * Run every direct change in plan order; on the first real failure or an interrupt, undo everything. Each
 * change is marked applied as soon as it is written; the journal writes that mark while the next change runs,
 * and a journal write that failed stops the apply before the step after it (journal.ts, markSoon).
 */
async function runDirectPhase(ctx: Ctx, journal: Journal, work: Work[], deps: ApplyDeps): Promise<boolean> {
  const { signal } = deps;
  for (const w of work) {
    if (w.direct.length > 0) report(deps, w.tp.target, 'writing');
    for (const c of w.direct) {
      if (signal?.aborted) return failAll(ctx, journal, work, w, interrupted(signal));
      let error: Message;
      try {
        const saved = journal.takeFailure();
        if (saved) throw saved.error;
        const r = await runDirect(ctx, c);
        if (r.ok) {
          if (r.warning) w.result.warnings.push(r.warning);
          else journal.markSoon(c, 'applied');
          continue;
        }
        error = r.error;
      } catch (err) {
        error = toMessage(err);
      }
      return failAll(ctx, journal, work, w, error);
    }
  }
  const last = work[work.length - 1];
  if (!last) return true;
  try {
    await journal.flush();
  } catch (err) {
    return failAll(ctx, journal, work, last, toMessage(err));
  }
  // The elevated batch is not started once the user has asked to stop.
  if (signal?.aborted) return failAll(ctx, journal, work, last, interrupted(signal));
  return true;
}

/** Hand every admin change to the broker at once: one prompt, not one per change. */
async function runElevatedPhase(ctx: Ctx, journal: Journal, work: Work[], deps: ApplyDeps): Promise<void> {
  const { elevate } = deps;
  const batch = work.flatMap((w) => w.elevated);
  if (batch.length === 0 || !elevate) return;
  let outcome: ElevateOutcome;
  try {
    outcome = await elevate(batch);
  } catch (err) {
    outcome = { status: 'failed', error: toMessage(err) };
  }
  if (outcome.status === 'done') {
    for (const c of batch) {
      const e = journal.entry(c);
      if (e) e.state = 'applied';
    }
    await journal.save();
    return;
  }
  // The broker's entries stay 'pending': restore checks the files' content before touching them.
  const admin = work.filter((w) => w.elevated.length > 0);
  if (outcome.status === 'declined') {
    // Only the targets that needed the prompt are concerned; the others are complete without it. Their
    // user-level part is taken back unless the user chose to keep it (it then stays in the journal, so restore
    // undoes it like any other write).
    for (const w of admin) {
      if (deps.ifDeclined !== 'keep') w.result.warnings.push(...(await rollback(ctx, journal, w.direct)));
      else if (w.direct.length > 0)
        w.result.warnings.push({ code: 'warn.user-part-kept', params: { what: w.direct.map(describe).join(', ') } });
      w.result.outcome = 'needs-elevation';
      w.result.error = { code: 'error.needs-elevation', params: { what: w.elevated.map(describe).join(', ') } };
    }
    return;
  }
  const problems = await rollback(
    ctx,
    journal,
    work.flatMap((w) => w.direct),
  );
  for (const w of work) w.result.outcome = 'rolled-back';
  for (const w of admin) {
    w.result.outcome = 'failed';
    w.result.error = outcome.error;
  }
  (admin[0] ?? work[0])?.result.warnings.push(...problems);
}

/**
 * Ask each tool what it now uses. Targets the plan left unchanged are asked too: "already set" is a claim
 * about the file, and a shadowing variable can still keep the tool on another mirror.
 */
async function verifyPhase(work: { tp: TargetPlan; result: TargetResult }[], deps: ApplyDeps): Promise<void> {
  const { verify } = deps;
  await Promise.all(
    work.map(async (w) => {
      const asked = w.result.outcome === 'applied' || w.result.outcome === 'unchanged';
      if (verify && asked) {
        report(deps, w.tp.target, 'verifying');
        try {
          w.result.verification = await unlessInterrupted(w.tp.target, () => verify(w.tp.target, w.tp), deps.signal);
        } catch (err) {
          w.result.verification = {
            target: w.tp.target,
            ok: false,
            observed: null,
            command: [],
            message: toMessage(err),
          };
        }
      }
      report(deps, w.tp.target, asked ? 'done' : 'failed');
    }),
  );
}

/**
 * Carry out a plan as one transaction: re-check, back up, write user-level changes, hand the admin ones to
 * the broker in one batch, verify. Any real failure puts every byte back; the journal records it all.
 */
export async function applyPlan(ctx: Ctx, plan: Plan, deps: ApplyDeps = {}): Promise<ApplyResult> {
  const slots = plan.targets.map((tp) => ({ tp, result: initialResult(tp) }));
  const active = slots.filter((s) => s.result.outcome === 'applied');
  const unchanged = slots.filter((s) => s.result.outcome === 'unchanged');
  if (active.length === 0) {
    await verifyPhase(unchanged, deps);
    const targets = slots.map((s) => s.result);
    return { status: overallStatus(targets), targets };
  }

  return withApplyLock(ctx, async () => {
    if (deps.signal?.aborted) {
      // Interrupted before anything was backed up or written: no journal, nothing to undo.
      for (const s of active) Object.assign(s.result, { outcome: 'failed', error: interrupted(deps.signal) });
      const targets = slots.map((s) => s.result);
      return { status: overallStatus(targets), targets };
    }
    const originals = await recheck(
      ctx,
      active.flatMap((s) => s.tp.changes),
    );
    const work: Work[] = [];
    for (const s of active) {
      const route = await routeTarget(ctx, s.tp, deps.elevate !== undefined);
      if (route.kind === 'blocked') {
        s.result.outcome = 'needs-elevation';
        s.result.error = route.error;
      } else {
        work.push({ ...s, direct: route.direct, elevated: route.elevated });
      }
    }
    const results = slots.map((s) => s.result);
    if (work.length === 0) return { status: overallStatus(results), targets: results };

    const ordered = [...work.flatMap((w) => w.direct), ...work.flatMap((w) => w.elevated)];
    for (const w of work) report(deps, w.tp.target, 'backing-up');
    const journal = await Journal.begin(
      ctx,
      plan,
      work.map((w) => w.tp.target),
      ordered,
      originals,
    );
    if (await runDirectPhase(ctx, journal, work, deps)) {
      for (const w of work) if (w.elevated.length > 0) report(deps, w.tp.target, 'writing');
      await runElevatedPhase(ctx, journal, work, deps);
      await verifyPhase([...work, ...unchanged], deps);
    } else {
      for (const w of work) report(deps, w.tp.target, 'failed');
    }
    const status = overallStatus(results);
    await journal.finish(status);
    return { id: journal.id, status, targets: results };
  });
}
