import type { Mirror } from './mirror';
import { resultOf } from './result';
import {
  PROBE_OUTCOMES,
  type BestPick,
  type CurrentComparison,
  type Final,
  type ProbeReport,
  type ProbeResult,
} from './types';
import { lagsBehind, referenceVersion, versionsOf } from './version';
import { CONFIDENT_PCT, SLOW_FACTOR } from './tuning';

export { referenceVersion } from './version';

/** Mark `stale` against the group's reference version (used for progress rows and the final report). */
export function staleAgainst(result: ProbeResult, reference: string | undefined): ProbeResult {
  const version = result.newestVersion;
  if ((result.outcome !== 'ok' && result.outcome !== 'slow') || !version || !reference) return result;
  if (!lagsBehind(version, reference)) return result;
  return {
    ...result,
    outcome: 'stale',
    reason: { code: 'probe.reason.stale', params: { version, expected: reference } },
  };
}

export function groupReference(mirrors: Mirror[], finals: Map<Mirror, Final>): string | undefined {
  return referenceVersion(versionsOf(mirrors.filter((m) => !m.failure && finals.get(m)?.outcome !== undefined)));
}

/** Usable with an estimate, then usable without one (nothing is known of its speed), then stale, then broken. */
function category(r: ProbeResult): number {
  const measured = r.estimateMs !== undefined;
  if (r.outcome === 'ok') return measured ? 0 : 2;
  if (r.outcome === 'slow') return measured ? 1 : 3;
  if (r.outcome === 'stale') return 4;
  return 5 + PROBE_OUTCOMES.indexOf(r.outcome);
}

/** Order, score and pick within each tool's group; see the README's "speed test" section for the rules. */
export function buildReport(mirrors: Mirror[], finals: Map<Mirror, Final>, wallMs: number, bytes: number): ProbeReport {
  const groups = new Map<string, Mirror[]>();
  for (const m of mirrors) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
  const results: ProbeResult[] = [];
  const best: ProbeReport['best'] = {};
  const currentComparison: Partial<Record<string, CurrentComparison>> = {};
  for (const [key, ms] of groups) {
    const reference = groupReference(ms, finals);
    const rows = ms.map((m) => {
      const f = finals.get(m);
      const row = staleAgainst(resultOf(m, f?.outcome ?? 'connect-timeout', f?.estimateMs), reference);
      return { row, evidence: f?.evidence ?? 'none' };
    });
    type Row = (typeof rows)[number];
    const order = (x: Row, y: Row): number => {
      const cx = category(x.row);
      const cy = category(y.row);
      if (cx !== cy) return cx - cy;
      const kx = x.row.estimateMs ?? x.row.ttfbMs;
      const ky = y.row.estimateMs ?? y.row.ttfbMs;
      return (kx ?? Infinity) - (ky ?? Infinity) || x.row.url.localeCompare(y.row.url);
    };
    const sortRows = (): void => {
      rows.sort(order);
      promoteMeasured(
        rows,
        (r) => category(r.row) === 0,
        (r) => (r.evidence === 'solo' ? 2 : r.evidence === 'guessed' ? 0 : 1),
      );
    };
    sortRows();
    // Everything is relative to the top of the ranking: the mirror that would be picked.
    const top = rows[0]?.row;
    const bestEst = top?.outcome === 'ok' && top.estimateMs !== undefined ? top.estimateMs : NaN;
    for (const r of rows) {
      const est = r.row.estimateMs;
      if (r.row.outcome === 'ok' && est !== undefined && est >= SLOW_FACTOR * bestEst) {
        r.row = {
          ...r.row,
          outcome: 'slow',
          reason: { code: 'probe.reason.slow', params: { factor: Math.round((est / bestEst) * 10) / 10 } },
        };
      }
    }
    sortRows();
    const ordered = rows.map((r) => r.row);
    const pick = pickBest(ordered);
    best[key] = pick.best;
    if (pick.swap) [ordered[0], ordered[1]] = [ordered[1] as ProbeResult, ordered[0] as ProbeResult];
    let ceiling = 100;
    for (const r of ordered) {
      if ((r.outcome === 'ok' || r.outcome === 'slow') && r.estimateMs !== undefined && Number.isFinite(bestEst)) {
        ceiling = Math.min(ceiling, Math.round((100 * bestEst) / r.estimateMs));
        r.score = ceiling;
      } else if (r.outcome !== 'ok') r.score = 0;
    }
    const current = ordered.find((r) => r.current);
    if (current) {
      currentComparison[key] = {
        url: current.url,
        ...(current.provider ? { provider: current.provider } : {}),
        outcome: current.outcome,
        ...(current.estimateMs !== undefined ? { estimateMs: current.estimateMs } : {}),
        ...(current.estimateMs !== undefined && Number.isFinite(bestEst)
          ? { ratio: Math.round((current.estimateMs / bestEst) * 100) / 100 }
          : {}),
      };
    }
    results.push(...ordered);
  }
  return {
    results,
    best,
    wallMs: Math.round(wallMs),
    bytes,
    ...(Object.keys(currentComparison).length ? { currentComparison } : {}),
  };
}

/**
 * First place is for the best-known usable mirror: one measured alone (a finalist, `known` 2) when there is one,
 * else one whose throughput was measured at all (1) rather than guessed from its latency (0). The others were
 * judged while sharing the link, or not at all, so their estimates are guesses within a range. Only the top
 * moves; everything below stays in order of estimate, which is the best order known for the rest.
 */
export function promoteMeasured<R>(rows: R[], usable: (r: R) => boolean, known: (r: R) => number): void {
  if (rows.length === 0 || !usable(rows[0] as R)) return;
  const best = Math.max(...rows.filter(usable).map(known));
  const i = rows.findIndex((r) => usable(r) && known(r) === best);
  if (i > 0) rows.unshift(...rows.splice(i, 1));
}

/** #1 of the ordered rows if usable; within 10% of #2 the current mirror (if it is #2) is kept instead. */
function pickBest(ordered: ProbeResult[]): { best: BestPick | null; swap: boolean } {
  const first = ordered[0];
  if (!first || first.outcome !== 'ok') return { best: null, swap: false };
  const second = ordered[1];
  const measured =
    first.estimateMs !== undefined &&
    second?.estimateMs !== undefined &&
    (second.outcome === 'ok' || second.outcome === 'slow');
  // A finalist promoted over a better guess has no margin over it (0, so not confident), not a negative one.
  const marginPct = measured
    ? Math.max(0, Math.round(((second.estimateMs as number) / (first.estimateMs as number) - 1) * 1000) / 10)
    : undefined;
  const confident =
    marginPct === undefined ? second === undefined || second.outcome !== 'ok' : marginPct >= CONFIDENT_PCT;
  const swap = !confident && !first.current && second?.current === true && second.outcome === 'ok';
  const chosen = swap ? (second as ProbeResult) : first;
  return {
    best: {
      url: chosen.url,
      ...(chosen.provider ? { provider: chosen.provider } : {}),
      ...(marginPct !== undefined ? { marginPct } : {}),
      confident,
    },
    swap,
  };
}
