import { within } from './judge';

import { lagsBehind, newest } from './version';
import {
  CONFIRM_RISE,
  FULL_MIN_LEVELLED,
  FULL_NEAR,
  INITIAL_WINDOW,
  KNOWN_SHARE,
  LINK_HELD,
  NEAR_MEDIAN,
  OWN_CAP_SHARE,
  ROT_MAX_RUN_MS,
  ROT_SETTLE_MS,
  ROT_STEADY,
  ROT_WINDOW_MS,
  SPARE_SHARE,
  STRONG_RISE,
  WINDOW_HEADROOM,
} from './tuning';

/**
 * Rotation on a full shared access link (rotation-phase.ts runs it). With every stream on the user's line at once,
 * each gets the same small share, which says only "at least this much" of its mirror, so that halving would keep
 * or drop mirrors at random. Instead at most ROTATE_SLOTS streams hold the link at a time, and the others stop
 * and run again, fresh, as slots free up; each is judged once it has levelled off at its larger share. A mirror
 * seen at a quarter of a home line is known well enough: below that its cap shows, and above it a 5 MB fetch
 * depends mostly on the round trip (slow start). The rules here decide; the rotation phase acts.
 */

/**
 * Whether a round's streams share a full link: most levelled streams sit near one rate (their share). Without a
 * shared link the mirrors' own caps spread over orders of magnitude.
 */
export function linkLooksFull(levelledBps: readonly number[], minLevelled = FULL_MIN_LEVELLED): boolean {
  if (levelledBps.length < minLevelled) return false;
  const sorted = [...levelledBps].sort((a, b) => a - b);
  const mid = sorted[Math.floor(sorted.length / 2)] as number;
  const near = sorted.filter((b) => b >= mid / NEAR_MEDIAN && b <= mid * NEAR_MEDIAN).length;
  return near >= FULL_NEAR * sorted.length;
}

/** What slow start alone could carry (bytes/s) `elapsedMs` after the first body byte: the initial window doubled per round trip. */
export function windowRate(elapsedMs: number, rttMs: number): number {
  const rtt = Math.max(1, rttMs);
  return (INITIAL_WINDOW * 2 ** Math.min(40, Math.max(0, elapsedMs) / rtt) * 1000) / rtt;
}

/**
 * Whether the link really was full: the streams kept running (their rates before and now) took over what the
 * stopped ones freed. Mirrors that merely happen to have similar caps keep their rates, and rotation is undone.
 * Undefined when no kept stream has a rate to compare.
 */
export function rotationConfirmed(kept: readonly { before: number; now: number }[]): boolean | undefined {
  const rises = kept.filter((k) => k.before > 0).map((k) => k.now / k.before);
  if (rises.length === 0) return undefined;
  // Two that sped up are enough: kept streams at their own (low) caps cannot, link or not.
  return (
    rises.filter((r) => r >= CONFIRM_RISE).length >= Math.min(2, rises.length) || rises.some((r) => r >= STRONG_RISE)
  );
}

/**
 * Whether the streams left running (kept and far ones read on their bursts) carry nearly what all of them did
 * (`carriedBps`, together): without a full link, the stopped streams' rates would be gone from the total.
 */
export function linkStillHeld(carriedBps: number, linkBps: number): boolean {
  return linkBps > 0 && carriedBps >= LINK_HELD * linkBps;
}

/**
 * The evidence rotationConfirmed weighs: each kept stream's rate when rotation began (they were levelled off then)
 * and now. A kept stream that jumped is counted even if the judge now calls it ramping (most of its bytes came in
 * the last round trip): levelled before, it took what the stopped ones freed, which is the very thing to confirm.
 */
export function keptRates<M>(
  kept: ReadonlyMap<M, number>,
  now: ReadonlyMap<M, { bps: number }>,
): { before: number; now: number }[] {
  return [...kept].flatMap(([m, before]) => {
    const j = now.get(m);
    return j ? [{ before, now: j.bps }] : [];
  });
}

export function rotationWindow(rttMs: number | undefined): number {
  return Math.max(ROT_WINDOW_MS, rttMs ?? 0);
}

/**
 * How long a stream run again needs before it can be judged at `shareBps`: a fresh connection's three round trips
 * to the first body byte (handshake, request, the first window), slow start up to the share, two windows.
 */
export function rerunNeedsMs(rttMs: number, shareBps: number): number {
  const rtt = Math.max(1, rttMs);
  const ramp = Math.log2(Math.max(1, (shareBps * rtt) / 1000 / INITIAL_WINDOW));
  return rtt * (3 + ramp) + 2 * rotationWindow(rtt);
}

/**
 * Whether rotation already showed what a mirror does alone: its own cap, or nearly the whole line. A finalist known
 * so is not run alone again; the finals' time goes to those seen only at a share.
 */
export function knownAlone(ownCap: boolean, bps: number, linkBps: number): boolean {
  return ownCap || (linkBps > 0 && bps >= KNOWN_SHARE * linkBps);
}

export interface RotatingStream {
  now: number;
  firstByteAt?: number;
  rttMs: number;
  /** Rate over the last window and the one before it (rotationWindow), and whether slow start still shows. */
  bps?: number;
  before?: number;
  ramping?: boolean;
}

export interface RotationVerdict {
  /** Judge it now: levelled off and steady, or out of time. */
  done: boolean;
  /** What it showed is its mirror's own cap, not a lower bound. */
  ownCap: boolean;
}

/**
 * Whether the link has room: what all streams carried together (`carriedBps`) against its capacity. A stream
 * levelled off while the link has room is at its mirror's own cap, whatever its share would be: TCP would have
 * taken the room. Slots whose mirrors are capped leave the room to the others, so their rates can sit well above
 * a quarter of the line, and there they are caps, not shares.
 */
export function linkHasRoom(carriedBps: number, linkBps: number): boolean {
  return linkBps > 0 && carriedBps < SPARE_SHARE * linkBps;
}

/**
 * One rotating stream: whether it is done, and whether its rate is its mirror's cap. `couldBps` is what it could
 * have had: the fastest stream beside it, or its slot's share of the link; `spare` that the link has room
 * (linkHasRoom); `rotatedAt` when rotation started (a stream that ran before then is judged only on what came
 * after); `final` when time is up for everyone.
 */
export function rotationVerdict(
  s: RotatingStream,
  ctx: { rotatedAt: number; couldBps: number; final: boolean; spare?: boolean },
): RotationVerdict {
  if (s.firstByteAt === undefined || s.bps === undefined) return { done: ctx.final, ownCap: false };
  const w = rotationWindow(s.rttMs);
  const ran = s.now - Math.max(s.firstByteAt, ctx.rotatedAt + ROT_SETTLE_MS);
  const headroom = windowRate(s.now - s.firstByteAt, s.rttMs) >= WINDOW_HEADROOM * s.bps;
  const steady =
    !s.ramping && headroom && ran >= 2 * w && s.before !== undefined && within(s.bps, s.before, ROT_STEADY);
  return {
    done: steady || ran >= ROT_MAX_RUN_MS || ctx.final,
    ownCap: steady && (s.bps < OWN_CAP_SHARE * ctx.couldBps || ctx.spare === true),
  };
}

/**
 * The order streams run again in: best first by `key`, except that a mirror listing an older version than another
 * (likely stale, so never picked) goes last.
 */
export function requeueOrder<M>(ranked: readonly M[], version: (m: M) => string | undefined): Map<M, number> {
  const top = newest(ranked.map(version).filter((v): v is string => v !== undefined));
  return new Map(ranked.map((m, i) => [m, i + (lagsBehind(version(m), top) ? ranked.length : 0)]));
}
