import type { Change, TargetPlan } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError, toMessage } from '../errors';
import { failed } from '../targets/plan-helpers';

import { corporateFor, type Corporate } from './settings';
import type { CorporateParts } from './types';

function isNoop(c: Change): boolean {
  return c.kind === 'writeFile' ? c.before === c.after : c.kind === 'setEnv' ? c.before === c.value : false;
}

/** The part's changes replace the plan's own write of the same file (the part started from its `after`). */
function merge(own: Change[], added: Change[]): Change[] {
  const out = [...own];
  for (const c of added) {
    const i = c.kind === 'writeFile' ? out.findIndex((o) => o.kind === 'writeFile' && o.path === c.path) : -1;
    if (i >= 0) out[i] = c;
    else out.push(c);
  }
  return out.filter((c) => !isNoop(c));
}

/**
 * Add a profile's CA and proxy to each planned tool, through that tool's own part (`parts`, one per target
 * module). A tool without a part is told so in its plan (docs/corporate.md lists what each supports). A part that
 * cannot edit the tool's file makes that tool an error, as a malformed file does for its mirror.
 */
export async function addCorporate(
  ctx: Ctx,
  plans: TargetPlan[],
  corp: Corporate,
  parts: CorporateParts,
): Promise<TargetPlan[]> {
  // One copy of a CA file serves every tool: the first tool (registry order) writes it, the others point at it.
  const claimed = new Set<string>();
  const out: TargetPlan[] = [];
  for (const tp of plans) out.push(await addOne(ctx, tp, corp, parts, claimed));
  return out;
}

async function addOne(
  ctx: Ctx,
  tp: TargetPlan,
  corp: Corporate,
  parts: CorporateParts,
  claimed: Set<string>,
): Promise<TargetPlan> {
  if (tp.status === 'skipped' || tp.status === 'error') return tp;
  const wanted = corporateFor(ctx, corp, tp.target);
  if (!wanted.ca && !wanted.proxy) return tp;
  const part = parts[tp.target];
  if (!part) return { ...tp, warnings: [...tp.warnings, { code: 'corp.unsupported', params: { target: tp.target } }] };
  let r;
  try {
    r = await part.plan(ctx, tp, wanted);
  } catch (e) {
    if (!(e instanceof MirrorKitError)) throw e;
    return failed(tp.target, toMessage(e));
  }
  const stateFiles = new Set([wanted.ca?.bundleFile.path, wanted.ca?.certsFile.path]);
  const added = r.changes.filter((c) => {
    if (c.kind !== 'writeFile' || !stateFiles.has(c.path)) return true;
    if (claimed.has(c.path)) return false;
    claimed.add(c.path);
    return true;
  });
  const changes = merge(tp.changes, added);
  return {
    ...tp,
    status: changes.length > 0 ? 'change' : 'unchanged',
    changes,
    warnings: [...tp.warnings, ...r.warnings],
    corporate: r.settings,
  };
}
