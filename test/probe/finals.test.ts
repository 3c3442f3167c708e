import assert from 'node:assert/strict';
import { test } from 'node:test';

import { probeMirrors } from '../../electron/core/probe';
import { startTestbed, type MirrorSpec } from '../../scripts/bench/testbed';

import { candidates } from './helpers';

test('without a shared link, a finalist whose estimate is far behind the best solo run is not run alone', async () => {
  const mirror = (id: string, rateBps: number): MirrorSpec => ({ id, kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps });
  const specs = [mirror('fast', 15e6), mirror('second', 5e6), mirror('s1', 1e6), mirror('s2', 1.1e6), mirror('s3', 1.2e6), mirror('s4', 1.3e6)];
  const tb = await startTestbed(specs);
  try {
    const report = await probeMirrors(candidates(tb, specs), { artifact: { bytes: 5_000_000, requests: 1 } });
    assert.equal(report.best.npm?.provider, 'fast');
    // Screening alone stops at 2.5 MB; a solo run of its own would have added a second download of 1 MB or more.
    const second = tb.stats.second?.bytes ?? 0;
    assert.ok(second < 2.7e6, `second mirror moved ${second} bytes`);
    assert.ok((report.results.find((r) => r.provider === 'second')?.estimateMs ?? 0) > 900);
  } finally {
    await tb.close();
  }
});

test('after a rotation on a full link, the mirrors seen only at a share run alone, briefly, so that more of them do', async () => {
  const mirror = (id: string, rateBps: number, rttMs: number): MirrorSpec => ({ id, kind: 'npm', behaviour: 'ok', rttMs, rateBps });
  // Every mirror above a quarter of the line looks alike in rotation, so the final takes the nearest four. The
  // fastest alone is the fourth of them: with solo runs of ~0.5 s, only two fitted before the test ran long.
  const specs = [
    mirror('slow1', 1.2e6, 8), mirror('slow2', 1.2e6, 10), mirror('slow3', 1.4e6, 12), mirror('slow4', 1.4e6, 9),
    mirror('mid1', 6e6, 8), mirror('mid2', 6e6, 9), mirror('mid3', 6e6, 10), mirror('best', 16e6, 12),
    mirror('far1', 5e6, 25), mirror('far2', 5e6, 28), mirror('far3', 5e6, 30), mirror('far4', 5e6, 35),
  ];
  const tb = await startTestbed(specs, { linkBps: 12.5e6 });
  try {
    const report = await probeMirrors(candidates(tb, specs), { artifact: { bytes: 5_000_000, requests: 1 } });
    assert.equal(report.best.npm?.provider, 'best');
    assert.ok(report.wallMs < 3500, `took ${report.wallMs} ms`);
  } finally {
    await tb.close();
  }
});

test('a mirror listing an older version than most is not run alone, however fast: it is stale and never picked', async () => {
  const mirror = (id: string, rateBps: number, version?: string): MirrorSpec => ({ id, kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps, ...(version ? { version } : {}) });
  const specs = [mirror('lagging', 15e6, '5.8.0'), mirror('fast', 12e6), mirror('s1', 1e6), mirror('s2', 1.1e6), mirror('s3', 1.2e6), mirror('s4', 1.3e6)];
  const tb = await startTestbed(specs);
  try {
    const report = await probeMirrors(candidates(tb, specs), { artifact: { bytes: 5_000_000, requests: 1 } });
    assert.equal(report.best.npm?.provider, 'fast');
    assert.equal(report.results.find((r) => r.provider === 'lagging')?.outcome, 'stale');
    // Screening stops at 2.5 MB; a solo run would have added a second download of 1 MB or more.
    const lagging = tb.stats.lagging?.bytes ?? 0;
    assert.ok(lagging < 2.7e6, `the stale mirror moved ${lagging} bytes`);
  } finally {
    await tb.close();
  }
});
