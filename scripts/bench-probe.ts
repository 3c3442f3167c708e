/**
 * `npm run bench:probe`: MirrorKit's speed test against `nrm test`, on loopback testbeds of 24 emulated npm
 * mirrors (latency by per-response delays and TCP slow start, throughput by paced writes; see
 * scripts/bench/pacing.ts), ≥ 10 randomised testbeds per scenario: S1 no shared bottleneck, S2 a shared
 * 12.5 MB/s access link. Both tools run on the same testbed in the same run. Options: --runs N (default 10).
 * `--scenario many-kinds` (M1, M2; `--sim` on the virtual-clock simulator): every detected tool at once, 20 tools
 * and 150+ candidates on shared hosts (scripts/bench/many-kinds-run.ts).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

import { probeMirrors, type ProbeReport } from '../electron/core/probe';

import {
  manyKindsRun,
  manyRunLine,
  manyTableRow,
  MANY_SCENARIOS,
  MANY_TABLE_HEAD,
  type ManyRun,
} from './bench/many-kinds-run';
import { runNrm, type NrmRun } from './bench/nrm';
import { startRemoteTestbed } from './bench/remote';
import { kendallTauB, median, quantile, rng } from './bench/stats';
import type { Behaviour, MirrorSpec } from './bench/testbed';
import { groundTruth } from './bench/truth';

const argValue = (name: string): string | undefined =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const RUNS = Number(argValue('--runs') ?? 10) || 10;
const FIRST_SEED = Number(argValue('--seed') ?? 1000);
const ONLY = argValue('--scenario');
/** --verbose: every mirror's truth beside MirrorKit's measurement, for tuning. */
const VERBOSE = process.argv.includes('--verbose');
/** --no-nrm: MirrorKit only (tuning runs). */
const WITH_NRM = !process.argv.includes('--no-nrm');
/** --sim: the many-kinds scenario on the virtual-clock simulator (test/support/sim) rather than loopback sockets. */
const SIM = process.argv.includes('--sim');
const TRUTH_PARALLEL = 6;
const ARTIFACT = { bytes: 5_000_000, requests: 1 };
const BUDGET = 40_000_000;
const SCENARIOS = [
  { id: 'S1', title: 'no shared bottleneck', linkBps: undefined },
  { id: 'S2', title: 'shared 12.5 MB/s access link', linkBps: 12.5e6 },
] as const;
const HAS_PERL = spawnSync('perl', ['-e', '1'], { stdio: 'ignore' }).status === 0;
const NRM = path.join(path.dirname(createRequire(import.meta.url).resolve('nrm/package.json')), 'dist', 'index.js');

/** 16 healthy mirrors, 1 stale one and 7 broken ones, in random order, with random RTT and rate caps. */
function randomTestbed(seed: number): MirrorSpec[] {
  const r = rng(seed);
  const logUniform = (lo: number, hi: number): number => Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo)));
  const kinds: Behaviour[] = [
    ...Array<Behaviour>(17).fill('ok'),
    'refused',
    'refused',
    HAS_PERL ? 'blackhole' : 'hang',
    'hang',
    'stall',
    'wrong-protocol',
    'http404',
  ];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as Behaviour, kinds[i] as Behaviour];
  }
  let staleLeft = 1;
  return kinds.map((behaviour, i) => {
    const id = `m${String(i).padStart(2, '0')}`;
    const stale = behaviour === 'ok' && staleLeft-- > 0;
    const healthy = behaviour === 'ok';
    return {
      id,
      kind: 'npm',
      behaviour,
      rttMs: Math.round(healthy ? logUniform(8, 300) : logUniform(8, 50)),
      rateBps: Math.round(healthy ? logUniform(1e6, 20e6) : 10e6),
      ...(stale ? { version: '5.8.0' } : {}),
    };
  });
}

interface RunResult {
  ours: { wallMs: number; regret: number; tau: number; bytes: number; read: number; flagged: number; pick: string };
  nrm: {
    resultsMs: number;
    exitMs?: number;
    regret: number;
    regretHealthy: number;
    tau: number;
    bytes: number;
    flagged: number;
    pick: string;
  };
  broken: number;
}

async function oneRun(scenario: (typeof SCENARIOS)[number], seed: number, waitNrmExit: boolean): Promise<RunResult> {
  const specs = randomTestbed(seed);
  const healthy = specs.filter((s) => s.behaviour === 'ok' && !s.version).map((s) => s.id);
  const broken = specs.filter((s) => !healthy.includes(s.id));
  // Ground truth: each healthy mirror's 5 MB fetch on a fresh connection over its own path; in S2 the path
  // includes the access link, which a mirror measured on its own has to itself.
  const link = scenario.linkBps;
  const truthBed = await startRemoteTestbed(
    specs
      .filter((s) => healthy.includes(s.id))
      .map((s) => ({ ...s, rateBps: link ? Math.min(s.rateBps ?? Infinity, link) : s.rateBps })),
  );
  const truth = await groundTruth(truthBed.origin, healthy, TRUTH_PARALLEL);
  await truthBed.close();
  const best = Math.min(...Object.values(truth));
  const regretOf = (id: string | undefined): number =>
    id && truth[id] !== undefined ? (truth[id] as number) / best : Infinity;
  const truthList = healthy.map((id) => truth[id] as number);

  const tb = await startRemoteTestbed(specs, link ? { linkBps: link } : {});
  try {
    await tb.resetStats();
    const report: ProbeReport = await probeMirrors(
      specs.map((s) => ({ target: 'npm', kind: 'npm', url: tb.url[s.id] as string, provider: s.id })),
      { artifact: ARTIFACT, budgetBytes: BUDGET },
    );
    const oursBytes = sum(Object.values(await tb.stats()).map((s) => s.bytes));
    const position = new Map(report.results.map((r, i) => [r.provider as string, i]));
    const oursPick = report.best.npm?.provider;
    if (VERBOSE) {
      for (const r of report.results) {
        const spec = specs.find((x) => x.id === r.provider);
        console.log(
          `  ${r.provider} ${spec?.behaviour.padEnd(14)} rtt ${String(spec?.rttMs).padStart(3)} cap ${((spec?.rateBps ?? 0) / 1e6).toFixed(1).padStart(4)}` +
            ` truth ${s(truth[r.provider as string] ?? NaN).padStart(5)} | ${r.outcome.padEnd(15)} ttfb ${String(r.ttfbMs).padStart(6)} bps ${((r.throughputBps ?? 0) / 1e6).toFixed(2).padStart(5)} est ${s(r.estimateMs ?? NaN).padStart(5)} ${r.deadline ?? ''} ${r.reason?.code ?? ''}`,
        );
      }
    }

    await tb.resetStats();
    const nrm: NrmRun = WITH_NRM
      ? await runNrm(
          NRM,
          specs.map((s) => [s.id, tb.url[s.id] as string]),
          waitNrmExit,
        )
      : { resultsMs: NaN, times: {} };
    const nrmBytes = sum(Object.values(await tb.stats()).map((s) => s.bytes));
    const ok = Object.entries(nrm.times)
      .filter((e): e is [string, number] => e[1] !== null)
      .sort((a, b) => a[1] - b[1]);
    const nrmPick = ok[0]?.[0];
    const nrmPickHealthy = ok.find(([id]) => healthy.includes(id))?.[0];
    return {
      ours: {
        wallMs: report.wallMs,
        regret: regretOf(oursPick),
        tau: kendallTauB(
          healthy.map((id) => position.get(id) ?? 99),
          truthList,
        ),
        bytes: oursBytes,
        read: report.bytes,
        flagged: broken.filter((s) => report.results.find((r) => r.provider === s.id)?.outcome !== 'ok').length,
        pick: oursPick ?? '-',
      },
      nrm: {
        resultsMs: nrm.resultsMs,
        ...(nrm.exitMs !== undefined ? { exitMs: nrm.exitMs } : {}),
        regret: regretOf(nrmPick),
        regretHealthy: regretOf(nrmPickHealthy),
        tau: kendallTauB(
          healthy.map((id) => nrm.times[id] ?? Infinity),
          truthList,
        ),
        bytes: nrmBytes,
        flagged: broken.filter((s) => nrm.times[s.id] === null).length,
        pick: nrmPick ?? '-',
      },
      broken: broken.length,
    };
  } finally {
    await tb.close();
  }
  function sum(xs: number[]): number {
    return xs.reduce((a, b) => a + b, 0);
  }
}

const s = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '–');
const x = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '∞');
const mb = (b: number): string => (b / 1e6).toFixed(b < 1e6 ? 2 : 1);

/** `--scenario many-kinds` (or M1, M2): 20 tools on shared hosts, MirrorKit alone (scripts/bench/many-kinds-run.ts). */
async function manyKinds(): Promise<void> {
  const started = performance.now();
  const scenarios = MANY_SCENARIOS.filter((m) => ONLY === 'many-kinds' || m.id === ONLY);
  console.log(
    `bench:probe many kinds · ${SIM ? 'virtual-clock simulator' : 'loopback testbed'} · ${RUNS} randomised testbeds per scenario · ranking estimate for a 5 MB fetch · budget ${mb(BUDGET)} MB · ground truth: 5 MB on a fresh connection per healthy host, ${TRUTH_PARALLEL} at a time on their own paths`,
  );
  const rows: string[] = [];
  for (const scenario of scenarios) {
    // The same testbeds with hosts shared (the product) and, for comparison, every candidate streamed on its own.
    for (const share of [true, false]) {
      const runs: ManyRun[] = [];
      const label = `${scenario.id}${share ? '' : ' (hosts not shared)'}`;
      for (let i = 0; i < RUNS; i++) {
        const seed = FIRST_SEED + i;
        const opts = {
          artifact: ARTIFACT,
          budget: BUDGET,
          truthParallel: TRUTH_PARALLEL,
          perl: HAS_PERL,
          share,
          sim: SIM,
        };
        const r = await manyKindsRun(scenario, seed, opts);
        runs.push(r);
        console.log(manyRunLine(label, seed, r));
      }
      rows.push(manyTableRow(`${label} ${share ? scenario.title : ''}`, runs));
    }
  }
  console.log('');
  for (const l of [...MANY_TABLE_HEAD, ...rows]) console.log(l);
  console.log('');
  console.log(
    `targets: wall ≤ 5 s hard · bytes ≤ ${mb(BUDGET)} MB · whole bench ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

async function main(): Promise<void> {
  if (ONLY === 'many-kinds' || MANY_SCENARIOS.some((m) => m.id === ONLY)) return manyKinds();
  const started = performance.now();
  console.log(
    `bench:probe · ${RUNS} randomised testbeds per scenario · 24 npm mirrors each (16 healthy, 1 stale, 7 broken: 2 refused, 1 ${HAS_PERL ? 'black-holed' : 'hanging (no perl)'}, 1 hanging, 1 headers-then-stall, 1 wrong protocol, 1 HTTP 404)`,
  );
  console.log(
    `ranking estimate for a 5 MB fetch (ARTIFACT ${ARTIFACT.bytes} B, 1 request) · budget ${mb(BUDGET)} MB · ground truth: 5 MB on a fresh connection per mirror, ${TRUTH_PARALLEL} at a time on their own paths`,
  );
  const lines: string[] = [];
  for (const scenario of SCENARIOS.filter((x) => !ONLY || x.id === ONLY)) {
    const runs: RunResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      const seed = FIRST_SEED + i;
      const r = await oneRun(scenario, seed, i === 0);
      runs.push(r);
      console.log(
        `${scenario.id} seed ${seed}: MirrorKit ${s(r.ours.wallMs)} s pick ${r.ours.pick} regret ${x(r.ours.regret)} tau ${x(r.ours.tau)} ${mb(r.ours.bytes)} MB sent (${mb(r.ours.read)} MB read)` +
          ` | nrm ${s(r.nrm.resultsMs)} s${r.nrm.exitMs !== undefined ? ` (exit ${s(r.nrm.exitMs)} s)` : ''} pick ${r.nrm.pick} regret ${x(r.nrm.regret)} tau ${x(r.nrm.tau)} ${mb(r.nrm.bytes)} MB`,
      );
    }
    const o = runs.map((r) => r.ours);
    const n = runs.map((r) => r.nrm);
    const ratio = runs.map((r) => r.ours.wallMs / r.nrm.resultsMs);
    const exit = n.find((v) => v.exitMs !== undefined)?.exitMs;
    lines.push(
      `| ${scenario.id} ${scenario.title} | MirrorKit | ${s(median(o.map((v) => v.wallMs)))} / ${s(
        quantile(
          o.map((v) => v.wallMs),
          0.9,
        ),
      )} / ${s(Math.max(...o.map((v) => v.wallMs)))} | ${x(median(ratio))} (max ${x(Math.max(...ratio))}) | = results | ${x(median(o.map((v) => v.regret)))} | ${x(
        quantile(
          o.map((v) => v.regret),
          0.9,
        ),
      )} | ${x(median(o.map((v) => v.tau)))} | ${mb(median(o.map((v) => v.bytes)))} (max ${mb(Math.max(...o.map((v) => v.bytes)))}) | ${median(o.map((v) => v.flagged))}/${runs[0]?.broken} |`,
      `| | nrm 2.1.0 | ${s(median(n.map((v) => v.resultsMs)))} / ${s(
        quantile(
          n.map((v) => v.resultsMs),
          0.9,
        ),
      )} / ${s(Math.max(...n.map((v) => v.resultsMs)))} | 1.00 | ${exit !== undefined ? `${s(exit)} s (1st testbed)` : '–'} | ${x(median(n.map((v) => v.regret)))} (${x(median(n.map((v) => v.regretHealthy)))} without broken) | ${x(
        quantile(
          n.map((v) => v.regret),
          0.9,
        ),
      )} (${x(
        quantile(
          n.map((v) => v.regretHealthy),
          0.9,
        ),
      )}) | ${x(median(n.map((v) => v.tau)))} | ${mb(median(n.map((v) => v.bytes)))} | ${median(n.map((v) => v.flagged))}/${runs[0]?.broken} |`,
    );
  }
  console.log('');
  console.log(
    '| scenario | tool | time to results, s (median / p90 / max) | ÷ nrm (median) | process exit | 5 MB regret median | regret p90 | Kendall tau-b (16 healthy) | MB moved (median) | broken+stale flagged |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const l of lines) console.log(l);
  console.log('');
  console.log(
    `targets: wall ≤ 5 s hard and ≤ 0.6 × nrm · regret median ≤ 1.10, p90 ≤ 1.25 · tau-b ≥ 0.8 · bytes ≤ ${mb(BUDGET)} MB · whole bench ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

await main();
