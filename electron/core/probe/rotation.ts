import { within } from './judge';
import { INITIAL_WINDOW } from './mirror';
import { lagsBehind, newest } from './version';

/**
 * Rotation on a full shared access link (tournament.ts runs it). With every stream on the user's line at once,
 * each gets the same small share, which says only "at least this much" of its mirror, so that halving would keep
 * or drop mirrors at random. Instead at most ROTATE_SLOTS streams hold the link at a time, and the others stop
 * and run again, fresh, as slots free up; each is judged once it has levelled off at its larger share. A mirror
 * seen at a quarter of a home line is known well enough: below that its cap shows, and above it a 5 MB fetch
 * depends mostly on the round trip (slow start). The helpers here decide; the tournament acts.
 */
export const ROTATE_SLOTS = 4;
/** No stream starts in rotation with less time than this before the deadline: the finals need the rest. */
export const ROT_ADMIT_LEFT_MS = 3000;
/** Streams kept running when rotation starts are judged only on what came this long after it (the link settles). */
export const ROT_SETTLE_MS = 150;
/** An early look for a full link, this long after the first stream started, before the first halving round. */
export const EARLY_LOOK_MS = 220;
export const EARLY_WINDOW_MS = 100;
/** The early look needs more evidence than a round: fewer streams have levelled off by then. */
export const EARLY_MIN_LEVELLED = 6;

/** The streams kept running must have sped up by this factor once the others stopped, or there was no full link. */
const CONFIRM_RISE = 1.4;
/**
 * One kept stream this much faster is proof enough: no cap of its own lets a levelled stream jump so, only a freed
 * link. (The kept are the nearest, and near mirrors capped below the share often make up three of the four.)
 */
const STRONG_RISE = 2.5;

/** A stream is judged on two windows this long (a far mirror's at least a round trip: it comes in bursts). */
const ROT_WINDOW_MS = 40;
/** A rotating stream that has not levelled off by then is judged on what it showed. */
const ROT_MAX_RUN_MS = 900;
/** Two consecutive windows within this ratio: the stream has levelled off at its share or its cap. */
const ROT_STEADY = 1.18;
/** Slow start could by then have carried this multiple of a stream's rate: else its window, not its mirror, held it. */
const WINDOW_HEADROOM = 2;
/** On a full link, a stream this far below what it could have had ran at its own cap (the rest were link-held). */
const OWN_CAP_SHARE = 0.75;
/** A full link in a round: this many levelled streams, and this share of them near their median rate. */
const FULL_MIN_LEVELLED = 6;
const FULL_NEAR = 0.6;
const NEAR_MEDIAN = 1.33;

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
 * When rotation checks that it was right: the kept streams have had the link to themselves for a window, after
 * what the stopped streams had in flight drained. Soon, since a wrong rotation costs the restarts it caused.
 */
export const ROT_VERIFY_MS = 50 + ROT_WINDOW_MS;

/**
 * Whether the link really was full: the streams kept running (their rates before and now) took over what the
 * stopped ones freed. Mirrors that merely happen to have similar caps keep their rates, and rotation is undone.
 * Undefined when no kept stream has a rate to compare.
 */
export function rotationConfirmed(kept: readonly { before: number; now: number }[]): boolean | undefined {
  const rises = kept.filter((k) => k.before > 0).map((k) => k.now / k.before);
  if (rises.length === 0) return undefined;
  // Two that sped up are enough: kept streams at their own (low) caps cannot, link or not.
  return rises.filter((r) => r >= CONFIRM_RISE).length >= Math.min(2, rises.length) || rises.some((r) => r >= STRONG_RISE);
}

/** Rotation was right if the streams it left running still carry this share of what the full link did. */
const LINK_HELD = 0.85;

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
export function keptRates<M>(kept: ReadonlyMap<M, number>, now: ReadonlyMap<M, { bps: number }>): { before: number; now: number }[] {
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

/** A far stream beside the slots is read on its bursts (burst.ts) instead of waiting for a slot it would spend ~1 s ramping in. */
export const BURST_CHECK_RTT_MS = 80;

/**
 * How long a stream needs from its request to a burst big enough to read: four round trips (the request's, and
 * windows of 1, 2 and 4 × the initial one; the last carries enough), one more on a `fresh` connection (the
 * handshake), and the time that burst takes at a low cap.
 */
export function burstCheckNeedsMs(rttMs: number, fresh = false): number {
  return (fresh ? 5 : 4) * Math.max(1, rttMs) + 80;
}

/** Far streams may still be read on their bursts this long after admission ends; the finals wait for them. */
export const BURST_GRACE_MS = 300;

/**
 * A burst that came well below what it could have had (the fastest stream beside it, or its share of the link
 * among the streams running then) came at its mirror's own cap; otherwise it says only "at least this much".
 */
export function burstAtOwnCap(burstBps: number, couldBps: number): boolean {
  return burstBps < OWN_CAP_SHARE * couldBps;
}

/** A stream seen at this share of a full link is known well enough: its cap lies between that and the line. */
const KNOWN_SHARE = 0.8;

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

/** The running streams together carry less than this share of the link: it has room, so none is held by it. */
const SPARE_SHARE = 0.8;

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
export function rotationVerdict(s: RotatingStream, ctx: { rotatedAt: number; couldBps: number; final: boolean; spare?: boolean }): RotationVerdict {
  if (s.firstByteAt === undefined || s.bps === undefined) return { done: ctx.final, ownCap: false };
  const w = rotationWindow(s.rttMs);
  const ran = s.now - Math.max(s.firstByteAt, ctx.rotatedAt + ROT_SETTLE_MS);
  const headroom = windowRate(s.now - s.firstByteAt, s.rttMs) >= WINDOW_HEADROOM * s.bps;
  const steady = !s.ramping && headroom && ran >= 2 * w && s.before !== undefined && within(s.bps, s.before, ROT_STEADY);
  return { done: steady || ran >= ROT_MAX_RUN_MS || ctx.final, ownCap: steady && (s.bps < OWN_CAP_SHARE * ctx.couldBps || ctx.spare === true) };
}

/**
 * The order streams run again in: best first by `key`, except that a mirror listing an older version than another
 * (likely stale, so never picked) goes last.
 */
export function requeueOrder<M>(ranked: readonly M[], version: (m: M) => string | undefined): Map<M, number> {
  const top = newest(ranked.map(version).filter((v): v is string => v !== undefined));
  return new Map(ranked.map((m, i) => [m, i + (lagsBehind(version(m), top) ? ranked.length : 0)]));
}
