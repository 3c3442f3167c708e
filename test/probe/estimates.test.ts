import assert from 'node:assert/strict';
import { test } from 'node:test';

import { probeMirrors } from '../../electron/core/probe';
import { promoteMeasured } from '../../electron/core/probe/rank';
import { GUESSED_NOTE } from '../../electron/core/probe/types';
import { startTestbed, type MirrorSpec } from '../../scripts/bench/testbed';

import { byProvider, candidates } from './helpers';

test('first place goes to the best-known mirror; everything below it stays in order of estimate', () => {
  type Row = { id: string; est: number; known: number };
  const rows: Row[] = [
    { id: 'guess', est: 500, known: 0 },
    { id: 'shared', est: 700, known: 1 },
    { id: 'alone', est: 900, known: 2 },
    { id: 'shared2', est: 950, known: 1 },
    { id: 'alone2', est: 1200, known: 2 },
  ];
  const order = (xs: Row[]): string[] => {
    const copy = [...xs];
    promoteMeasured(copy, () => true, (r) => r.known);
    return copy.map((r) => r.id);
  };
  // Before, every finalist ranked above every other mirror: alone2 (1.2 s) above shared (0.7 s).
  assert.deepEqual(order(rows), ['alone', 'guess', 'shared', 'shared2', 'alone2']);
  // Without a finalist, a measured rate still beats a guess from latency alone.
  assert.deepEqual(order(rows.filter((r) => r.known < 2)), ['shared', 'guess', 'shared2']);
  // An unusable top (say, every mirror broken) is left alone.
  const broken = [...rows];
  promoteMeasured(broken, (r) => r.id !== 'guess', (r) => r.known);
  assert.equal(broken[0]?.id, 'guess');
});

test('a far, fast mirror ranks above a near one capped far below it, and is not the pick unless measured alone', async () => {
  const mirror = (id: string, rateBps: number, rttMs: number): MirrorSpec => ({ id, kind: 'npm', behaviour: 'ok', rttMs, rateBps });
  // Far, fast: 5 MB alone take about 2 s (slow start over 200 ms round trips). Near but capped at 0.4 MB/s: 12 s.
  const specs = [mirror('near1', 8e6, 10), mirror('near2', 6e6, 12), mirror('near3', 5e6, 15), mirror('capped', 0.4e6, 10), mirror('far', 10e6, 200)];
  const tb = await startTestbed(specs);
  try {
    const report = await probeMirrors(candidates(tb, specs), { artifact: { bytes: 5_000_000, requests: 1 } });
    const far = byProvider(report.results, 'far');
    const capped = byProvider(report.results, 'capped');
    const rank = (id: string): number => report.results.findIndex((r) => r.provider === id);
    const summary = report.results.map((r) => `${r.provider} ${r.outcome} est ${r.estimateMs} bps ${r.throughputBps} ${r.reason?.code ?? ''}`).join('; ');
    assert.ok(far.estimateMs !== undefined, summary);
    assert.ok(rank('far') < rank('capped'), summary);
    assert.ok((far.estimateMs as number) < (capped.estimateMs as number), summary);
    // Never the pick on a guess.
    assert.notEqual(report.best.npm?.provider, 'far');
    if (far.throughputBps === undefined && far.outcome === 'ok') assert.equal(far.reason?.code, GUESSED_NOTE);
  } finally {
    await tb.close();
  }
});
