import { burstAtOwnCap, burstCheckNeedsMs, lastBurst, type Burst } from './burst';
import { judge, type Judgement } from './judge';
import type { Mirror } from './mirror';
import {
  keptRates,
  linkHasRoom,
  linkStillHeld,
  requeueOrder,
  rerunNeedsMs,
  rotationConfirmed,
  rotationVerdict,
  rotationWindow,
} from './rotation';
import type { SharedLink } from './shared-link';
import {
  BURST_CHECK_RTT_MS,
  BURST_GRACE_MS,
  BUSY_MEMORY_MS,
  ROT_ADMIT_LEFT_MS,
  ROT_SETTLE_MS,
  ROT_VERIFY_MS,
  ROTATE_SLOTS,
} from './tuning';
import type { TournamentCtx } from './tournament-ctx';

/** What rotation needs of the screening it runs inside (tournament.ts). */
export interface ScreeningHost {
  readonly link: SharedLink;
  readonly ctx: TournamentCtx;
  /** Screening streams still running, their fate not yet decided. */
  undecided(): Mirror[];
  /** Whether any stream is still running or about to be run again. */
  pending(): boolean;
  /** Every mirror that joined this tool's test. */
  joined(): readonly Mirror[];
  decide(m: Mirror, kind: 'hold' | 'requeue', est: number | undefined, windowMs?: number): void;
  /** Runs `m`'s stream again, fresh. */
  rerun(m: Mirror): void;
  /** Holds `m` for the final on estimate `est`, without a stream. */
  hold(m: Mirror, est: number | undefined): void;
  endScreening(): void;
  /** Rotation was wrong: every waiting stream runs again and halving goes on. */
  unrotate(waiting: Mirror[]): void;
}

/**
 * Rotation on a full shared link, as a phase of screening (the rules are in rotation.ts): the ROTATE_SLOTS best
 * streams keep running, the others stop and wait for a slot, best first; far streams run beside the slots and
 * are read on their bursts (burst.ts). Each stream is judged once steady at its larger share.
 */
export class RotationPhase {
  readonly at: number;
  /** Whether the kept streams sped up has been checked. */
  private checked = false;
  /** The streams kept running when rotation started, with their rates then. */
  private readonly kept: Map<Mirror, number>;
  /** Streams waiting for a slot, in the order they run. */
  private readonly waiting: Mirror[] = [];
  private readonly order: Map<Mirror, number>;
  /** The share each stream had when rotation started: the floor assumed for a mirror not measured since. */
  readonly firstShare: number;
  /** How many slot streams ran at each tick of the last second: a stream's share over the windows it is judged on. */
  private readonly busy: [at: number, streams: number][] = [];
  /** Far streams running beside the slots until a burst of theirs can be read. */
  private readonly checks: Set<Mirror>;

  /** Starts rotation with the round's streams `judged` (the link looked full). */
  constructor(
    private readonly host: ScreeningHost,
    judged: readonly ({ m: Mirror } & Judgement)[],
    rankKey: (j: { m: Mirror } & Judgement) => number,
  ) {
    host.link.markFull();
    const ranked = [...judged].sort((a, b) => rankKey(a) - rankKey(b));
    const kept = ranked.slice(0, ROTATE_SLOTS);
    const now = host.ctx.now();
    // Far streams still in slow start keep running beside the slots until a burst of theirs shows their share or
    // their cap (burst.ts): run again in a slot, each would spend most of a second on its ramp before it showed
    // anything. One levelled off at its share no longer comes in bursts: it would hold that share beside the slots.
    const bursty = (m: Mirror): boolean => judged.find((j) => j.m === m)?.ramping !== false;
    const checks = host
      .undecided()
      .filter((m) => !kept.some((j) => j.m === m) && bursty(m) && this.burstFits(m, now, m.requestAt));
    this.at = now;
    this.kept = new Map(kept.filter((j) => !j.ramping).map((j) => [j.m, j.bps]));
    this.order = requeueOrder(
      ranked.map((j) => j.m),
      (m) => m.verdict?.version,
    );
    this.firstShare = host.link.capacityBps / Math.max(1, host.undecided().length);
    this.checks = new Set(checks);
    // The others stop, and so do streams without a first byte yet that are not checked: they wait for their turn.
    for (const m of host.undecided())
      if (!kept.some((j) => j.m === m) && !checks.includes(m)) host.decide(m, 'requeue', undefined);
  }

  /** A late mirror waits for a slot like the others, unless it is far enough to be read on its bursts: then true. */
  admitLate(m: Mirror): boolean {
    if (!this.burstFits(m, this.host.ctx.now())) {
      this.waiting.push(m);
      return false;
    }
    this.checks.add(m);
    return true;
  }

  /** A stream stopped to wait for its slot. */
  requeue(m: Mirror): void {
    this.waiting.push(m);
    this.waiting.sort((a, b) => (this.order.get(a) ?? Infinity) - (this.order.get(b) ?? Infinity));
  }

  tick(now: number): void {
    const { host } = this;
    const link = host.link;
    const all = host.undecided();
    const running = all.filter((m) => !this.checks.has(m));
    this.busy.push([now, running.length]);
    while ((this.busy[0]?.[0] ?? now) < now - BUSY_MEMORY_MS) this.busy.shift();
    const judged = new Map<Mirror, Judgement>();
    for (const m of all) {
      const j =
        m.firstByteAt === undefined
          ? undefined
          : judge(m, now, rotationWindow(m.latencyMs()), host.ctx.artifact(m), link.capacityBps / ROTATE_SLOTS);
      if (j) judged.set(m, j);
    }
    if (!this.checked) {
      if (now < this.at + ROT_VERIFY_MS) return;
      this.checked = true;
      // Far streams read on their bursts take some of what the stopped ones freed: if the streams still running
      // carry nearly what all of them did, the freed share was taken all the same, so the link was full.
      const held = linkStillHeld(this.carried(now - rotationWindow(undefined), now), link.capacityBps);
      if (!held && rotationConfirmed(keptRates(this.kept, judged)) === false)
        return host.unrotate(this.waiting.splice(0));
    }
    const admit = host.ctx.timeLeft() >= ROT_ADMIT_LEFT_MS && host.ctx.mayDownload();
    for (const m of all) if (this.checks.has(m)) this.burstCheck(m, running);
    for (const m of running) this.judgeSlot(m, now, judged, !admit);
    if (!admit) {
      // The slot streams were judged above; far streams still to be read on their bursts get a little longer.
      const reading = host.undecided().some((m) => this.checks.has(m));
      if (reading && host.ctx.mayDownload() && host.ctx.timeLeft() >= ROT_ADMIT_LEFT_MS - BURST_GRACE_MS) return;
      return host.endScreening();
    }
    // A far mirror waiting for a slot runs again beside them instead, read on its bursts, if one can come in time.
    for (const m of this.waiting.filter((w) => this.burstFits(w, now, now, true))) {
      this.waiting.splice(this.waiting.indexOf(m), 1);
      this.checks.add(m);
      host.rerun(m);
    }
    const undecided = new Set(host.undecided());
    const busy = running.filter((m) => undecided.has(m)).length;
    for (let free = ROTATE_SLOTS - busy; free > 0 && this.waiting.length > 0;) {
      const m = this.waiting.shift() as Mirror;
      // Too far to show anything before admission ends: a run would only hold the final back.
      if (host.ctx.timeLeft() - ROT_ADMIT_LEFT_MS < rerunNeedsMs(m.latencyMs() ?? 0, link.capacityBps / ROTATE_SLOTS))
        this.holdOne(m);
      else {
        host.rerun(m);
        free--;
      }
    }
    if (!host.pending() && this.waiting.length === 0) host.endScreening();
  }

  /** A slot stream, once steady or out of time: held on what it showed, its own cap or a lower bound. */
  private judgeSlot(m: Mirror, now: number, judged: Map<Mirror, Judgement>, final: boolean): void {
    const link = this.host.link;
    const j = judged.get(m);
    const w = rotationWindow(m.latencyMs());
    // What it could have had: its share of the link while the windows it is judged on ran (not the larger one
    // just freed by streams that ended: it has not had the time to take that), or what the fastest stream beside
    // it got. The far streams read on their bursts took what they took of the link; the slots shared the rest.
    const others = [...judged]
      .filter(([o, oj]) => o !== m && !oj.ramping && !this.checks.has(o))
      .map(([, oj]) => oj.bps);
    const streams = Math.max(1, ...this.busy.filter(([at]) => at >= now - 2 * w).map(([, n]) => n));
    const burstsBps = [...this.checks].reduce((a, c) => a + (c.rate(now - 2 * w, now) ?? 0), 0);
    const couldBps = Math.max(Math.max(0, link.capacityBps - burstsBps) / streams, ...others);
    // Room on the link is what every stream together carried over the same windows: far streams come in bursts,
    // and their own windows (a round trip) would spread the bursts thin.
    const spare = linkHasRoom(this.carried(now - 2 * w, now), link.capacityBps);
    const v = rotationVerdict(
      {
        now,
        firstByteAt: m.firstByteAt,
        rttMs: m.latencyMs() ?? 0,
        bps: j?.bps,
        ramping: j?.ramping,
        before: m.rate(now - 2 * w, now - w) ?? 0,
      },
      { rotatedAt: this.at, couldBps, final, spare },
    );
    if (!v.done) return;
    link.setOwnCap(m, v.ownCap);
    // Read over both windows it was judged steady on: one window of 40 ms holds only two or three 16 KB pieces of
    // a 1.2 MB/s stream, and reads it anywhere from 0.8 to 1.2 MB/s. A first run's rate is a floor too: a stream
    // cut short now showed less than it had.
    const seen = m.rate(now - 2 * w, now) ?? j?.bps ?? 0;
    const bps = Math.max(seen, v.ownCap ? 0 : link.hasRate(m) ? link.rateOf(m) : this.firstShare);
    this.host.decide(m, 'hold', link.censoredEstimate(m, bps) ?? j?.expected, 2 * w);
  }

  /** What every stream of this tool brought together over (from, to], in bytes per second. */
  private carried(from: number, to: number): number {
    const bytes = this.host.joined().reduce((a, m) => a + m.bytesUntil(to) - m.bytesUntil(from), 0);
    return to > from ? (bytes * 1000) / (to - from) : 0;
  }

  /**
   * Whether `m` is far enough to be read on its bursts rather than in a slot, and a readable burst can come (its
   * request made at `requestAt`, on a `fresh` connection or the kept-alive one) by BURST_GRACE_MS after admission.
   */
  private burstFits(m: Mirror, now: number, requestAt = now, fresh = false): boolean {
    const rtt = m.latencyMs() ?? 0;
    return (
      rtt >= BURST_CHECK_RTT_MS &&
      requestAt + burstCheckNeedsMs(rtt, fresh) <= now + this.host.ctx.timeLeft() - ROT_ADMIT_LEFT_MS + BURST_GRACE_MS
    );
  }

  /**
   * A far stream beside the slots, once a burst of it can be read: it came at its share of the link among the
   * streams that ran meanwhile (the fastest slot stream had that much), or below it at its mirror's own cap.
   */
  private burstCheck(m: Mirror, slots: readonly Mirror[]): void {
    // Before rotation settled, every stream had the small share of all of them at once.
    const b = lastBurst(m.samples, m.latencyMs() ?? 0, this.at + ROT_SETTLE_MS);
    if (!b) return;
    const beside = this.host.undecided().filter((o) => o !== m && o.bytesUntil(b.to) > o.bytesUntil(b.from)).length;
    const fastest = Math.max(0, ...slots.map((o) => o.rate(b.from, b.to) ?? 0));
    const own = burstAtOwnCap(b.bps, Math.max(fastest, this.host.link.capacityBps / (beside + 1)));
    this.settleBurst(m, b, own);
  }

  private settleBurst(m: Mirror, b: Burst, own: boolean): void {
    const link = this.host.link;
    link.setOwnCap(m, own);
    link.readBurst(m, b.bps);
    this.host.decide(m, 'hold', link.censoredEstimate(m, b.bps));
    // What it showed is the burst's rate, not its window's: slow start held the window, not the mirror.
    link.readBurst(m, b.bps);
    m.showed(b.bps);
  }

  /** Streams still waiting for a slot when screening ends keep what their first run showed. */
  holdWaiting(): void {
    for (const m of this.waiting.splice(0)) this.holdOne(m);
  }

  private holdOne(m: Mirror): void {
    this.host.hold(m, this.host.link.censoredEstimate(m, this.floor(m)));
  }

  /**
   * What a stream is known to reach once rotation is over: its own cap if it showed one, else the larger of its
   * last rate and the share every stream had when rotation began (a stream still waiting for its slot had that).
   */
  floor(m: Mirror): number {
    const link = this.host.link;
    return link.atOwnCap(m) ? link.rateOf(m) : Math.max(link.rateOf(m), this.firstShare);
  }
}
