import type { ComplianceToolState } from '../../../shared/ipc/compliance';
import type {
  CorporateSetting,
  Layer,
  Message,
  Origin,
  Plan,
  Reading,
  TargetId,
  TargetPlan,
} from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError, toMessage } from '../errors';
import { TARGETS } from '../targets';

/**
 * `check` (issue 18): for each tool a profile names, is the value the tool actually uses the profile's?
 * - compliant: the winning layer holds the profile's value (applying would change nothing);
 * - shadowed: some layer holds it, but a higher one (a variable, a project file) wins;
 * - drift: another value is configured;
 * - missing: nothing is configured, the tool uses its built-in default;
 * - skipped: the tool does not exist on this platform; error: a file MirrorKit cannot read (bad input).
 */
export type ToolState = ComplianceToolState;

export interface ToolCompliance {
  target: TargetId;
  state: ToolState;
  expected: string | null;
  actual: string | null;
  /** The layer that wins today. */
  layer?: Origin;
  /** For `shadowed`: the layer that holds the profile's value but loses. */
  shadowedLayer?: Origin;
  reason?: Message;
  /** The profile's CA and proxy settings this tool does not have yet (drift even when the mirror is right). */
  corporate?: CorporateSetting[];
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').replace(/\/+$/, '') === (b ?? '').replace(/\/+$/, '');

async function reading(ctx: Ctx, target: TargetId): Promise<Reading | Message> {
  try {
    return await TARGETS[target].read(ctx);
  } catch (e) {
    if (!(e instanceof MirrorKitError)) throw e;
    return toMessage(e);
  }
}

function classify(tp: TargetPlan, r: Reading, expected: string | null): ToolCompliance {
  const base = { target: tp.target, expected, actual: r.value, layer: r.origin };
  // Both are needed: the tool's value must be the profile's (a process variable can shadow the file the plan
  // addresses, and the plan then changes nothing), and the plan must change nothing (Go's GOPRIVATE & co.).
  if (tp.status === 'unchanged' && same(r.value, expected)) return { ...base, state: 'compliant' };
  const effective: Layer | undefined = r.layers.find((l) => l.effective);
  const loser = r.layers.find((l) => !l.effective && same(l.value, expected));
  if (loser && effective && !same(effective.value, expected))
    return { ...base, state: 'shadowed', shadowedLayer: loser.origin };
  if (r.origin.kind === 'default' && r.value === null) return { ...base, state: 'missing' };
  return { ...base, state: 'drift' };
}

/**
 * Compare what each tool reads now with the profile's choices (`expected`: the URL, or Docker's mirrors joined by
 * a space as its reading shows them) and with a plan made from the profile.
 */
export async function compliance(
  ctx: Ctx,
  plan: Plan,
  wanted: ReadonlyMap<TargetId, string>,
): Promise<ToolCompliance[]> {
  return Promise.all(
    plan.targets.map(async (tp): Promise<ToolCompliance> => {
      const expected = wanted.get(tp.target) ?? tp.after;
      if (tp.status === 'skipped')
        return {
          target: tp.target,
          state: 'skipped',
          expected,
          actual: null,
          ...(tp.reason ? { reason: tp.reason } : {}),
        };
      if (tp.status === 'error')
        return {
          target: tp.target,
          state: 'error',
          expected,
          actual: tp.before,
          ...(tp.reason ? { reason: tp.reason } : {}),
        };
      const r = await reading(ctx, tp.target);
      if (!('target' in r)) return { target: tp.target, state: 'error', expected, actual: tp.before, reason: r };
      const drifted = (tp.corporate ?? []).filter((x) => x.actual !== x.expected);
      return { ...classify(tp, r, expected), ...(drifted.length > 0 ? { corporate: drifted } : {}) };
    }),
  );
}
