import assert from 'node:assert/strict';
import { test } from 'node:test';

import { levelled } from '../../electron/core/probe/judge';
import type { Mirror } from '../../electron/core/probe/mirror';

/** A stream whose rate at each moment is `bpsAt(t)` (ms since its first byte). */
const stream = (bpsAt: (t: number) => number) =>
  ({
    rate: (from: number, to: number) => {
      let bytes = 0;
      for (let t = from; t < to; t++) bytes += bpsAt(t) / 1000;
      return to > from ? (bytes * 1000) / (to - from) : undefined;
    },
  }) as unknown as Mirror;

test('a solo run has levelled off when two windows agree; slow start does not', () => {
  // Slow start at a 20 ms round trip, doubling up to a 10 MB/s cap reached at ~120 ms.
  const ramp = stream((t) => Math.min(10e6, 150e3 * 2 ** (t / 20)));
  assert.equal(levelled(ramp, 100, 60, 1.1), false);
  assert.equal(levelled(ramp, 150, 60, 1.1), false);
  assert.equal(levelled(ramp, 250, 60, 1.1), true);
  // A mirror whose rate swings by a third between windows is not levelled at 10 %.
  const swinging = stream((t) => (Math.floor(t / 60) % 2 === 0 ? 6e6 : 8e6));
  assert.equal(levelled(swinging, 240, 60, 1.1), false);
  // Nothing received in a window: not levelled (a stall is not a rate).
  assert.equal(
    levelled(
      stream(() => 0),
      240,
      60,
      1.1,
    ),
    false,
  );
});
