import { probeMirrors, type ProbeReport } from '../../electron/core/probe';
import { TARGET_KIND } from '../../shared/targets';
import { simulate } from '../../test/support/sim';
import { simTruth } from '../../test/support/sim/truth';

import { kindUrl, MANY_TOOLS, manyKindsTestbed, manyToolCandidates } from './many-kinds';
import { startRemoteTestbed } from './remote';
import { median, quantile } from './stats';
import type { MirrorSpec } from './testbed';
import { groundTruth } from './truth';

/**
 * `npm run bench:probe -- --scenario many-kinds`: `mirrorkit test` with 20 tools on shared hosts (many-kinds.ts),
 * M1 without a shared bottleneck, M2 behind a shared 12.5 MB/s access link. Per run: time to results, bytes the
 * testbed sent, and each tool's regret (the 5 MB ground truth of its pick ÷ that of its best host), against the
 * same ground truth as S1/S2: a 5 MB fetch on a fresh connection over each healthy host's own path.
 */
export const MANY_SCENARIOS = [
  { id: 'M1', title: 'many kinds, shared hosts, no shared bottleneck', linkBps: undefined },
  { id: 'M2', title: 'many kinds, shared hosts, shared 12.5 MB/s access link', linkBps: 12.5e6 },
] as const;

export interface ManyRun {
  wallMs: number;
  bytes: number;
  candidates: number;
  hosts: number;
  /** Per tool: truth of its pick ÷ truth of its best healthy host (Infinity: no pick, or a broken one). */
  regret: Record<string, number>;
}

export interface ManyOptions {
  artifact: { bytes: number; requests: number };
  budget: number;
  truthParallel: number;
  perl: boolean;
  /** ProbeOptions.shareHosts: false streams every candidate on its own (the comparison). */
  share: boolean;
  /** On the virtual-clock simulator (test/support/sim) instead of the loopback testbed: no machine load in it. */
  sim: boolean;
}

/** Each tool's regret: the truth of its pick ÷ the truth of the best healthy host serving its kind. */
export function regrets(
  specs: readonly MirrorSpec[],
  truth: Record<string, number>,
  report: ProbeReport,
): Record<string, number> {
  const regret: Record<string, number> = {};
  for (const tool of MANY_TOOLS) {
    const kind = TARGET_KIND[tool];
    const serving = specs
      .filter((s) => s.behaviour === 'ok' && (s.kinds ?? [s.kind]).includes(kind))
      .map((s) => truth[s.id] as number);
    const pick = report.best[tool]?.provider;
    const picked = pick !== undefined ? truth[pick] : undefined;
    regret[tool] = picked === undefined ? Infinity : picked / Math.min(...serving);
  }
  return regret;
}

export async function manyKindsRun(
  scenario: (typeof MANY_SCENARIOS)[number],
  seed: number,
  opts: ManyOptions,
): Promise<ManyRun> {
  const specs = manyKindsTestbed(seed, { blackhole: opts.perl || opts.sim });
  const healthy = specs.filter((s) => s.behaviour === 'ok');
  const link = scenario.linkBps;
  const probeOpts = { artifact: opts.artifact, budgetBytes: opts.budget, shareHosts: opts.share };
  const run = (report: ProbeReport, bytes: number, truth: Record<string, number>, candidates: number): ManyRun => ({
    wallMs: report.wallMs,
    bytes,
    candidates,
    hosts: specs.length,
    regret: regrets(specs, truth, report),
  });
  if (opts.sim) {
    const truth = await simTruth(healthy, link ? { linkBps: link } : {});
    const sim = simulate(specs, link ? { linkBps: link } : {});
    const candidates = manyToolCandidates(specs, sim.urlFor);
    const report = await sim.probe(candidates, probeOpts);
    return run(report, report.bytes, truth, candidates.length);
  }
  const truthBed = await startRemoteTestbed(
    healthy.map((s) => ({ ...s, rateBps: link ? Math.min(s.rateBps ?? Infinity, link) : s.rateBps })),
  );
  const truth = await groundTruth(
    truthBed.origin,
    healthy.map((s) => s.id),
    opts.truthParallel,
  );
  await truthBed.close();
  const tb = await startRemoteTestbed(specs, link ? { linkBps: link } : {});
  try {
    await tb.resetStats();
    const candidates = manyToolCandidates(specs, (id, kind) => kindUrl(tb.origin[id] as string, kind));
    const report = await probeMirrors(candidates, probeOpts);
    const bytes = Object.values(await tb.stats()).reduce((a, s) => a + s.bytes, 0);
    return run(report, bytes, truth, candidates.length);
  } finally {
    await tb.close();
  }
}

const s = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '–');
const x = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '∞');
const mb = (b: number): string => (b / 1e6).toFixed(1);

/** One line per run: time, bytes, and the per-tool regrets (worst first). */
export function manyRunLine(id: string, seed: number, r: ManyRun): string {
  const per = Object.entries(r.regret).sort((a, b) => b[1] - a[1]);
  const worst = per
    .filter(([, v]) => v > 1.1)
    .map(([t, v]) => `${t} ${x(v)}`)
    .join(', ');
  return (
    `${id} seed ${seed}: ${r.candidates} candidates on ${r.hosts} hosts, ${MANY_TOOLS.length} tools · ${s(r.wallMs)} s · ` +
    `${mb(r.bytes)} MB sent · per-tool regret median ${x(median(per.map(([, v]) => v)))} max ${x(per[0]?.[1] ?? NaN)}` +
    (worst ? ` (> 1.10: ${worst})` : '')
  );
}

/** The table row of a scenario over its runs. */
export function manyTableRow(title: string, runs: ManyRun[]): string {
  const walls = runs.map((r) => r.wallMs);
  const all = runs.flatMap((r) => Object.values(r.regret));
  const within = all.filter((v) => v <= 1.1).length;
  return (
    `| ${title} | ${s(median(walls))} / ${s(quantile(walls, 0.9))} / ${s(Math.max(...walls))} | ` +
    `${mb(median(runs.map((r) => r.bytes)))} (max ${mb(Math.max(...runs.map((r) => r.bytes)))}) | ` +
    `${x(median(all))} | ${x(quantile(all, 0.9))} | ${x(Math.max(...all))} | ${((100 * within) / all.length).toFixed(0)} % |`
  );
}

export const MANY_TABLE_HEAD = [
  '| scenario | time to results, s (median / p90 / max) | MB sent (median) | per-tool 5 MB regret median | p90 | max | tools within 1.10 |',
  '|---|---|---|---|---|---|---|',
];
