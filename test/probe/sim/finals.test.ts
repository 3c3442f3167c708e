import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { MirrorSpec } from '../../../scripts/bench/testbed';
import { simulate } from '../../support/sim';

const FIVE_MB = { artifact: { bytes: 5_000_000, requests: 1 } };
const mirror = (id: string, rateBps: number, rttMs = 10, version?: string): MirrorSpec => ({
  id,
  kind: 'npm',
  behaviour: 'ok',
  rttMs,
  rateBps,
  ...(version ? { version } : {}),
});

test('without a shared link, a finalist whose estimate is far behind the best solo run is not run alone', async () => {
  const sim = simulate([
    mirror('fast', 15e6),
    mirror('second', 5e6),
    mirror('s1', 1e6),
    mirror('s2', 1.1e6),
    mirror('s3', 1.2e6),
    mirror('s4', 1.3e6),
  ]);
  const report = await sim.probe(sim.candidates(), FIVE_MB);
  assert.equal(report.best.npm?.provider, 'fast');
  // Screening alone stops at 2.5 MB; a solo run of its own would have added a second download of 1 MB or more.
  const second = sim.stats.second?.bytes ?? 0;
  assert.ok(second < 2.7e6, `second mirror moved ${second} bytes`);
  assert.ok((report.results.find((r) => r.provider === 'second')?.estimateMs ?? 0) > 900);
});

test('after a rotation on a full link, the mirrors seen only at a share run alone, briefly, so that more of them do', async () => {
  // Every mirror above a quarter of the line looks alike in rotation, so the final takes the nearest four. The
  // fastest alone is the fourth of them: with solo runs of ~0.5 s, only two fitted before the test ran long.
  const specs = [
    mirror('slow1', 1.2e6, 8),
    mirror('slow2', 1.2e6, 10),
    mirror('slow3', 1.4e6, 12),
    mirror('slow4', 1.4e6, 9),
    mirror('mid1', 6e6, 8),
    mirror('mid2', 6e6, 9),
    mirror('mid3', 6e6, 10),
    mirror('best', 16e6, 12),
    mirror('far1', 5e6, 25),
    mirror('far2', 5e6, 28),
    mirror('far3', 5e6, 30),
    mirror('far4', 5e6, 35),
  ];
  const sim = simulate(specs, { linkBps: 12.5e6 });
  const report = await sim.probe(sim.candidates(), FIVE_MB);
  assert.equal(report.best.npm?.provider, 'best');
  assert.ok(report.wallMs < 3500, `took ${report.wallMs} ms`);
});

test('a mirror listing an older version than most is not run alone, however fast: it is stale and never picked', async () => {
  const sim = simulate([
    mirror('lagging', 15e6, 10, '5.8.0'),
    mirror('fast', 12e6),
    mirror('s1', 1e6),
    mirror('s2', 1.1e6),
    mirror('s3', 1.2e6),
    mirror('s4', 1.3e6),
  ]);
  const report = await sim.probe(sim.candidates(), FIVE_MB);
  assert.equal(report.best.npm?.provider, 'fast');
  assert.equal(report.results.find((r) => r.provider === 'lagging')?.outcome, 'stale');
  const lagging = sim.stats.lagging?.bytes ?? 0;
  assert.ok(lagging < 2.7e6, `the stale mirror moved ${lagging} bytes`);
});
