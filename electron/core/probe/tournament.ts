import { judge, stable, type Judgement } from './judge';
import type { Mirror } from './mirror';
import type { ArtifactProfile, ProbeOutcome } from './types';

/** A halving round every window; a stream is judged once it has delivered body bytes for MIN_JUDGED_MS. */
export const WINDOW_MS = 350;
const MIN_JUDGED_MS = 100;
const RAMP_GRACE_MS = 900;
/** "Cannot win any more": stop a stream when even its optimistic estimate is this factor above the best one. */
export const CANNOT_WIN = 1.25;
/** Screening ends with this many streams left, or after this many rounds (the best are then taken). */
const FINALISTS = 2;
const MAX_SCREEN_ROUNDS = 4;
/** A finalist's solo run: at most this long after its first body byte; less once its rate is stable. */
const SOLO_MAX_MS = 400;
const SOLO_MIN_MS = 200;
/** Below this much time before the deadline, finalists keep their screening estimate. */
const SOLO_NEEDS_MS = 900;
const SOLO_MIN_BYTES = 1_000_000;
const STABLE_CV = 0.0625;
const QUICK_STREAMS = 3;

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export interface TournamentCtx {
  now: () => number;
  artifact: (m: Mirror) => ArtifactProfile;
  quick: boolean;
  /** Body bytes per mirror in screening, and in a finalist's solo run. */
  screenCap: number;
  perMirrorCap: number;
  /** Time left before the global deadline. */
  timeLeft: () => number;
  /** False once the byte budget is spent or the run is stopping. */
  mayDownload: () => boolean;
  /** Bytes left in the budget. */
  bytesLeft: () => number;
  settle: (m: Mirror, outcome: ProbeOutcome, estimateMs?: number, tier?: number) => void;
  unmeasured: (m: Mirror, note: string, outcome?: ProbeOutcome) => void;
}

interface Stream {
  stop: AbortController;
  /** Set when the round decided its fate: dropped (ranked on `est`) or held for the final. */
  decided?: { kind: 'drop' | 'hold'; est?: number; tier: number };
}

/**
 * One tool's throughput phase. Screening: every live mirror streams its file at once; each window, streams that
 * cannot win even optimistically stop, then the worse half of the levelled-off ones (successive halving, so that
 * on a shared access link the survivors get a bigger share). Final: the best two run alone, one after the other,
 * on fresh connections, which is what the user's own 5 MB fetch will look like. A late liveness answer that can
 * still win gets its own solo run.
 */
export class Tournament {
  bestEst?: number;
  private phase: 'screen' | 'closing' | 'final' | 'done' = 'screen';
  private rounds = 0;
  private started = 0;
  private closed = false;
  private readonly screening = new Map<Mirror, Stream>();
  private readonly held = new Map<Mirror, number | undefined>();
  private readonly soloQueue: Mirror[] = [];
  /** A finalist's screening estimate, kept in case its solo run cannot happen. */
  private readonly fallbacks = new Map<Mirror, number>();
  private solo?: { m: Mirror; stop: AbortController; fallback?: number; est?: number };
  /** The best estimate from a finalist's solo run so far. */
  private bestSolo?: number;
  /** Rates of the streams that had levelled off at the last round. */
  private levelled: number[] = [];

  constructor(private readonly ctx: TournamentCtx) {}

  join(m: Mirror): void {
    const ttfb = m.session.coldTtfbMs ?? Infinity;
    if (this.bestEst !== undefined && ttfb > CANNOT_WIN * this.bestEst) {
      m.cutBy = 'cannot-win';
      return this.ctx.unmeasured(m, 'probe.note.cannot-win', 'slow');
    }
    if (!this.ctx.mayDownload() || this.closed) return this.ctx.unmeasured(m, this.closed ? 'probe.note.global' : 'probe.note.budget');
    if (this.ctx.quick && this.started >= QUICK_STREAMS) return this.ctx.unmeasured(m, 'probe.note.quick');
    this.started++;
    if (this.phase === 'screen') return this.screen(m);
    this.soloQueue.push(m);
    if (this.phase === 'done' && !this.solo) this.nextSolo();
  }

  /** A halving round (every WINDOW_MS). */
  round(now: number): void {
    if (this.phase !== 'screen') return;
    this.rounds++;
    const undecided = [...this.screening].filter(([, s]) => !s.decided);
    const judged: ({ m: Mirror } & Judgement)[] = [];
    for (const [m] of undecided) {
      if (m.firstByteAt === undefined) {
        if (this.bestEst !== undefined && now - (m.requestAt ?? now) > CANNOT_WIN * this.bestEst) {
          m.cutBy = 'cannot-win';
          this.decide(m, 'drop', undefined);
        }
        continue;
      }
      if (now - m.firstByteAt < MIN_JUDGED_MS) continue;
      const j = judge(m, now, WINDOW_MS, this.ctx.artifact(m), median(this.levelled));
      if (!j) continue;
      this.bestEst = Math.min(this.bestEst ?? Infinity, j.steady);
      judged.push({ m, ...j });
    }
    // Where the levelled-off streams settle is the prior for those still ramping up (next round).
    const levelledNow = judged.filter((j) => !j.ramping).map((j) => j.bps);
    if (levelledNow.length > 0) this.levelled = levelledNow;
    // Cannot win even if its rate kept doubling: stopped. A stream still ramping up gets RAMP_GRACE_MS first,
    // so that where it levels off (what ranks it) is seen rather than guessed.
    const cut = judged.filter(
      (j) => j.optimistic > CANNOT_WIN * (this.bestEst ?? Infinity) && (!j.ramping || now - (j.m.firstByteAt ?? now) >= RAMP_GRACE_MS),
    );
    for (const j of cut) this.decide(j.m, 'drop', j.expected);
    const left = judged.filter((j) => !cut.includes(j));
    const remaining = [...this.screening.values()].filter((s) => !s.decided).length + this.held.size;
    const limit = this.ctx.quick ? QUICK_STREAMS : FINALISTS;
    const lastRound = this.rounds >= (this.ctx.quick ? 2 : MAX_SCREEN_ROUNDS);
    if (remaining > limit && !lastRound) {
      // The worse half goes, except streams still in slow start: their rate so far understates them.
      const byNow = [...left].sort((a, b) => a.steady - b.steady);
      const drop = Math.min(remaining - Math.max(limit, Math.ceil(remaining / 2)), Math.floor(byNow.length / 2));
      for (const j of byNow.slice(byNow.length - drop)) if (!j.ramping) this.decide(j.m, 'drop', j.steady);
      return;
    }
    // Quick mode has no final: its few streams run two windows, or until their rates are stable.
    if (this.ctx.quick && !lastRound && !undecided.every(([m]) => stable(m, now, STABLE_CV))) return;
    this.endScreening(left);
  }

  /** Screening is over (its rounds, or its share of the budget): the streams still running are held for the final. */
  endScreening(judged: ({ m: Mirror } & Judgement)[] = []): void {
    if (this.phase !== 'screen') return;
    for (const [m, s] of this.screening) if (!s.decided) this.decide(m, 'hold', judged.find((j) => j.m === m)?.expected);
    this.phase = 'closing';
  }

  /** Watch the solo run, and start the final once screening has wound down. */
  tick(now: number): void {
    if (this.phase === 'closing' && this.screening.size === 0) this.startFinal();
    const solo = this.solo;
    if (!solo || solo.m.firstByteAt === undefined || solo.stop.signal.aborted) return;
    const ran = now - solo.m.firstByteAt;
    if (ran < SOLO_MIN_MS) return;
    const j = judge(solo.m, now, WINDOW_MS, this.ctx.artifact(solo.m), median(this.levelled));
    // Enough: the rate is stable, the time is up, or even optimistically it cannot beat the finalist before it.
    const beaten = j !== undefined && this.bestSolo !== undefined && j.optimistic > CANNOT_WIN * this.bestSolo;
    if (ran >= SOLO_MAX_MS || beaten || stable(solo.m, now, STABLE_CV)) {
      solo.m.stoppedAt = now;
      solo.m.throughputBps = j?.bps;
      solo.est = j?.expected;
      solo.stop.abort();
    }
  }

  /** Deadline or budget: every stream stops and is ranked on what it measured; no final. */
  close(): void {
    this.closed = true;
    for (const [m, s] of this.screening) if (!s.decided) this.decide(m, 'hold', undefined);
    for (const [m, est] of this.held) this.settleMeasured(m, est, Infinity);
    this.held.clear();
    for (const m of this.soloQueue.splice(0)) this.ctx.unmeasured(m, 'probe.note.global');
    this.solo?.stop.abort();
  }

  private screen(m: Mirror): void {
    const s: Stream = { stop: new AbortController() };
    this.screening.set(m, s);
    void m.measure(s.stop.signal, this.ctx.screenCap).then(() => {
      this.screening.delete(m);
      if (m.failure) return this.ctx.settle(m, m.failure.outcome);
      const d = s.decided;
      const est = d?.est ?? this.measuredEstimate(m);
      if (d?.kind === 'drop') return this.settleMeasured(m, est, d.tier);
      if (this.closed) return this.settleMeasured(m, est, Infinity);
      // Ran to its cap, or held for the final.
      this.held.set(m, est);
      if (est !== undefined) this.bestEst = Math.min(this.bestEst ?? Infinity, est);
    });
  }

  private decide(m: Mirror, kind: 'drop' | 'hold', est: number | undefined): void {
    const s = this.screening.get(m);
    if (!s || s.decided) return;
    m.stoppedAt = this.ctx.now();
    m.throughputBps = m.rate(m.stoppedAt - WINDOW_MS, m.stoppedAt) ?? m.overallRate();
    s.decided = { kind, est: est ?? m.estimate(this.ctx.artifact(m), m.throughputBps, m.stoppedAt), tier: this.rounds };
    s.stop.abort();
  }

  private startFinal(): void {
    const ranked = [...this.held].sort((a, b) => (a[1] ?? Infinity) - (b[1] ?? Infinity));
    this.held.clear();
    const finalists = this.ctx.quick ? [] : ranked.slice(0, FINALISTS).filter(([, est]) => est !== undefined);
    for (const [m, est] of ranked) if (!finalists.some(([f]) => f === m)) this.settleMeasured(m, est, this.ctx.quick ? Infinity : this.rounds);
    this.phase = 'final';
    if (finalists.length === 1) {
      const [m, est] = finalists[0] as [Mirror, number | undefined];
      this.settleMeasured(m, est, Infinity);
    } else for (const [m, est] of finalists) this.queueSolo(m, est as number);
    this.nextSolo();
  }

  private queueSolo(m: Mirror, fallback: number): void {
    this.fallbacks.set(m, fallback);
    this.soloQueue.push(m);
  }

  private nextSolo(): void {
    this.solo = undefined;
    const m = this.soloQueue.shift();
    if (!m) {
      this.phase = 'done';
      return;
    }
    const fallback = this.fallbacks.get(m);
    const cap = Math.min(this.ctx.perMirrorCap, this.ctx.bytesLeft() / (this.soloQueue.length + 1));
    if (this.closed || !this.ctx.mayDownload() || cap < SOLO_MIN_BYTES || this.ctx.timeLeft() < SOLO_NEEDS_MS) {
      if (fallback !== undefined) this.settleMeasured(m, fallback, Infinity);
      else this.ctx.unmeasured(m, 'probe.note.global');
      return this.nextSolo();
    }
    m.resetThroughput();
    const solo: NonNullable<Tournament['solo']> = { m, stop: new AbortController(), ...(fallback !== undefined ? { fallback } : {}) };
    this.solo = solo;
    void m.measure(solo.stop.signal, cap).then(() => {
      if (m.failure) this.ctx.settle(m, m.failure.outcome);
      else {
        const est = solo.est ?? this.measuredEstimate(m) ?? solo.fallback;
        if (est !== undefined) this.bestSolo = Math.min(this.bestSolo ?? Infinity, est);
        this.settleMeasured(m, est, Infinity);
      }
      this.nextSolo();
    });
  }

  /** The estimate from a stream's own samples: its last window's rate, projected from where it stopped. */
  private measuredEstimate(m: Mirror): number | undefined {
    const last = m.samples[m.samples.length - 1]?.[0];
    if (last === undefined) return undefined;
    m.stoppedAt ??= last;
    const at = Math.min(m.stoppedAt, last);
    m.throughputBps = m.rate(at - WINDOW_MS, at) ?? m.overallRate();
    return m.estimate(this.ctx.artifact(m), m.throughputBps, at);
  }

  private settleMeasured(m: Mirror, est: number | undefined, tier: number): void {
    if (est !== undefined && Number.isFinite(est)) {
      this.bestEst = Math.min(this.bestEst ?? Infinity, est);
      return this.ctx.settle(m, 'ok', est, tier);
    }
    if (m.cutBy === 'cannot-win') return this.ctx.unmeasured(m, 'probe.note.cannot-win', 'slow');
    this.ctx.unmeasured(m, this.closed ? 'probe.note.global' : 'probe.note.too-few-bytes');
  }
}
