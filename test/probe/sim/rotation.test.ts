import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { MirrorSpec } from '../../../scripts/bench/testbed';
import { simulate } from '../../support/sim';
import { byProvider } from '../helpers';

const FIVE_MB = { artifact: { bytes: 5_000_000, requests: 1 } };
const mirror = (id: string, rateBps: number, rttMs: number): MirrorSpec => ({
  id,
  kind: 'npm',
  behaviour: 'ok',
  rttMs,
  rateBps,
});
const capped = [
  mirror('slow1', 1.2e6, 8),
  mirror('slow2', 1.2e6, 10),
  mirror('slow3', 1.4e6, 12),
  mirror('slow4', 1.4e6, 9),
];
const fast = [
  mirror('fast1', 15e6, 20),
  mirror('fast2', 15e6, 25),
  mirror('fast3', 15e6, 30),
  mirror('fast4', 15e6, 15),
];

test('on a shared full link, capped mirrors are measured at their caps and rank below the fast ones', async () => {
  const sim = simulate([...capped, ...fast], { linkBps: 12.5e6 });
  const report = await sim.probe(sim.candidates(), FIVE_MB);
  assert.ok(report.wallMs <= 5000);
  const rank = (id: string): number => report.results.findIndex((r) => r.provider === id);
  for (const s of capped.map((m) => m.id)) {
    for (const f of fast.map((m) => m.id)) assert.ok(rank(f) < rank(s), `${f} above ${s}`);
    // Seen at its own cap (5 MB at ~1.2-1.4 MB/s), not guessed up from a share of the link.
    const est = byProvider(report.results, s).estimateMs ?? 0;
    assert.ok(est > 2800 && est < 6000, `${s}: ${est} ms`);
  }
  assert.match(report.best.npm?.provider ?? '', /^fast/);
});

test('on a shared full link, far mirrors are read on their bursts: a far capped one ranks below a farther fast one', async () => {
  // Too far to run again in a rotation slot before admission ends; nearer than farFast, but capped at 1.2 MB/s.
  const sim = simulate([...capped, ...fast, mirror('farCapped', 1.2e6, 150), mirror('farFast', 15e6, 200)], {
    linkBps: 12.5e6,
  });
  const report = await sim.probe(sim.candidates(), FIVE_MB);
  const far = byProvider(report.results, 'farCapped');
  // Read at its cap, not guessed up from the share every stream had before rotation.
  assert.ok(Math.abs((far.throughputBps ?? 0) - 1.2e6) < 0.35e6, `farCapped at ${far.throughputBps} B/s`);
  assert.ok((far.estimateMs ?? 0) > 3500, `farCapped: ${far.estimateMs} ms (5 MB at 1.2 MB/s)`);
  const rank = (id: string): number => report.results.findIndex((r) => r.provider === id);
  assert.ok(rank('farFast') < rank('farCapped'), 'farFast above farCapped');
});

test('mirrors that merely have similar caps are not taken for a full link: no rotation, halving picks the fastest', async () => {
  // Eight mirrors near 2 MB/s with no shared link look like a link's shares at first; the kept streams do not speed
  // up when the others stop, so rotation is undone (or never starts) and the 3 MB/s one still wins.
  const specs = [
    ...[1.9e6, 2e6, 2.1e6, 2e6, 1.95e6, 2.05e6, 2e6].map((r, i) => mirror(`m${i}`, r, 10 + i)),
    mirror('best', 3e6, 12),
  ];
  const sim = simulate(specs);
  const report = await sim.probe(sim.candidates(), FIVE_MB);
  assert.equal(report.best.npm?.provider, 'best');
  for (const r of report.results) assert.ok((r.throughputBps ?? 0) < 3.1e6, `${r.provider} at ${r.throughputBps}`);
});

test('on a full link a near fast mirror beats a nearer one capped just above a quarter of the line', async () => {
  const specs = [
    ...capped,
    mirror('capped4', 4e6, 6),
    mirror('fast', 20e6, 15),
    ...[5, 6, 7].map((i) => mirror(`mid${i}`, 2.5e6, 8 + i)),
  ];
  const sim = simulate(specs, { linkBps: 12.5e6 });
  const report = await sim.probe(sim.candidates(), FIVE_MB);
  assert.equal(report.best.npm?.provider, 'fast');
  assert.ok((byProvider(report.results, 'fast').throughputBps ?? 0) > 8e6);
});
