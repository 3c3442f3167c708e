import { judge, levelled, stable } from './judge';
import { byGain, expectedGain, soloPrior } from './link';
import type { Mirror } from './mirror';
import { knownAlone } from './rotation';
import { Bests } from './halving';
import type { SharedLink } from './shared-link';
import type { TournamentCtx } from './tournament-ctx';
import {
  CANNOT_WIN,
  EXTRA_SOLO_LEFT_MS,
  FINALISTS,
  SOLO_MAX_MS,
  SOLO_MIN_BYTES,
  SOLO_MIN_MS,
  SOLO_MIN_ROTATED_MS,
  SOLO_NEEDS_MS,
  SOLO_STEADY,
  SOLO_WINDOW_MS,
  STABLE_CV,
  TIED_FINALISTS,
  TIED_SHARE,
  WINDOW_MS,
} from './tuning';

/** What the finals need of the tournament they end (tournament.ts). */
export interface FinalsHost {
  readonly ctx: TournamentCtx;
  readonly link: SharedLink;
  closed(): boolean;
  /** Where the tool's levelled-off streams settled in the last round (bytes/s). */
  levelledMedian(): number | undefined;
  settleMeasured(m: Mirror, est: number | undefined, evidence: 'solo' | 'measured'): void;
  /** The estimate from a stream's own samples, projected from where it stopped. */
  measuredEstimate(m: Mirror): number | undefined;
  /** What is known of the link changed: estimates made on it are revised. */
  linkChanged(): void;
}

/** Where rotation left the streams, when screening rotated (rotation-phase.ts). */
export interface Rotated {
  firstShare: number;
}

type Ranked = [Mirror, number | undefined];

/**
 * The final: the best two (up to four on a full link) run alone, one after the other, on fresh connections,
 * which is what the user's own fetch will look like. A late liveness answer that can still win gets its own solo
 * run. A finalist that cannot run alone in time ranks with the others on its screening estimate.
 */
export class Finals {
  private readonly queue: Mirror[] = [];
  /** A finalist's screening estimate, kept in case its solo run cannot happen. */
  private readonly fallbacks = new Map<Mirror, number>();
  private solo?: { m: Mirror; stop: AbortController; fallback?: number; est?: number; ramping?: boolean | undefined };
  /** Per tool measured on the finalists' hosts, the best estimate from a solo run so far. */
  private readonly bestSolo: Bests;
  private readonly finalists = new Set<Mirror>();
  /** Finalists beyond the usual two (finalistCount): run alone only while time allows (EXTRA_SOLO_LEFT_MS). */
  private readonly extras = new Set<Mirror>();
  private rotated?: Rotated;
  private started = false;
  private over = false;

  constructor(private readonly host: FinalsHost) {
    this.bestSolo = new Bests(host.ctx.groupsOf);
  }

  get done(): boolean {
    return this.over;
  }

  isFinalist(m: Mirror): boolean {
    return this.finalists.has(m);
  }

  /** A mirror whose liveness answer came after screening: it runs alone once the finalists have. */
  joinLate(m: Mirror): void {
    this.queue.push(m);
    if (this.over && !this.solo) this.next();
  }

  /**
   * Screening is over: `ranked` are the held streams, best first; `eligible` tells which may run alone (a mirror
   * listing an older version than most is stale and never picked, whatever its speed); `rotated` when screening
   * rotated.
   */
  start(ranked: Ranked[], eligible: (m: Mirror) => boolean, rotated: Rotated | undefined): void {
    const { ctx, link } = this.host;
    this.rotated = rotated;
    this.started = true;
    // Late liveness answers that came while screening wound down run after the finalists, not before them.
    const late = this.queue.splice(0);
    const finalists = ctx.quick
      ? []
      : this.cover(ranked.filter(([m]) => eligible(m))).filter(([, est]) => est !== undefined);
    for (const [m] of finalists) this.finalists.add(m);
    for (const [m] of finalists.slice(FINALISTS)) this.extras.add(m);
    for (const [m, est] of ranked)
      if (!this.finalists.has(m)) this.host.settleMeasured(m, est, ctx.quick ? 'solo' : 'measured');
    if (finalists.length === 1) {
      const [m, est] = finalists[0] as Ranked;
      this.host.settleMeasured(m, est, 'solo');
    } else
      for (const [m, est] of finalists) {
        const known =
          rotated !== undefined && est !== undefined && knownAlone(link.atOwnCap(m), link.rateOf(m), link.capacityBps);
        if (!known) {
          this.fallbacks.set(m, est as number);
          this.queue.push(m);
          continue;
        }
        // Its rotation run already showed what it does alone: a solo run would only spend the finals' time.
        this.bestSolo.note(m, est);
        this.host.settleMeasured(m, est, 'solo');
      }
    this.queue.push(...late);
    this.next();
  }

  /**
   * The finalists (choose), and with several tools in one phase, each tool's best-ranked host not among them, as an
   * extra finalist (run alone while time allows): first place goes to what ran alone, so without its own a tool
   * would get a host chosen for another tool over its own better one.
   */
  private cover(ranked: Ranked[]): Ranked[] {
    const out = this.choose(ranked);
    const seen = new Set<string>();
    for (const r of ranked) {
      const fresh = this.host.ctx.groupsOf(r[0]).filter((g) => !seen.has(g));
      for (const g of fresh) seen.add(g);
      if (fresh.length > 0 && r[1] !== undefined && !out.includes(r)) out.push(r);
    }
    return out;
  }

  /**
   * The best estimate leads. After a rotation the others were seen at shares of a full link, so their estimates
   * are middles of wide ranges: the rest of the finalists are those whose solo run can be expected to gain most
   * over the leader (expectedGain), which favours near mirrors seen only at a small share over one that happened
   * to get a larger share and so a better middle.
   */
  private choose(ranked: Ranked[]): Ranked[] {
    const { ctx, link } = this.host;
    const count = this.count(ranked);
    const r = this.rotated;
    const [lead, ...rest] = ranked;
    if (!r || lead?.[1] === undefined) return ranked.slice(0, count);
    const leadMs = lead[1];
    const gain = new Map(
      rest.map(([m]) => {
        const lower = Math.max(link.rateOf(m), link.atOwnCap(m) ? 0 : r.firstShare);
        return [
          m,
          expectedGain(
            (cap) => m.soloEstimate(ctx.artifact(m), cap) ?? Infinity,
            lower,
            link.capacityBps,
            link.atOwnCap(m),
            leadMs,
          ),
        ];
      }),
    );
    return [lead, ...byGain(rest, gain, count - 1)];
  }

  /**
   * Two finalists, unless screening ended on a full shared link (after a rotation, or with the held streams still
   * tied): their rates were then shares of the link, and which of them is fastest alone is only known by running
   * them alone. Up to TIED_FINALISTS then, as time allows; a solo run stops once levelled off, or early when it
   * cannot beat the best one so far, so the extra ones are short.
   */
  private count(ranked: Ranked[]): number {
    if (!this.host.link.full) return FINALISTS;
    // After a rotation every estimate but own caps is a middle of a range: as many as time allows run alone.
    if (this.rotated) return TIED_FINALISTS;
    const best = ranked[0]?.[1];
    if (best === undefined) return FINALISTS;
    const tied = ranked.filter(([, est]) => est !== undefined && est * TIED_SHARE <= best).length;
    return Math.min(TIED_FINALISTS, Math.max(FINALISTS, tied));
  }

  private next(): void {
    const { ctx, link } = this.host;
    this.solo = undefined;
    const m = this.queue.shift();
    if (!m) {
      this.over = this.started;
      return;
    }
    const fallback = this.fallbacks.get(m);
    const cap = Math.min(ctx.perMirrorCap, ctx.bytesLeft() / (this.queue.length + 1));
    // The extra finalists of a tied shared-link screening are worth their time only while the test stays short.
    const late = this.extras.has(m) && ctx.timeLeft() < EXTRA_SOLO_LEFT_MS;
    // Without a full link its screening rate was its own, so an estimate far behind the best solo run cannot win.
    const beaten =
      link.state === 'not-full' &&
      fallback !== undefined &&
      fallback > CANNOT_WIN * (this.bestSolo.toBeat(m) ?? Infinity);
    if (
      this.host.closed() ||
      late ||
      beaten ||
      !ctx.mayDownload() ||
      cap < SOLO_MIN_BYTES ||
      ctx.timeLeft() < SOLO_NEEDS_MS
    ) {
      // Not run alone, it ranks with the others on its screening estimate: first place is for measured solo runs.
      if (fallback !== undefined) this.host.settleMeasured(m, fallback, 'measured');
      else ctx.unmeasured(m, 'probe.note.global');
      return this.next();
    }
    m.resetThroughput();
    const solo: NonNullable<Finals['solo']> = {
      m,
      stop: new AbortController(),
      ...(fallback !== undefined ? { fallback } : {}),
    };
    this.solo = solo;
    void m.measure(solo.stop.signal, cap, 'solo').then(() => {
      if (m.failure) ctx.settle(m, m.failure.outcome);
      else {
        const est = solo.est ?? this.host.measuredEstimate(m) ?? solo.fallback;
        if (est !== undefined) this.bestSolo.note(m, est);
        link.observeSolo(m, m.throughputBps, solo.ramping ?? false);
        this.host.linkChanged();
        this.host.settleMeasured(m, est, 'solo');
      }
      this.next();
    });
  }

  /** Watch the solo run: stop it once its rate is known well enough. */
  tick(now: number): void {
    const { ctx, link } = this.host;
    const solo = this.solo;
    if (!solo || solo.m.firstByteAt === undefined || solo.stop.signal.aborted) return;
    const ran = now - solo.m.firstByteAt;
    if (ran < (this.rotated ? SOLO_MIN_ROTATED_MS : SOLO_MIN_MS)) return;
    // After a rotation, up to four finalists share the time left: each stops once levelled off over two short
    // windows, and is read over those so that the ramp before does not pull its rate down. (Without one, two
    // finalists have time for the longer reading, which ranked S1's testbeds better: tau 0.86 against 0.82.)
    const w = Math.max(SOLO_WINDOW_MS, solo.m.latencyMs() ?? 0);
    const settled = this.rotated !== undefined && ran >= 2 * w && levelled(solo.m, now, w, SOLO_STEADY);
    const prior = soloPrior(
      solo.m.rate(now - w, now) ?? 0,
      link.full ? link.capacityBps : undefined,
      this.host.levelledMedian(),
    );
    const j = judge(solo.m, now, settled ? 2 * w : WINDOW_MS, ctx.artifact(solo.m), prior);
    // Enough: the rate is stable, the time is up, or even optimistically it cannot beat the finalist before it.
    const beaten = j !== undefined && j.optimistic > CANNOT_WIN * (this.bestSolo.toBeat(solo.m) ?? Infinity);
    if (ran >= SOLO_MAX_MS || beaten || settled || stable(solo.m, now, STABLE_CV)) {
      solo.m.stop(now, j?.bps);
      solo.est = j?.expected;
      solo.ramping = j?.ramping;
      solo.stop.abort();
    }
  }

  /**
   * Deadline or budget: queued mirrors are not run (a finalist ranks on its screening estimate, as when its solo
   * run cannot happen in time); the running solo run stops.
   */
  close(): void {
    for (const m of this.queue.splice(0)) {
      const fallback = this.fallbacks.get(m);
      if (fallback !== undefined) this.host.settleMeasured(m, fallback, 'measured');
      else this.host.ctx.unmeasured(m, 'probe.note.global');
    }
    this.solo?.stop.abort();
  }
}
