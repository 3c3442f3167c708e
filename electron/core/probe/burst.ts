import { BURST_MIN_BYTES, BURST_MIN_SPAN_MS, GAP_SHARE, HEAD_BYTES, OWN_CAP_SHARE } from './tuning';
/**
 * Burst dispersion: the rate a stream's data comes at *while it comes*. In slow start a sender puts its whole
 * window out at once and then waits a round trip, so a far stream's average rate says only how big its window is
 * (hundreds of milliseconds from showing its mirror's cap). Each window, though, crosses the narrowest point of
 * its path, which spreads it out: the mirror's own cap, or the stream's share of a full access link. How fast one
 * burst arrives is that rate after three or four round trips, on little more than 100 KB: the packet-train idea
 * behind pathrate and CapProbe, applied to the bursts TCP sends anyway.
 */

export interface Burst {
  /** When the counted part began and ended (the sample clock). */
  from: number;
  to: number;
  /** Bytes counted (after the head). */
  bytes: number;
  bps: number;
}

/**
 * The last burst of the samples ([arrival, bytes], in order) after `since` that is big enough to read, or
 * undefined; the one still arriving counts, since a gap can only come after its last sample. A stream whose bursts
 * run into each other is no longer window-limited: its plain rate says the same then.
 */
export function lastBurst(
  all: readonly (readonly [number, number])[],
  rttMs: number,
  since = -Infinity,
): Burst | undefined {
  const gap = Math.max(1, rttMs) * GAP_SHARE;
  const samples = all.filter(([at]) => at > since);
  let found: Burst | undefined;
  let start = 0;
  for (let i = 1; i <= samples.length; i++) {
    const next = samples[i];
    if (next !== undefined && next[0] - (samples[i - 1] as readonly [number, number])[0] <= gap) continue;
    found = read(samples.slice(start, i)) ?? found;
    start = i;
  }
  return found;
}

function read(burst: readonly (readonly [number, number])[]): Burst | undefined {
  let head = 0;
  let i = 0;
  // The sample that completes the head marks where counting starts; its own bytes arrived before that instant.
  while (i < burst.length && head < HEAD_BYTES) head += (burst[i++] as readonly [number, number])[1];
  if (i === 0 || i >= burst.length) return undefined;
  const from = (burst[i - 1] as readonly [number, number])[0];
  const to = (burst[burst.length - 1] as readonly [number, number])[0];
  let bytes = 0;
  for (let k = i; k < burst.length; k++) bytes += (burst[k] as readonly [number, number])[1];
  if (bytes < BURST_MIN_BYTES || to - from < BURST_MIN_SPAN_MS) return undefined;
  return { from, to, bytes, bps: (bytes * 1000) / (to - from) };
}

/**
 * How long a stream needs from its request to a burst big enough to read: four round trips (the request's, and
 * windows of 1, 2 and 4 × the initial one; the last carries enough), one more on a `fresh` connection (the
 * handshake), and the time that burst takes at a low cap.
 */
export function burstCheckNeedsMs(rttMs: number, fresh = false): number {
  return (fresh ? 5 : 4) * Math.max(1, rttMs) + 80;
}

/**
 * A burst that came well below what it could have had (the fastest stream beside it, or its share of the link
 * among the streams running then) came at its mirror's own cap; otherwise it says only "at least this much".
 */
export function burstAtOwnCap(burstBps: number, couldBps: number): boolean {
  return burstBps < OWN_CAP_SHARE * couldBps;
}
