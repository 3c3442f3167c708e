import { GAIN_POINTS, KEPT_TOTAL, MIN_FREED_SHARE, NO_RESPONSE, RESPONSE_RISE, SOLO_RISE } from './tuning';
/**
 * A shared access link (the user's own line) caps the sum of the concurrent streams, not each one: with 16
 * streams on a 12.5 MB/s line each sees ~0.8 MB/s whatever its mirror could do alone. A rate seen while the
 * link was full is then only a lower bound of the mirror's own cap (a censored measurement). These helpers tell
 * such rounds apart from ones where each stream ran at its mirror's cap, and estimate what a mirror would do
 * alone from what is known: its round trip (slow start) and the bounds of its cap.
 */

export interface RoundRate {
  bps: number;
  /** Still in slow start: its rate grows whatever the others do. */
  ramping: boolean;
}

export interface LinkResponse<K> {
  /** True: the link was full (survivors took over the freed share); false: it was not; undefined: no evidence. */
  limited?: boolean;
  /** Survivors that did not speed up although capacity was freed: what they showed is their own cap. */
  atOwnCap: K[];
}

/**
 * Compare two consecutive rounds of one tool's screening. `before` holds every stream judged in the earlier
 * round (the ones stopped since included), `after` the streams judged in the later one. Only streams levelled
 * off in both rounds are evidence: a stream in slow start speeds up on its own. The median survivor's rise
 * decides, so that one stream at its own cap among link-held ones does not hide the link.
 */
export function linkResponse<K>(before: Map<K, RoundRate>, after: Map<K, RoundRate>): LinkResponse<K> {
  const total = [...before.values()].reduce((a, r) => a + r.bps, 0);
  const freed = [...before].filter(([k]) => !after.has(k)).reduce((a, [, r]) => a + r.bps, 0);
  if (total <= 0 || freed < MIN_FREED_SHARE * total) return { atOwnCap: [] };
  const rises: [K, number][] = [];
  for (const [k, a] of after) {
    const b = before.get(k);
    if (!b || b.ramping || a.ramping || b.bps <= 0) continue;
    rises.push([k, a.bps / b.bps]);
  }
  if (rises.length === 0) return { atOwnCap: [] };
  const sorted = rises.map(([, r]) => r).sort((x, y) => x - y);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  // A full link also keeps the total up: what the stopped streams freed is taken over. Without a shared link the
  // total falls with them; rates that rise while the total falls are a busy machine recovering, not a link.
  const kept = [...after.values()].reduce((a, r) => a + r.bps, 0) >= KEPT_TOTAL * total;
  const limited = mid >= RESPONSE_RISE && kept ? true : mid < NO_RESPONSE ? false : undefined;
  return {
    ...(limited !== undefined ? { limited } : {}),
    atOwnCap: rises.filter(([, r]) => r < NO_RESPONSE).map(([k]) => k),
  };
}

/**
 * A finalist's solo run against its rate in screening: alone, a stream held back by a full link speeds up to the
 * link's (or its own) cap; one that ran at its own cap in screening shows about the same rate. True: screening
 * shared a full link; false: it did not; undefined: the solo run is no evidence (too short to level off).
 */
export function soloResponse(screenBps: number | undefined, solo: RoundRate | undefined): boolean | undefined {
  if (!screenBps || !solo || solo.bps <= 0) return undefined;
  const rise = solo.bps / screenBps;
  if (rise >= SOLO_RISE) return true;
  return !solo.ramping && rise < NO_RESPONSE ? false : undefined;
}

/**
 * The cap to assume for a mirror known only to reach `lowerBps` on a full link whose capacity is `linkBps`: the
 * geometric mean of the two bounds, the median of a scale-free (log-uniform) prior between them. Mirror caps
 * spread over orders of magnitude, so the middle in ratio terms is the unbiased guess; it keeps the order of
 * the lower bounds (a stream that got more of the link ranks higher) without claiming the link's full rate.
 */
export function capGuess(lowerBps: number, linkBps: number): number {
  if (!(linkBps > lowerBps) || lowerBps <= 0) return Math.max(lowerBps, 0);
  return Math.sqrt(lowerBps * linkBps);
}

/**
 * Where a finalist's solo run, still in slow start, can be expected to level off. After a full shared link
 * (`linkBps` given), not at the share the screening streams levelled off at, but at the middle guess between what it
 * carries now and the line it has to itself; without one, where the tool's other mirrors levelled off.
 */
export function soloPrior(
  nowBps: number,
  linkBps: number | undefined,
  levelledBps: number | undefined,
): number | undefined {
  return linkBps === undefined ? levelledBps : capGuess(nowBps, linkBps);
}

/**
 * What running a mirror alone can be expected to gain over `leaderMs`, the estimate of the finalist already
 * chosen: the mean of max(0, leaderMs - time(cap)) over its cap's prior, log-uniform between `lowerBps` (the
 * rate it showed) and `linkBps` (a cap above the link's changes nothing). Censored mirrors seen at a small share
 * have a wide prior: a near one may well beat the leader, which its middle estimate (capGuess) hides behind a
 * mirror that happened to be seen at a larger share. `ownCap`: the rate shown is its cap, nothing is uncertain.
 */
export function expectedGain(
  time: (capBps: number) => number,
  lowerBps: number,
  linkBps: number,
  ownCap: boolean,
  leaderMs: number,
): number {
  if (ownCap || !(linkBps > lowerBps) || lowerBps <= 0) return Math.max(0, leaderMs - time(Math.max(lowerBps, 1)));
  const lo = Math.log(lowerBps);
  const span = Math.log(linkBps) - lo;
  let sum = 0;
  for (let k = 0; k < GAIN_POINTS; k++)
    sum += Math.max(0, leaderMs - time(Math.exp(lo + ((k + 0.5) / GAIN_POINTS) * span)));
  return sum / GAIN_POINTS;
}

/**
 * The `n` mirrors (with their estimates) most worth running alone: by expected gain over the leader, then by
 * estimate. One that could not beat the leader even at the line's full rate (gain 0) is left out: its solo run would
 * stop as beaten before it showed anything, and only hold the test up.
 */
export function byGain<M>(
  ranked: readonly [M, number | undefined][],
  gain: ReadonlyMap<M, number>,
  n: number,
): [M, number | undefined][] {
  return ranked
    .filter(([m]) => (gain.get(m) ?? 0) > 0)
    .sort((a, b) => (gain.get(b[0]) ?? 0) - (gain.get(a[0]) ?? 0) || (a[1] ?? Infinity) - (b[1] ?? Infinity))
    .slice(0, Math.max(0, n));
}

/**
 * Time (ms) from the first body byte until `size` body bytes alone on a fresh connection: the first byte comes
 * with `firstBytes` (the initial congestion window), each further round trip brings twice the last (slow start) until the rate reaches `capBps`.
 * This is what a far mirror costs even when its cap is high, and what a measurement on a shared link hides.
 */
export function soloBodyTime(size: number, rttMs: number, firstBytes: number, capBps: number): number {
  if (size <= 0) return 0;
  const rtt = Math.max(1, rttMs);
  const first = Math.max(1, Math.min(firstBytes, (capBps * rtt) / 1000));
  // The first window arrives with the first byte; the clock starts there, as for a measured stream.
  if (first >= size) return 0;
  return rampTime(size - first, (first * 1000) / rtt, { rttMs: rtt, capBps });
}

export interface Ramp {
  rttMs: number;
  capBps: number;
}

/** Time (ms) for `rest` bytes when the rate, now `bps`, doubles every round trip until `capBps`. */
export function rampTime(rest: number, bps: number, ramp: Ramp): number {
  const rtt = ramp.rttMs / 1000;
  let perRtt = bps * rtt;
  let t = 0;
  for (let i = 0; i < 64 && rest > 0 && perRtt / rtt < ramp.capBps; i++) {
    perRtt = Math.min(perRtt * 2, ramp.capBps * rtt);
    if (perRtt >= rest) return (t + (rest / perRtt) * rtt) * 1000;
    rest -= perRtt;
    t += rtt;
  }
  return (t + rest / Math.min(ramp.capBps, perRtt / rtt)) * 1000;
}
