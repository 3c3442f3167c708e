import type { CatalogView } from '../../../shared/ipc/contract';
import type { BestPickData, ProbeResultData, ProbeTarget } from '../../../shared/ipc/probe';
import type { TargetId } from '../../../shared/types/core';
import { TARGET_KIND } from '../../../shared/types/core';

import { resultKey } from './logic';

/** Outcomes a tool could download from: the rest is collapsed into one line with its reasons. */
const USABLE = new Set<ProbeResultData['outcome']>(['ok', 'slow', 'stale']);
export const isUsable = (r: ProbeResultData): boolean => USABLE.has(r.outcome);

/** One tool's part of a speed test, ready to show: the pick and its lead, the rows by estimate, the failures. */
export interface ToolConclusion {
  target: TargetId;
  pick: ProbeResultData | undefined;
  /** The runner-up the pick is compared with, and by how much it is slower (percent of the pick's estimate). */
  next: ProbeResultData | undefined;
  marginPct: number | undefined;
  /** Mirrors that answered, fastest estimate first; then the ones still being measured. */
  rows: (ProbeResultData | ProbeTarget)[];
  failed: ProbeResultData[];
}

const estimate = (r: ProbeResultData): number =>
  r.estimateMs ?? (r.latencyMs !== undefined ? r.latencyMs * 50 : Infinity);

export function concludeTool(
  target: TargetId,
  candidates: readonly ProbeTarget[],
  results: Record<string, ProbeResultData>,
  pick: ProbeResultData | undefined,
  pickData: BestPickData | null | undefined,
): ToolConclusion {
  const mine = candidates.filter((c) => c.target === target);
  const done = mine.flatMap((c) => (results[resultKey(c)] ? [results[resultKey(c)] as ProbeResultData] : []));
  const answered = done.filter(isUsable).sort((a, b) => estimate(a) - estimate(b));
  // The pick leads (the probe may promote a mirror measured alone over a closer guess); the rest by estimate.
  const ordered = pick ? [pick, ...answered.filter((r) => resultKey(r) !== resultKey(pick))] : answered;
  const pending = mine.filter((c) => !results[resultKey(c)]);
  const next = pick ? ordered.find((r) => resultKey(r) !== resultKey(pick)) : undefined;
  const computed =
    pick?.estimateMs !== undefined && next?.estimateMs !== undefined && pick.estimateMs > 0
      ? Math.max(0, Math.round((next.estimateMs / pick.estimateMs - 1) * 100))
      : undefined;
  return {
    target,
    pick,
    next,
    marginPct: pickData?.marginPct !== undefined ? Math.round(pickData.marginPct) : computed,
    rows: [...ordered, ...pending],
    failed: done.filter((r) => !isUsable(r)),
  };
}

/**
 * Nothing, or nearly nothing, answered: the network is the likely cause (offline, a proxy, a firewall), not
 * the mirrors. "Nearly": at most one in ten answered, out of at least three tried.
 */
export function networkTrouble(results: readonly ProbeResultData[]): { answered: number; total: number } | null {
  const total = results.length;
  if (total === 0) return null;
  const answered = results.filter(isUsable).length;
  if (answered === 0 || (total >= 3 && answered / total <= 0.1)) return { answered, total };
  return null;
}

/** The tools whose mirror in this preset failed this network's test (tested and did not answer). */
export function presetFailures(
  choose: Partial<Record<TargetId, string | null>>,
  results: readonly ProbeResultData[],
  catalog: CatalogView,
): { target: TargetId; provider: string }[] {
  const out: { target: TargetId; provider: string }[] = [];
  for (const [target, provider] of Object.entries(choose) as [TargetId, string | null][]) {
    if (!provider) continue;
    const url = catalog.mirrors.find(
      (m) => m.kind === TARGET_KIND[target] && m.provider === provider && m.status === 'active',
    )?.url;
    const tested = results.filter((r) => r.target === target && (r.url === url || r.provider === provider));
    if (tested.length > 0 && !tested.some(isUsable)) out.push({ target, provider });
  }
  return out;
}
