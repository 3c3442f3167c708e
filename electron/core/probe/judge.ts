import type { Mirror } from './mirror';
import type { ArtifactProfile } from './types';
import { RAMP_MIN_SPAN_MS, RAMP_SHARE } from './tuning';

export interface Judgement {
  /** Rate over the last window (bytes/s). */
  bps: number;
  /** Estimate if the current rate stays as it is: what the stream is known to achieve. */
  steady: number;
  /** Estimate if the rate kept doubling each round trip; equals `steady` once the stream has stopped growing. */
  optimistic: number;
  /**
   * What it is ranked on: `steady` once levelled off; while ramping, the ramp continued up to `priorBps` (the
   * rate the tool's other mirrors levelled off at), since where this one levels off is not known yet.
   */
  expected: number;
  /** Still ramping up (or too young to tell): not judged on its current rate yet. */
  ramping: boolean;
}

/**
 * Judge a throughput stream at `now`. Far mirrors spend their first round trips in slow start, so their rate in
 * the first window says little about where they will level off: halving them on it would rank a 150 ms, 20 MB/s
 * mirror behind a 10 ms, 2 MB/s one. Such a stream is only stopped when even its optimistic estimate cannot win.
 */
export function judge(
  m: Mirror,
  now: number,
  windowMs: number,
  artifact: ArtifactProfile,
  priorBps?: number,
): Judgement | undefined {
  if (m.firstByteAt === undefined) return undefined;
  const bps = m.rate(now - windowMs, now) ?? m.overallRate();
  if (bps === undefined) return undefined;
  const steady = m.estimate(artifact, bps, now);
  if (steady === undefined) return undefined;
  const rtt = Math.max(20, m.latencyMs() ?? 50);
  const span = Math.max(RAMP_MIN_SPAN_MS, rtt);
  const lastRtt = m.rate(now - span, now);
  const total = m.bytesUntil(now);
  const ramping = lastRtt === undefined || (lastRtt * span) / 1000 >= RAMP_SHARE * total;
  if (!ramping || !lastRtt) return { bps, steady, optimistic: steady, expected: steady, ramping };
  const optimistic = Math.min(steady, m.estimate(artifact, lastRtt, now, { rttMs: rtt, capBps: Infinity }) ?? steady);
  const expected =
    priorBps === undefined
      ? Math.sqrt(steady * optimistic)
      : Math.min(
          steady,
          m.estimate(artifact, lastRtt, now, { rttMs: rtt, capBps: Math.max(priorBps, lastRtt) }) ?? steady,
        );
  return { bps, steady, optimistic, expected, ramping };
}

/** The last three 100 ms rates of a stream vary by less than `cv` of their mean (rate-mirrors' stop rule). */
export function stable(m: Mirror, now: number, cv: number): boolean {
  const rates = [0, 1, 2].map((i) => m.rate(now - (i + 1) * 100, now - i * 100) ?? 0);
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  if (mean === 0) return false;
  const sd = Math.sqrt(rates.reduce((a, r) => a + (r - mean) ** 2, 0) / rates.length);
  return sd / mean <= cv;
}

/**
 * Whether the last two `windowMs` windows carried rates within `ratio` of each other. Slow start doubles the rate
 * every round trip, so a window of at least a round trip still ramping up fails this; a stream that passes has
 * levelled off, and its rate over the two windows is what it does.
 */
export function levelled(m: Mirror, now: number, windowMs: number, ratio: number): boolean {
  const before = m.rate(now - 2 * windowMs, now - windowMs);
  const last = m.rate(now - windowMs, now);
  return before !== undefined && last !== undefined && within(before, last, ratio);
}

/** Two rates agree: both above zero, neither more than `ratio` times the other. */
export function within(a: number, b: number, ratio: number): boolean {
  return a > 0 && b > 0 && a / b <= ratio && b / a <= ratio;
}
