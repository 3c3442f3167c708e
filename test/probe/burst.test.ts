import assert from 'node:assert/strict';
import { test } from 'node:test';

import { lastBurst } from '../../electron/core/probe/burst';

const KB = 1024;

/** A slow-start stream as it arrives: one burst per round trip, `chunks[i]` pieces of 16 KB, `spacingMs(round)` apart. */
function bursts(rttMs: number, chunks: number[], spacingMs: (round: number) => number): [number, number][] {
  const out: [number, number][] = [];
  chunks.forEach((n, round) => {
    for (let i = 0; i < n; i++) out.push([round * rttMs + i * spacingMs(round), 16 * KB]);
  });
  return out;
}

test('a burst arrives at the rate of the narrowest point it crossed, long before the window shows it', () => {
  // 200 ms away, capped at 1.2 MB/s: each 16 KB piece 13.7 ms after the one before. By the third burst (7 pieces,
  // 112 KB) the window rate is ~0.5 MB/s, still doubling; the burst itself came at the cap.
  const samples = bursts(200, [2, 4, 7], () => (16 * KB) / 1.2e3);
  const b = lastBurst(samples, 200);
  assert.ok(b, 'the third burst is big enough to read');
  assert.ok(Math.abs(b.bps - 1.2e6) < 0.05e6, `${b.bps}`);
  assert.equal(b.from, 400 + (16 * KB) / 1.2e3);
});

test('the head of a burst (a shaper letting its bucket out, at line rate) is not counted', () => {
  // Two pieces at once, then the cap: a rate over the whole burst would read 40 % high.
  const samples: [number, number][] = [
    [0, 16 * KB],
    [0.2, 16 * KB],
    ...Array.from({ length: 5 }, (_, i): [number, number] => [0.2 + (i + 1) * 13.65, 16 * KB]),
  ];
  const b = lastBurst(samples, 200);
  assert.ok(b && Math.abs(b.bps - 1.2e6) < 0.05e6, `${b?.bps}`);
});

test('a burst too small to read, or before `since`, gives nothing', () => {
  assert.equal(
    lastBurst(
      bursts(200, [2, 4], () => 5),
      200,
    ),
    undefined,
  );
  const samples = bursts(200, [2, 4, 7], () => 5);
  assert.equal(lastBurst(samples, 200, 450), undefined, 'only the part of the third burst after 450 ms is seen');
  assert.ok(lastBurst(samples, 200, 399));
});

test('the last readable burst counts, the one still arriving included; a continuous stream is one burst', () => {
  // Third burst at 1.2 MB/s, the fourth (arriving, 6 pieces so far) at 3 MB/s: the link gave it more.
  const samples = bursts(200, [2, 4, 7, 6], (round) => (16 * KB) / (round === 3 ? 3e3 : 1.2e3));
  const b = lastBurst(samples, 200);
  assert.ok(b && Math.abs(b.bps - 3e6) < 0.1e6, `${b?.bps}`);
  // No gaps at all: the plain rate.
  const steady = Array.from({ length: 40 }, (_, i): [number, number] => [i * 5, 16 * KB]);
  const c = lastBurst(steady, 100);
  assert.ok(c && Math.abs(c.bps - (16 * KB * 1000) / 5) < 1e3, `${c?.bps}`);
});
