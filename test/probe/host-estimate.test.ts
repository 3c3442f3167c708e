import assert from 'node:assert/strict';
import { test } from 'node:test';

import { scaleBody } from '../../electron/core/probe/host-estimate';
import { soloBodyTime } from '../../electron/core/probe/link';

const W = 14_600;

test('one host, another artifact: the body is re-timed at the cap that explains what was measured', () => {
  // 10 MB took what a 5 MB/s host 100 ms away takes alone: 1 MB from it takes what that host takes for 1 MB.
  const measured = soloBodyTime(10e6, 100, W, 5e6);
  const oneMb = scaleBody(measured, 10e6, 1e6, 100, W);
  assert.ok(Math.abs(oneMb - soloBodyTime(1e6, 100, W, 5e6)) < 2, `${oneMb}`);
  // Scaled by size alone it would be a tenth (~230 ms): the far host's slow start is what 1 MB mostly costs.
  assert.ok(oneMb > 1.5 * (measured / 10), `${oneMb} against ${measured / 10}`);
  // Same size: as measured, whatever the model says.
  assert.equal(scaleBody(1234, 5e6, 5e6, 100, W), 1234);
});

test('a larger artifact from a slower host takes longer, and the time never falls as the size grows', () => {
  const fast = soloBodyTime(5e6, 30, W, 10e6);
  const slow = soloBodyTime(5e6, 30, W, 2e6);
  let last = 0;
  for (const size of [1e5, 1e6, 5e6, 2e7, 1e8]) {
    const a = scaleBody(fast, 5e6, size, 30, W);
    const b = scaleBody(slow, 5e6, size, 30, W);
    assert.ok(b >= a, `${size}: ${b} < ${a}`);
    assert.ok(a >= last, `${size}: ${a} < ${last}`);
    last = a;
  }
  // Faster than slow start allows (a measurement beats the model): the size is timed at the fastest cap.
  const quick = scaleBody(1, 5e6, 20e6, 30, W);
  assert.ok(Number.isFinite(quick) && quick >= 0);
});
