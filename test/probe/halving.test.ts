import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { Judgement } from '../../electron/core/probe/judge';
import type { Mirror } from '../../electron/core/probe/mirror';
import { halvingKeys } from '../../electron/core/probe/halving';

/** A stream as a halving round sees it; alone, its mirror would take its round trip plus 5 MB at the cap given. */
function stream(name: string, rttMs: number, bps: number, opts: { ramping?: boolean; steady?: number } = {}) {
  const m = {
    name,
    soloEstimate: (_: unknown, capBps: number) => 2 * rttMs + (5e6 / capBps) * 1000,
  } as unknown as Mirror;
  const steady = opts.steady ?? 2 * rttMs + (5e6 / bps) * 1000;
  const j: { m: Mirror } & Judgement = {
    m,
    bps,
    steady,
    optimistic: steady,
    expected: steady,
    ramping: opts.ramping ?? false,
  };
  return j;
}
const artifact = () => ({ bytes: 5e6, requests: 1 });

test('streams tied at one ceiling are ranked on what they would do alone there: their round trip decides, not rate noise', () => {
  const near = stream('near', 15, 0.95e6);
  const mid = stream('mid', 60, 1.0e6);
  const far = stream('far', 200, 1.02e6);
  const ramping = stream('ramping', 280, 0.2e6, { ramping: true });
  const capped = stream('capped', 10, 0.4e6);
  const { shared, key } = halvingKeys([far, capped, mid, ramping, near], artifact);
  assert.equal(shared, true);
  const order = [far, capped, mid, ramping, near]
    .sort((a, b) => key(a) - key(b))
    .map((j) => (j.m as unknown as { name: string }).name);
  // The slightly faster rate of `far` is noise on a shared link; a stream still in slow start is given the same
  // ceiling, and one clearly below the ceiling is at its own cap, so it ranks on that cap.
  assert.deepEqual(order, ['near', 'mid', 'far', 'ramping', 'capped']);
});

test('without a group at one ceiling, streams keep their measured estimates', () => {
  const a = stream('a', 15, 8e6);
  const b = stream('b', 200, 3e6);
  const c = stream('c', 30, 1e6);
  const { shared, key } = halvingKeys([a, b, c], artifact);
  assert.equal(shared, false);
  assert.deepEqual([a, b, c].map(key), [a.steady, b.steady, c.steady]);
});
