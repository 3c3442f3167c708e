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
