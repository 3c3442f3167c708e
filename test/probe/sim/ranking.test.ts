import assert from 'node:assert/strict';
import { test } from 'node:test';

import { GUESSED_NOTE } from '../../../electron/core/probe/types';
import type { MirrorSpec } from '../../../scripts/bench/testbed';
import { simulate } from '../../support/sim';
import { byProvider } from '../helpers';

const specs: MirrorSpec[] = [
  { id: 'near-slow', kind: 'npm', behaviour: 'ok', rttMs: 5, rateBps: 1.5e6 },
  { id: 'far-fast', kind: 'npm', behaviour: 'ok', rttMs: 40, rateBps: 20e6 },
  { id: 'mid', kind: 'npm', behaviour: 'ok', rttMs: 15, rateBps: 5e6 },
  { id: 'twin-a', kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps: 6e6 },
  { id: 'twin-b', kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps: 6e6 },
  { id: 'm6', kind: 'npm', behaviour: 'ok', rttMs: 20, rateBps: 3e6 },
  { id: 'm7', kind: 'npm', behaviour: 'ok', rttMs: 25, rateBps: 5e6 },
  { id: 'broken', kind: 'npm', behaviour: 'http404' },
];

test('a 5 MB ranking prefers throughput over a few ms of latency; a 1 MB × 20-request one prefers latency', async () => {
  const sim = simulate(specs);
  const big = await sim.probe(sim.candidates(), { artifact: { bytes: 5_000_000, requests: 1 } });
  assert.equal(big.best.npm?.url, sim.url['far-fast']);
  assert.notEqual(big.results[0]?.provider, 'near-slow');
  const chatty = await simulate(specs).probe(sim.candidates(), { artifact: { bytes: 100_000, requests: 40 } });
  assert.notEqual(chatty.best.npm?.url, sim.url['far-fast']);
  assert.ok(
    (byProvider(chatty.results, 'far-fast').estimateMs as number) >
      (byProvider(chatty.results, 'near-slow').estimateMs as number),
  );
});

test('within 10% of the best, the current mirror is kept; the comparison with it is reported', async () => {
  const sim = simulate(specs);
  const cands = sim.candidates().filter((c) => c.provider?.startsWith('twin'));
  const report = await sim.probe(cands.map((c) => (c.provider === 'twin-b' ? { ...c, current: true } : c)));
  const pick = report.best.npm;
  assert.ok(pick);
  // Twins: the margin is small, so the current one stays.
  assert.equal(pick.confident, false);
  assert.equal(pick.url, sim.url['twin-b']);
  assert.equal(report.results[0]?.url, pick.url);
  const cmp = report.currentComparison?.npm;
  assert.equal(cmp?.url, sim.url['twin-b']);
  assert.ok(cmp?.ratio !== undefined && cmp.ratio >= 1);
});

test('quick mode measures throughput on 3 mirrors at most and stays within 10 MB', async () => {
  const sim = simulate(specs);
  const report = await sim.probe(sim.candidates(), { quick: true });
  const measured = report.results.filter((r) => r.throughputBps !== undefined);
  assert.ok(measured.length >= 1 && measured.length <= 3, `${measured.length} measured`);
  assert.ok(report.results.some((r) => r.reason?.code === 'probe.note.quick'));
  assert.ok(report.bytes <= 10_000_000, `${report.bytes} bytes`);
  assert.ok(report.best.npm);
});

test('the byte budget is respected', async () => {
  const sim = simulate(specs);
  const report = await sim.probe(sim.candidates(), { budgetBytes: 3_000_000 });
  assert.ok(report.bytes <= 3_000_000 + 1_000_000, `${report.bytes} bytes`);
  assert.ok(report.best.npm);
});

test('a far, fast mirror ranks above a near one capped far below it, and is not the pick unless measured alone', async () => {
  const mirror = (id: string, rateBps: number, rttMs: number): MirrorSpec => ({
    id,
    kind: 'npm',
    behaviour: 'ok',
    rttMs,
    rateBps,
  });
  // Far, fast: 5 MB alone take about 2 s (slow start over 200 ms round trips). Near but capped at 0.4 MB/s: 12 s.
  const sim = simulate([
    mirror('near1', 8e6, 10),
    mirror('near2', 6e6, 12),
    mirror('near3', 5e6, 15),
    mirror('capped', 0.4e6, 10),
    mirror('far', 10e6, 200),
  ]);
  const report = await sim.probe(sim.candidates(), { artifact: { bytes: 5_000_000, requests: 1 } });
  const far = byProvider(report.results, 'far');
  const rank = (id: string): number => report.results.findIndex((r) => r.provider === id);
  assert.ok(far.estimateMs !== undefined);
  assert.ok(rank('far') < rank('capped'));
  assert.ok((far.estimateMs as number) < (byProvider(report.results, 'capped').estimateMs as number));
  assert.notEqual(report.best.npm?.provider, 'far');
  if (far.throughputBps === undefined && far.outcome === 'ok') assert.equal(far.reason?.code, GUESSED_NOTE);
});
