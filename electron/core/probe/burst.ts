/**
 * Burst dispersion: the rate a stream's data comes at *while it comes*. In slow start a sender puts its whole
 * window out at once and then waits a round trip, so a far stream's average rate says only how big its window is
 * (hundreds of milliseconds from showing its mirror's cap). Each window, though, crosses the narrowest point of
 * its path, which spreads it out: the mirror's own cap, or the stream's share of a full access link. How fast one
 * burst arrives is that rate after three or four round trips, on little more than 100 KB: the packet-train idea
 * behind pathrate and CapProbe, applied to the bursts TCP sends anyway.
 */

/** Samples further apart than this share of a round trip end a burst: the sender waits for its next window. */
const GAP_SHARE = 1 / 3;
/** The head of a burst may pass at line rate (a shaper's bucket depth, the first segments queued): not counted. */
const HEAD_BYTES = 32 * 1024;
/** A burst is read only when this much came after its head, over at least MIN_SPAN_MS. */
const BURST_MIN_BYTES = 64 * 1024;
const MIN_SPAN_MS = 4;

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
export function lastBurst(all: readonly (readonly [number, number])[], rttMs: number, since = -Infinity): Burst | undefined {
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
  if (bytes < BURST_MIN_BYTES || to - from < MIN_SPAN_MS) return undefined;
  return { from, to, bytes, bps: (bytes * 1000) / (to - from) };
}
