import { Finals } from './finals';
import { Bests, cannotWin, fullLinkEarly, halvingKeys, median, worseHalf } from './halving';
import { judge, stable, type Judgement } from './judge';
import type { Mirror } from './mirror';
import { linkLooksFull } from './rotation';
import { RotationPhase, type ScreeningHost } from './rotation-phase';
import { SharedLink } from './shared-link';
import type { TournamentCtx } from './tournament-ctx';
import {
  CANNOT_WIN,
  EARLY_LOOK_MS,
  FINALISTS,
  MAX_SCREEN_ROUNDS,
  MIN_JUDGED_MS,
  QUICK_STREAMS,
  ROT_ADMIT_LEFT_MS,
  STABLE_CV,
  WINDOW_MS,
} from './tuning';

interface Stream {
  stop: AbortController;
  /** Set when the round decided its fate: dropped (ranked on `est`), held for the final, or to run again later. */
  decided?: { kind: 'drop' | 'hold' | 'requeue'; est?: number };
}

type Judged = { m: Mirror } & Judgement;

/**
 * One tool's throughput phase, as a machine of phases: `screen` (every live mirror streams its file at once; each
 * window, streams that cannot win even optimistically stop, then the worse half of the levelled-off ones:
 * successive halving, so that on a shared access link the survivors get a bigger share; on a full link screening
 * rotates instead, rotation-phase.ts), `closing` (the held streams wind down), `final` (the best run alone,
 * finals.ts). What is known of the shared link lives in one model (shared-link.ts).
 */
export class Tournament implements ScreeningHost {
  /** The best estimates so far, per tool measured on a host. */
  readonly best: Bests;
  readonly link: SharedLink;
  private phase: 'screen' | 'closing' | 'final' = 'screen';
  private rounds = 0;
  private started = 0;
  private isClosed = false;
  private readonly screening = new Map<Mirror, Stream>();
  private readonly held = new Map<Mirror, number | undefined>();
  /** Rates of the streams that had levelled off at the last round. */
  private levelled: number[] = [];
  /** Estimates of screened streams on a full link, replacing what their shared-link rate said. */
  private readonly revised = new Map<Mirror, number>();
  /** Every mirror that joined: the versions they list tell which lag behind (version.ts, referenceVersion). */
  private readonly joinedMirrors: Mirror[] = [];
  private rotation?: RotationPhase;
  /** Rotation was tried and the kept streams did not speed up: there is no full link, halving goes on. */
  private rotationRefuted = false;
  private screenStartedAt?: number;
  private earlyLooked = false;
  private readonly finals: Finals;

  constructor(readonly ctx: TournamentCtx) {
    this.link = new SharedLink(ctx.artifact);
    this.best = new Bests(ctx.groupsOf);
    this.finals = new Finals(this);
  }

  join(m: Mirror): void {
    this.joinedMirrors.push(m);
    const ttfb = m.session.coldTtfbMs ?? Infinity;
    const best = this.best.toBeat(m);
    if (best !== undefined && ttfb > CANNOT_WIN * best) {
      m.cutAs('cannot-win');
      return this.ctx.unmeasured(m, 'probe.note.cannot-win', 'slow');
    }
    if (!this.ctx.mayDownload() || this.isClosed)
      return this.ctx.unmeasured(m, this.isClosed ? 'probe.note.global' : 'probe.note.budget');
    if (this.ctx.quick && this.started >= QUICK_STREAMS) return this.ctx.unmeasured(m, 'probe.note.quick');
    this.started++;
    if (this.phase !== 'screen') return this.finals.joinLate(m);
    // In rotation a late mirror waits for a slot like the others, unless it is far enough to be read on its bursts.
    if (!this.rotation || this.rotation.admitLate(m)) this.screen(m);
  }

  /** A halving round (every WINDOW_MS). */
  round(now: number): void {
    if (this.phase !== 'screen' || this.rotation) return;
    this.rounds++;
    const undecided = this.undecided();
    const judged: Judged[] = [];
    for (const m of undecided) {
      if (m.firstByteAt === undefined) {
        const best = this.best.toBeat(m);
        if (best !== undefined && now - (m.requestAt ?? now) > CANNOT_WIN * best) {
          m.cutAs('cannot-win');
          this.decide(m, 'drop', undefined);
        }
        continue;
      }
      if (now - m.firstByteAt < MIN_JUDGED_MS) continue;
      const j = judge(m, now, WINDOW_MS, this.ctx.artifact(m), median(this.levelled));
      if (!j) continue;
      this.best.note(m, j.steady);
      judged.push({ m, ...j });
    }
    // Where the levelled-off streams settle is the prior for those still ramping up (next round).
    const levelledNow = judged.filter((j) => !j.ramping).map((j) => j.bps);
    if (levelledNow.length > 0) this.levelled = levelledNow;
    // Whether the streams shared a full link (shared-link.ts); once it is seen, the estimates so far are revised.
    this.link.observeRound(judged);
    this.linkChanged();
    if (
      !this.ctx.quick &&
      !this.rotationRefuted &&
      this.ctx.timeLeft() >= ROT_ADMIT_LEFT_MS &&
      linkLooksFull(levelledNow)
    )
      return this.rotate(judged);
    // Cannot win even if its rate kept doubling (halving.ts): stopped. On a shared link this keeps the streams with
    // the largest share, which the finals then measure alone; the others' estimates are revised once the link is
    // known to have been full (linkChanged).
    const cut = cannotWin(judged, now, (m) => this.best.toBeat(m), this.link.state);
    for (const j of cut) this.decide(j.m, 'drop', j.expected);
    const left = judged.filter((j) => !cut.includes(j));
    const remaining = this.undecided().length + this.held.size;
    const limit = this.ctx.quick ? QUICK_STREAMS : FINALISTS;
    const lastRound = this.rounds >= (this.ctx.quick ? 2 : MAX_SCREEN_ROUNDS);
    if (remaining > limit && !lastRound) {
      for (const j of worseHalf(left, remaining, limit, this.ctx.artifact, this.ctx.groupsOf))
        this.decide(j.m, 'drop', j.steady);
      return;
    }
    // Quick mode has no final: its few streams run two windows, or until their rates are stable.
    if (this.ctx.quick && !lastRound && !undecided.every((m) => stable(m, now, STABLE_CV))) return;
    this.endScreening(left);
  }

  /** Screening is over (its rounds, or its share of the budget): the streams still running are held for the final. */
  endScreening(judged: Judged[] = []): void {
    if (this.phase !== 'screen') return;
    for (const [m, s] of this.screening)
      if (!s.decided) this.decide(m, 'hold', judged.find((j) => j.m === m)?.expected);
    this.rotation?.holdWaiting();
    this.phase = 'closing';
  }

  /** Rotation or the early look while screening; the final once screening has wound down; the solo run. */
  tick(now: number): void {
    if (this.rotation && this.phase === 'screen') this.rotation.tick(now);
    else if (this.phase === 'screen' && this.rounds === 0) this.earlyLook(now);
    if (this.phase === 'closing' && this.screening.size === 0) this.startFinal();
    this.finals.tick(now);
  }

  /** Deadline or budget: every stream stops and is ranked on what it measured; no final. */
  close(): void {
    this.isClosed = true;
    for (const [m, s] of this.screening) if (!s.decided) this.decide(m, 'hold', undefined);
    this.rotation?.holdWaiting();
    for (const [m, est] of this.held) this.settleMeasured(m, est, 'solo');
    this.held.clear();
    this.finals.close();
  }

  // ── ScreeningHost and FinalsHost: what the phases may see and do ────────────────────────────────────────────
  closed(): boolean {
    return this.isClosed;
  }
  joined(): readonly Mirror[] {
    return this.joinedMirrors;
  }
  levelledMedian(): number | undefined {
    return median(this.levelled);
  }

  /** The screening streams still running, their fate not yet decided. */
  undecided(): Mirror[] {
    return [...this.screening].filter(([, s]) => !s.decided).map(([m]) => m);
  }

  pending(): boolean {
    return [...this.screening.values()].some((s) => !s.decided || s.decided.kind === 'requeue');
  }

  hold(m: Mirror, est: number | undefined): void {
    this.held.set(m, est ?? this.measuredEstimate(m));
  }

  /** Not a full link after all: every waiting stream runs again at once, and halving goes on. */
  unrotate(waiting: Mirror[]): void {
    this.rotation = undefined;
    this.rotationRefuted = true;
    this.link.forget();
    for (const m of waiting) this.rerun(m);
  }

  rerun(m: Mirror): void {
    m.resetThroughput();
    this.screen(m);
  }

  decide(m: Mirror, kind: 'drop' | 'hold' | 'requeue', est: number | undefined, windowMs = WINDOW_MS): void {
    const s = this.screening.get(m);
    if (!s || s.decided) return;
    const at = this.ctx.now();
    m.stop(at, m.rate(at - windowMs, at) ?? m.overallRate());
    const j = judge(m, at, windowMs, this.ctx.artifact(m), median(this.levelled));
    this.link.stopped(m, m.throughputBps, !j || j.ramping);
    // Stopped in slow start (by the budget, say), a stream is ranked on its ramp continued to where the others levelled off.
    s.decided = { kind, est: est ?? j?.expected ?? m.estimate(this.ctx.artifact(m), m.throughputBps, at) };
    s.stop.abort();
  }

  /** The estimate from a stream's own samples: its last window's rate, projected from where it stopped. */
  measuredEstimate(m: Mirror): number | undefined {
    return m.measuredEstimate(this.ctx.artifact(m), WINDOW_MS);
  }

  /** On a full link, every stream that left screening without a solo run is re-estimated as if alone. */
  linkChanged(): void {
    if (!this.link.full) return;
    for (const [m, bps] of this.link.screened()) {
      if (this.finals.isFinalist(m)) continue;
      const est = this.link.censoredEstimate(m, bps);
      if (est === undefined || !Number.isFinite(est) || this.revised.get(m) === est) continue;
      this.revised.set(m, est);
      this.ctx.revise(m, est);
    }
  }

  settleMeasured(m: Mirror, est: number | undefined, evidence: 'solo' | 'measured'): void {
    if (!this.finals.isFinalist(m)) est = this.revised.get(m) ?? est;
    if (est !== undefined && Number.isFinite(est)) {
      this.best.note(m, est);
      return this.ctx.settle(m, 'ok', est, evidence);
    }
    if (m.cutBy === 'cannot-win') return this.ctx.unmeasured(m, 'probe.note.cannot-win', 'slow');
    const guess = this.link.priorEstimate(m, median(this.levelled));
    if (guess !== undefined) return this.ctx.guessed(m, guess);
    this.ctx.unmeasured(m, this.isClosed ? 'probe.note.global' : 'probe.note.too-few-bytes');
  }

  // ── Screening streams ────────────────────────────────────────────────────────────────────────────────────────
  private screen(m: Mirror): void {
    this.screenStartedAt ??= this.ctx.now();
    const s: Stream = { stop: new AbortController() };
    this.screening.set(m, s);
    this.link.sawStreams(this.undecided().length);
    void m.measure(s.stop.signal, this.ctx.screenCap).then(() => {
      this.screening.delete(m);
      if (m.failure) return this.ctx.settle(m, m.failure.outcome);
      const d = s.decided;
      if (d?.kind === 'requeue' && this.phase === 'screen' && !this.isClosed) {
        if (!this.rotation) return this.rerun(m);
        return this.rotation.requeue(m);
      }
      const est = d?.est ?? this.measuredEstimate(m);
      if (d?.kind === 'drop') return this.settleMeasured(m, est, 'measured');
      if (this.isClosed) return this.settleMeasured(m, est, 'solo');
      // Ran to its cap, or held for the final.
      if (m.throughputBps !== undefined) this.link.keepRate(m, m.throughputBps);
      this.held.set(m, est);
      if (est !== undefined) this.best.note(m, est);
    });
  }

  /**
   * A full link shows within a few round trips: the near mirrors' streams level off at one rate together. Seen
   * that early, rotation starts before the first halving round, which leaves it more of the test's time.
   */
  private earlyLook(now: number): void {
    if (
      this.earlyLooked ||
      this.ctx.quick ||
      this.screenStartedAt === undefined ||
      now - this.screenStartedAt < EARLY_LOOK_MS
    )
      return;
    this.earlyLooked = true;
    if (this.ctx.timeLeft() < ROT_ADMIT_LEFT_MS) return;
    const judged = fullLinkEarly(this.undecided(), now, this.ctx.artifact);
    if (!judged) return;
    this.link.sawTotal(judged.reduce((a, j) => a + j.bps, 0));
    this.rotate(judged);
  }

  /** Rotation on a full link (rotation-phase.ts), the streams ranked as a halving on a tied link would rank them. */
  private rotate(judged: Judged[]): void {
    const { key } = halvingKeys(judged, this.ctx.artifact);
    this.rotation = new RotationPhase(this, judged, key);
  }

  private startFinal(): void {
    // The finalists are the best as measured: on a shared link, those that got the largest share. After a
    // rotation every stream is ranked alike, on what its rate says of its mirror alone (censoredEstimate).
    const r = this.rotation;
    if (r) for (const [m, est] of this.held) this.held.set(m, this.link.censoredEstimate(m, r.floor(m)) ?? est);
    const ranked = [...this.held].sort((a, b) => (a[1] ?? Infinity) - (b[1] ?? Infinity));
    this.held.clear();
    this.phase = 'final';
    this.finals.start(ranked, (m) => this.ctx.fresh(m), r);
  }
}
