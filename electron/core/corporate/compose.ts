import type { Change, TargetPlan } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError, toMessage } from '../errors';
import { pathApi } from '../platform/paths';
import { renderEnvFile } from '../platform/shell-env';
import { failed } from '../targets/plan-helpers';

import { NODE_FAMILY, nodeFamilyCerts, planNodeExtraCa } from './node-extra-ca';
import { corporateFor, type Corporate } from './settings';
import type { CorporateParts } from './types';

function isNoop(c: Change): boolean {
  return c.kind === 'writeFile' ? c.before === c.after : c.kind === 'setEnv' ? c.before === c.value : false;
}

type Write = Extract<Change, { kind: 'writeFile' }>;

/** Two edits of one MirrorKit env file (the tool's own variable, NODE_EXTRA_CA_CERTS): one that sets both. */
function bothVars(own: Write, added: Write): Write {
  if (!own.envFile || !added.envFile) return added;
  const set = { ...own.envFile.set, ...added.envFile.set };
  const vars = { ...own.envFile.base };
  for (const [k, v] of Object.entries(set)) {
    if (v === null) delete vars[k];
    else vars[k] = v;
  }
  return { ...added, after: renderEnvFile(added.envFile.format, vars), envFile: { ...added.envFile, set } };
}

/** A file of MirrorKit's own for the tools (CA copies, a truststore): written by the first tool that wants it. */
function inCorporateState(ctx: Ctx, file: string): boolean {
  const p = pathApi(ctx);
  return file.startsWith(p.join(ctx.stateDir, 'corporate') + p.sep);
}

/** Changes less the state files (CA copies, a truststore) an earlier tool of this plan already writes. */
function unclaimed(ctx: Ctx, changes: Change[], claimed: Set<string>): Change[] {
  return changes.filter((c) => {
    if (c.kind !== 'writeFile' || !inCorporateState(ctx, c.path)) return true;
    if (claimed.has(c.path)) return false;
    claimed.add(c.path);
    return true;
  });
}

/** The part's changes replace the plan's own write of the same file (the part started from its `after`). */
function merge(own: Change[], added: Change[]): Change[] {
  const out = [...own];
  for (const c of added) {
    const i = c.kind === 'writeFile' ? out.findIndex((o) => o.kind === 'writeFile' && o.path === c.path) : -1;
    const o = out[i];
    if (o?.kind === 'writeFile' && c.kind === 'writeFile') out[i] = bothVars(o, c);
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
  return addNodeExtraCa(ctx, out, corp, claimed);
}

/**
 * NODE_EXTRA_CA_CERTS is one variable for every Node-based tool: the first of them (registry order) plans it,
 * and each one's check compares it.
 */
async function addNodeExtraCa(
  ctx: Ctx,
  plans: TargetPlan[],
  corp: Corporate,
  claimed: Set<string>,
): Promise<TargetPlan[]> {
  const certs = nodeFamilyCerts(ctx, plans, corp);
  if (certs.length === 0) return plans;
  let planned: Awaited<ReturnType<typeof planNodeExtraCa>> | undefined;
  const out: TargetPlan[] = [];
  for (const tp of plans) {
    const mine = NODE_FAMILY.includes(tp.target) && corporateFor(ctx, corp, tp.target).ca !== undefined;
    if (!mine || tp.status === 'skipped' || tp.status === 'error') {
      out.push(tp);
      continue;
    }
    const first = planned === undefined;
    planned ??= await planNodeExtraCa(ctx, tp, certs);
    const setting = planned.setting ? [planned.setting] : [];
    if (!first) {
      out.push({ ...tp, corporate: [...(tp.corporate ?? []), ...setting] });
      continue;
    }
    const added = unclaimed(ctx, planned.changes, claimed);
    const changes = merge(tp.changes, added);
    out.push({
      ...tp,
      status: changes.length > 0 ? 'change' : 'unchanged',
      changes,
      warnings: [...tp.warnings, ...planned.warnings],
      corporate: [...(tp.corporate ?? []), ...setting],
    });
  }
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
  // A Node-based tool without a part of its own gets the company CA through NODE_EXTRA_CA_CERTS (above).
  if (!part && NODE_FAMILY.includes(tp.target))
    return wanted.proxy
      ? { ...tp, warnings: [...tp.warnings, { code: 'corp.proxy-unsupported', params: { target: tp.target } }] }
      : tp;
  if (!part) return { ...tp, warnings: [...tp.warnings, { code: 'corp.unsupported', params: { target: tp.target } }] };
  let r;
  try {
    r = await part.plan(ctx, tp, wanted);
  } catch (e) {
    if (!(e instanceof MirrorKitError)) throw e;
    return failed(tp.target, toMessage(e));
  }
  const added = unclaimed(ctx, r.changes, claimed);
  const changes = merge(tp.changes, added);
  return {
    ...tp,
    status: changes.length > 0 ? 'change' : 'unchanged',
    changes,
    warnings: [...tp.warnings, ...r.warnings],
    corporate: r.settings,
  };
}
