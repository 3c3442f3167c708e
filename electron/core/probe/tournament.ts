import { burstAtOwnCap, burstCheckNeedsMs, lastBurst, type Burst } from './burst';
import { judge, levelled, stable, type Judgement } from './judge';
import { byGain, capGuess, expectedGain, linkResponse, soloPrior, soloResponse, type RoundRate } from './link';
import type { Mirror } from './mirror';
import {
  keptRates,
  knownAlone,
  linkHasRoom,
  linkStillHeld,
  linkLooksFull,
  requeueOrder,
  rerunNeedsMs,
  rotationConfirmed,
  rotationVerdict,
  rotationWindow,
} from './rotation';
import type { ArtifactProfile, Evidence, ProbeOutcome } from './types';
import { lagsBehind, referenceVersion, versionsOf } from './version';
import {
  BURST_CHECK_RTT_MS,
  BURST_GRACE_MS,
  BUSY_MEMORY_MS,
  CANNOT_WIN,
  EARLY_LOOK_MS,
  EARLY_MIN_LEVELLED,
  EARLY_WINDOW_MS,
  EXTRA_SOLO_LEFT_MS,
  FINALISTS,
  MAX_SCREEN_ROUNDS,
  MIN_JUDGED_MS,
  MIN_TIED,
  QUICK_STREAMS,
  RAMP_GRACE_MS,
  ROTATE_SLOTS,
  ROT_ADMIT_LEFT_MS,
  ROT_SETTLE_MS,
  ROT_VERIFY_MS,
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
  settle: (m: Mirror, outcome: ProbeOutcome, estimateMs?: number, evidence?: Evidence) => void;
  unmeasured: (m: Mirror, note: string, outcome?: ProbeOutcome) => void;
  /** Usable, its throughput not measured in time: ranked on an estimate from its latency alone. */
  guessed: (m: Mirror, estimateMs: number) => void;
  /** A settled estimate changed: the link turned out to have been full while the stream ran (link.ts). */
  revise: (m: Mirror, estimateMs: number) => void;
}

/** A rotation under way (rotation.ts). */
interface Rotation {
  at: number;
  /** Whether the kept streams sped up has been checked. */
  checked: boolean;
  /** The streams kept running when rotation started, with their rates then. */
  kept: Map<Mirror, number>;
  /** Streams waiting for a slot, in the order they run. */
  waiting: Mirror[];
  order: Map<Mirror, number>;
  /** The share each stream had when rotation started: the floor assumed for a mirror not measured since. */
  firstShare: number;
  /** How many slot streams ran at each tick of the last second: a stream's share over the windows it is judged on. */
  busy: [at: number, streams: number][];
  /** Far streams running beside the slots until a burst of theirs can be read (burst.ts). */
  checks: Set<Mirror>;
}

interface Stream {
  stop: AbortController;
  /** Set when the round decided its fate: dropped (ranked on `est`), held for the final, or to run again later. */
  decided?: { kind: 'drop' | 'hold' | 'requeue'; est?: number };
}

/**
 * What a halving round ranks the streams on. When several levelled streams sit together at the top rate, they
 * are most likely held to one ceiling, a full shared link's share: their rates then say only "at least this
 * much", and the differences between them are noise that would decide at random which mirror survives; a
 * stream still in slow start says even less. Every stream is then ranked on what it would take alone at that
 * ceiling, which keeps what is known of it (first byte, round trip, so slow start), except a stream clearly
 * below the ceiling: it runs at its own cap and is ranked on that. Without such a group (`shared` false) the
 * streams keep their measured estimate, and those in slow start are not judged yet.
 */
export function halvingKeys<J extends { m: Mirror } & Judgement>(judged: readonly J[], artifact: (m: Mirror) => ArtifactProfile): { shared: boolean; key: (j: J) => number } {
  const levelled = judged.filter((j) => !j.ramping);
  const ceiling = Math.max(0, ...levelled.map((j) => j.bps));
  const shared = levelled.filter((j) => j.bps >= TIED_SHARE * ceiling).length >= MIN_TIED;
  if (!shared) return { shared, key: (j) => j.steady };
  const keys = new Map<J, number>();
  for (const j of judged) {
    const ownCap = !j.ramping && j.bps < TIED_SHARE * ceiling;
    keys.set(j, j.m.soloEstimate(artifact(j.m), ownCap ? j.bps : ceiling) ?? j.steady);
  }
  return { shared, key: (j) => keys.get(j) ?? j.steady };
}

/**
 * One tool's throughput phase. Screening: every live mirror streams its file at once; each window, streams that
 * cannot win even optimistically stop, then the worse half of the levelled-off ones (successive halving, so that
 * on a shared access link the survivors get a bigger share). When the streams turn out to share a full link,
 * screening rotates instead (rotation.ts). Final: the best two (up to four on a full link) run alone, one after
 * the other, on fresh connections, which is what the user's own 5 MB fetch will look like. A late liveness
 * answer that can still win gets its own solo run.
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
  private solo?: { m: Mirror; stop: AbortController; fallback?: number; est?: number; ramping?: boolean | undefined };
  /** The best estimate from a finalist's solo run so far. */
  private bestSolo?: number;
  /** Rates of the streams that had levelled off at the last round. */
  private levelled: number[] = [];
  /** The largest sum of the screening streams' rates in a round: the access link's capacity when it is full. */
  private linkBps = 0;
  /** The screening streams shared a full link (link.ts); undefined until a round after a halving shows it. */
  private linkLimited?: boolean;
  /** Streams that did not speed up when others stopped: the rate they showed is their mirror's own cap. */
  private readonly atOwnCap = new Set<Mirror>();
  /** Every stream that left screening without a solo run, with its last rate (a lower bound of its cap). */
  private readonly screened = new Map<Mirror, number>();
  /** Streams stopped while still in slow start: their last rate is no bound of their mirror's cap. */
  private readonly unlevelled = new Set<Mirror>();
  /** The most streams that screened at once: on a full link, the smallest share any of them was given. */
  private peakStreams = 0;
  /** Estimates of screened streams on a full link, replacing what their shared-link rate said. */
  private readonly revised = new Map<Mirror, number>();
  private readonly finalists = new Set<Mirror>();
  /** Every mirror that joined: the versions they list tell which lag behind (rank.ts, referenceVersion). */
  private readonly joined: Mirror[] = [];
  /** Finalists beyond the usual two (finalistCount): run alone only while time allows (EXTRA_SOLO_LEFT_MS). */
  private readonly extras = new Set<Mirror>();
  private prevRound?: Map<Mirror, RoundRate>;
  private rotation?: Rotation;
  /** Rotation was tried and the kept streams did not speed up: there is no full link, halving goes on. */
  private rotationRefuted = false;
  private screenStartedAt?: number;
  private earlyLooked = false;
  /** Each stream's last screening rate once levelled off: what a finalist's solo run is compared with. */
  private readonly levelledRate = new Map<Mirror, number>();

  constructor(private readonly ctx: TournamentCtx) {}

  join(m: Mirror): void {
    this.joined.push(m);
    const ttfb = m.session.coldTtfbMs ?? Infinity;
    if (this.bestEst !== undefined && ttfb > CANNOT_WIN * this.bestEst) {
      m.cutBy = 'cannot-win';
      return this.ctx.unmeasured(m, 'probe.note.cannot-win', 'slow');
    }
    if (!this.ctx.mayDownload() || this.closed) return this.ctx.unmeasured(m, this.closed ? 'probe.note.global' : 'probe.note.budget');
    if (this.ctx.quick && this.started >= QUICK_STREAMS) return this.ctx.unmeasured(m, 'probe.note.quick');
    this.started++;
    // In rotation a late mirror waits for a slot like the others, unless it is far enough to be read on its bursts.
    if (this.phase === 'screen' && this.rotation) {
      if (!this.burstFits(m, this.ctx.now())) return void this.rotation.waiting.push(m);
      this.rotation.checks.add(m);
      return this.screen(m);
    }
    if (this.phase === 'screen') return this.screen(m);
    this.soloQueue.push(m);
    if (this.phase === 'done' && !this.solo) this.nextSolo();
  }

  /** A halving round (every WINDOW_MS). */
  round(now: number): void {
    if (this.phase !== 'screen' || this.rotation) return;
    this.rounds++;
    const undecided = this.undecided();
    const judged: ({ m: Mirror } & Judgement)[] = [];
    for (const m of undecided) {
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
    this.observeLink(judged);
    if (!this.ctx.quick && !this.rotationRefuted && this.ctx.timeLeft() >= ROT_ADMIT_LEFT_MS && linkLooksFull(levelledNow)) return this.rotate(judged);
    // Cannot win even if its rate kept doubling: stopped. A stream still ramping up gets RAMP_GRACE_MS first,
    // so that where it levels off (what ranks it) is seen rather than guessed. On a shared link this keeps the
    // streams with the largest share, which the finals then measure alone; the others' estimates are revised
    // once the link is known to have been full (reviseScreened).
    // A rate is only a mirror's own as long as no full link shares it out: until the first halving has shown that
    // the survivors did not take over the freed share, a rate cannot prove that a stream cannot win.
    const cut = judged.filter(
      (j) =>
        this.linkLimited === false &&
        j.optimistic > CANNOT_WIN * (this.bestEst ?? Infinity) &&
        (!j.ramping || now - (j.m.firstByteAt ?? now) >= RAMP_GRACE_MS),
    );
    for (const j of cut) this.decide(j.m, 'drop', j.expected);
    const left = judged.filter((j) => !cut.includes(j));
    const remaining = this.undecided().length + this.held.size;
    const limit = this.ctx.quick ? QUICK_STREAMS : FINALISTS;
    const lastRound = this.rounds >= (this.ctx.quick ? 2 : MAX_SCREEN_ROUNDS);
    if (remaining > limit && !lastRound) {
      // The worse half goes, except streams still in slow start: their rate so far understates them.
      const { shared, key } = halvingKeys(left, this.ctx.artifact);
      const byNow = [...left].sort((a, b) => key(a) - key(b));
      const drop = Math.min(remaining - Math.max(limit, Math.ceil(remaining / 2)), Math.floor(byNow.length / 2));
      for (const j of byNow.slice(byNow.length - drop)) if (!j.ramping || shared) this.decide(j.m, 'drop', j.steady);
      return;
    }
    // Quick mode has no final: its few streams run two windows, or until their rates are stable.
    if (this.ctx.quick && !lastRound && !undecided.every((m) => stable(m, now, STABLE_CV))) return;
    this.endScreening(left);
  }

  /** Screening is over (its rounds, or its share of the budget): the streams still running are held for the final. */
  endScreening(judged: ({ m: Mirror } & Judgement)[] = []): void {
    if (this.phase !== 'screen') return;
    for (const [m, s] of this.screening) if (!s.decided) this.decide(m, 'hold', judged.find((j) => j.m === m)?.expected);
    this.holdWaiting();
    this.phase = 'closing';
  }

  /** Watch the solo run, and start the final once screening has wound down. */
  tick(now: number): void {
    if (this.rotation && this.phase === 'screen') this.rotationTick(this.rotation, now);
    else if (this.phase === 'screen' && this.rounds === 0) this.earlyLook(now);
    if (this.phase === 'closing' && this.screening.size === 0) this.startFinal();
    const solo = this.solo;
    if (!solo || solo.m.firstByteAt === undefined || solo.stop.signal.aborted) return;
    const ran = now - solo.m.firstByteAt;
    if (ran < (this.rotation ? SOLO_MIN_ROTATED_MS : SOLO_MIN_MS)) return;
    // After a rotation, up to four finalists share the time left: each stops once levelled off over two short
    // windows, and is read over those so that the ramp before does not pull its rate down. (Without one, two
    // finalists have time for the longer reading, which ranked S1's testbeds better: tau 0.86 against 0.82.)
    const w = Math.max(SOLO_WINDOW_MS, solo.m.latencyMs() ?? 0);
    const settled = this.rotation !== undefined && ran >= 2 * w && levelled(solo.m, now, w, SOLO_STEADY);
    const prior = soloPrior(solo.m.rate(now - w, now) ?? 0, this.linkLimited === true ? this.linkBps : undefined, median(this.levelled));
    const j = judge(solo.m, now, settled ? 2 * w : WINDOW_MS, this.ctx.artifact(solo.m), prior);
    // Enough: the rate is stable, the time is up, or even optimistically it cannot beat the finalist before it.
    const beaten = j !== undefined && this.bestSolo !== undefined && j.optimistic > CANNOT_WIN * this.bestSolo;
    if (ran >= SOLO_MAX_MS || beaten || settled || stable(solo.m, now, STABLE_CV)) {
      solo.m.stoppedAt = now;
      solo.m.throughputBps = j?.bps;
      solo.est = j?.expected;
      solo.ramping = j?.ramping;
      solo.stop.abort();
    }
  }

  /** Deadline or budget: every stream stops and is ranked on what it measured; no final. */
  close(): void {
    this.closed = true;
    for (const [m, s] of this.screening) if (!s.decided) this.decide(m, 'hold', undefined);
    this.holdWaiting();
    for (const [m, est] of this.held) this.settleMeasured(m, est, 'solo');
    this.held.clear();
    for (const m of this.soloQueue.splice(0)) this.ctx.unmeasured(m, 'probe.note.global');
    this.solo?.stop.abort();
  }

  /** The screening streams still running, their fate not yet decided. */
  private undecided(): Mirror[] {
    return [...this.screening].filter(([, s]) => !s.decided).map(([m]) => m);
  }

  private screen(m: Mirror): void {
    this.screenStartedAt ??= this.ctx.now();
    const s: Stream = { stop: new AbortController() };
    this.screening.set(m, s);
    this.peakStreams = Math.max(this.peakStreams, this.undecided().length);
    void m.measure(s.stop.signal, this.ctx.screenCap).then(() => {
      this.screening.delete(m);
      if (m.failure) return this.ctx.settle(m, m.failure.outcome);
      const d = s.decided;
      if (d?.kind === 'requeue' && this.phase === 'screen' && !this.closed) {
        const r = this.rotation;
        if (!r) return this.rerun(m);
        r.waiting.push(m);
        r.waiting.sort((a, b) => (r.order.get(a) ?? Infinity) - (r.order.get(b) ?? Infinity));
        return;
      }
      const est = d?.est ?? this.measuredEstimate(m);
      if (d?.kind === 'drop') return this.settleMeasured(m, est, 'measured');
      if (this.closed) return this.settleMeasured(m, est, 'solo');
      // Ran to its cap, or held for the final.
      if (m.throughputBps !== undefined) this.screened.set(m, m.throughputBps);
      this.held.set(m, est);
      if (est !== undefined) this.bestEst = Math.min(this.bestEst ?? Infinity, est);
    });
  }

  private decide(m: Mirror, kind: 'drop' | 'hold' | 'requeue', est: number | undefined, windowMs = WINDOW_MS): void {
    const s = this.screening.get(m);
    if (!s || s.decided) return;
    m.stoppedAt = this.ctx.now();
    m.throughputBps = m.rate(m.stoppedAt - windowMs, m.stoppedAt) ?? m.overallRate();
    const j = judge(m, m.stoppedAt, windowMs, this.ctx.artifact(m), median(this.levelled));
    if (!j || j.ramping) this.unlevelled.add(m);
    else this.unlevelled.delete(m);
    if (m.throughputBps !== undefined) this.screened.set(m, m.throughputBps);
    // Stopped in slow start (by the budget, say), a stream is ranked on its ramp continued to where the others levelled off.
    s.decided = { kind, est: est ?? j?.expected ?? m.estimate(this.ctx.artifact(m), m.throughputBps, m.stoppedAt) };
    s.stop.abort();
  }

  /**
   * A full link shows within a few round trips: the near mirrors' streams level off at one rate together. Seen
   * that early, rotation starts before the first halving round, which leaves it more of the test's time.
   */
  private earlyLook(now: number): void {
    if (this.earlyLooked || this.ctx.quick || this.screenStartedAt === undefined || now - this.screenStartedAt < EARLY_LOOK_MS) return;
    this.earlyLooked = true;
    const judged: ({ m: Mirror } & Judgement)[] = [];
    for (const [m, s] of this.screening) {
      if (s.decided || m.firstByteAt === undefined || now - m.firstByteAt < EARLY_WINDOW_MS) continue;
      const j = judge(m, now, EARLY_WINDOW_MS, this.ctx.artifact(m));
      if (j) judged.push({ m, ...j });
    }
    const levelled = judged.filter((j) => !j.ramping).map((j) => j.bps);
    if (this.ctx.timeLeft() < ROT_ADMIT_LEFT_MS || !linkLooksFull(levelled, EARLY_MIN_LEVELLED)) return;
    this.linkBps = Math.max(this.linkBps, judged.reduce((a, j) => a + j.bps, 0));
    this.rotate(judged);
  }

  /**
   * Rotation on a full link (rotation.ts): the ROTATE_SLOTS best streams keep running, the others stop and wait
   * for a slot, best first.
   */
  private rotate(judged: ({ m: Mirror } & Judgement)[]): void {
    this.linkLimited = true;
    const { key } = halvingKeys(judged, this.ctx.artifact);
    const ranked = [...judged].sort((a, b) => key(a) - key(b));
    const kept = ranked.slice(0, ROTATE_SLOTS);
    const now = this.ctx.now();
    // Far streams still in slow start keep running beside the slots until a burst of theirs shows their share or
    // their cap (burst.ts): run again in a slot, each would spend most of a second on its ramp before it showed
    // anything. One levelled off at its share no longer comes in bursts: it would hold that share beside the slots.
    const bursty = (m: Mirror): boolean => judged.find((j) => j.m === m)?.ramping !== false;
    const checks = this.undecided().filter((m) => !kept.some((j) => j.m === m) && bursty(m) && this.burstFits(m, now, m.requestAt));
    this.rotation = {
      at: this.ctx.now(),
      checked: false,
      kept: new Map(kept.filter((j) => !j.ramping).map((j) => [j.m, j.bps])),
      waiting: [],
      order: requeueOrder(ranked.map((j) => j.m), (m) => m.verdict?.version),
      firstShare: this.linkBps / Math.max(1, this.undecided().length),
      busy: [],
      checks: new Set(checks),
    };
    // The others stop, and so do streams without a first byte yet that are not checked: they wait for their turn.
    for (const [m, s] of this.screening) if (!s.decided && !kept.some((j) => j.m === m) && !checks.includes(m)) this.decide(m, 'requeue', undefined);
  }

  private rotationTick(r: Rotation, now: number): void {
    const all = this.undecided();
    const running = all.filter((m) => !r.checks.has(m));
    r.busy.push([now, running.length]);
    while ((r.busy[0]?.[0] ?? now) < now - BUSY_MEMORY_MS) r.busy.shift();
    const judged = new Map<Mirror, Judgement>();
    for (const m of all) {
      const j = m.firstByteAt === undefined ? undefined : judge(m, now, rotationWindow(m.latencyMs()), this.ctx.artifact(m), this.linkBps / ROTATE_SLOTS);
      if (j) judged.set(m, j);
    }
    if (!r.checked) {
      if (now < r.at + ROT_VERIFY_MS) return;
      r.checked = true;
      // Far streams read on their bursts take some of what the stopped ones freed: if the streams still running
      // carry nearly what all of them did, the freed share was taken all the same, so the link was full.
      const held = linkStillHeld(this.carried(now - rotationWindow(undefined), now), this.linkBps);
      if (!held && rotationConfirmed(keptRates(r.kept, judged)) === false) return this.unrotate();
    }
    const admit = this.ctx.timeLeft() >= ROT_ADMIT_LEFT_MS && this.ctx.mayDownload();
    for (const m of all) if (r.checks.has(m)) this.burstCheck(m, r, running);
    for (const m of running) {
      const j = judged.get(m);
      const w = rotationWindow(m.latencyMs());
      // What it could have had: its share of the link while the windows it is judged on ran (not the larger one
      // just freed by streams that ended: it has not had the time to take that), or what the fastest stream beside
      // it got. The far streams read on their bursts took what they took of the link; the slots shared the rest.
      const others = [...judged].filter(([o, oj]) => o !== m && !oj.ramping && !r.checks.has(o)).map(([, oj]) => oj.bps);
      const streams = Math.max(1, ...r.busy.filter(([at]) => at >= now - 2 * w).map(([, n]) => n));
      const burstsBps = [...r.checks].reduce((a, c) => a + (c.rate(now - 2 * w, now) ?? 0), 0);
      const couldBps = Math.max(Math.max(0, this.linkBps - burstsBps) / streams, ...others);
      // Room on the link is what every stream together carried over the same windows: far streams come in bursts,
      // and their own windows (a round trip) would spread the bursts thin.
      const spare = linkHasRoom(this.carried(now - 2 * w, now), this.linkBps);
      const v = rotationVerdict(
        { now, firstByteAt: m.firstByteAt, rttMs: m.latencyMs() ?? 0, bps: j?.bps, ramping: j?.ramping, before: m.rate(now - 2 * w, now - w) ?? 0 },
        { rotatedAt: r.at, couldBps, final: !admit, spare },
      );
      if (!v.done) continue;
      if (v.ownCap) this.atOwnCap.add(m);
      else this.atOwnCap.delete(m);
      // Read over both windows it was judged steady on: one window of 40 ms holds only two or three 16 KB pieces of
      // a 1.2 MB/s stream, and reads it anywhere from 0.8 to 1.2 MB/s. A first run's rate is a floor too: a stream
      // cut short now showed less than it had.
      const seen = m.rate(now - 2 * w, now) ?? j?.bps ?? 0;
      const bps = Math.max(seen, v.ownCap ? 0 : (this.screened.get(m) ?? r.firstShare));
      this.decide(m, 'hold', this.censoredEstimate(m, bps) ?? j?.expected, 2 * w);
    }
    if (!admit) {
      // The slot streams were judged above; far streams still to be read on their bursts get a little longer.
      const reading = this.undecided().some((m) => r.checks.has(m));
      if (reading && this.ctx.mayDownload() && this.ctx.timeLeft() >= ROT_ADMIT_LEFT_MS - BURST_GRACE_MS) return;
      return this.endScreening();
    }
    // A far mirror waiting for a slot runs again beside them instead, read on its bursts, if one can come in time.
    for (const m of r.waiting.filter((w) => this.burstFits(w, now, now, true))) {
      r.waiting.splice(r.waiting.indexOf(m), 1);
      r.checks.add(m);
      this.rerun(m);
    }
    const busy = running.filter((m) => !this.screening.get(m)?.decided).length;
    for (let free = ROTATE_SLOTS - busy; free > 0 && r.waiting.length > 0; ) {
      const m = r.waiting.shift() as Mirror;
      // Too far to show anything before admission ends: a run would only hold the final back.
      if (this.ctx.timeLeft() - ROT_ADMIT_LEFT_MS < rerunNeedsMs(m.latencyMs() ?? 0, this.linkBps / ROTATE_SLOTS)) this.holdOne(m, r);
      else {
        this.rerun(m);
        free--;
      }
    }
    const pending = [...this.screening.values()].some((s) => !s.decided || s.decided.kind === 'requeue');
    if (!pending && r.waiting.length === 0) this.endScreening();
  }

  /** What every stream of this tool brought together over (from, to], in bytes per second. */
  private carried(from: number, to: number): number {
    const bytes = this.joined.reduce((a, m) => a + m.bytesUntil(to) - m.bytesUntil(from), 0);
    return to > from ? (bytes * 1000) / (to - from) : 0;
  }

  /**
   * Whether `m` is far enough to be read on its bursts rather than in a slot, and a readable burst can come (its
   * request made at `requestAt`, on a `fresh` connection or the kept-alive one) by BURST_GRACE_MS after admission.
   */
  private burstFits(m: Mirror, now: number, requestAt = now, fresh = false): boolean {
    const rtt = m.latencyMs() ?? 0;
    return rtt >= BURST_CHECK_RTT_MS && requestAt + burstCheckNeedsMs(rtt, fresh) <= now + this.ctx.timeLeft() - ROT_ADMIT_LEFT_MS + BURST_GRACE_MS;
  }

  /**
   * A far stream beside the slots, once a burst of it can be read: it came at its share of the link among the
   * streams that ran meanwhile (the fastest slot stream had that much), or below it at its mirror's own cap.
   */
  private burstCheck(m: Mirror, r: Rotation, slots: readonly Mirror[]): void {
    // Before rotation settled, every stream had the small share of all of them at once.
    const b = lastBurst(m.samples, m.latencyMs() ?? 0, r.at + ROT_SETTLE_MS);
    if (!b) return;
    const beside = this.undecided().filter((o) => o !== m && o.bytesUntil(b.to) > o.bytesUntil(b.from)).length;
    const fastest = Math.max(0, ...slots.map((o) => o.rate(b.from, b.to) ?? 0));
    const own = burstAtOwnCap(b.bps, Math.max(fastest, this.linkBps / (beside + 1)));
    this.settleBurst(m, b, own);
  }

  private settleBurst(m: Mirror, b: Burst, own: boolean): void {
    if (own) this.atOwnCap.add(m);
    else this.atOwnCap.delete(m);
    this.unlevelled.delete(m);
    this.decide(m, 'hold', this.censoredEstimate(m, b.bps));
    // What it showed is the burst's rate, not its window's: slow start held the window, not the mirror.
    this.unlevelled.delete(m);
    m.throughputBps = b.bps;
    this.screened.set(m, b.bps);
  }

  /** Not a full link after all: every waiting stream runs again at once, and halving goes on. */
  private unrotate(): void {
    const waiting = this.rotation?.waiting ?? [];
    this.rotation = undefined;
    this.rotationRefuted = true;
    this.linkLimited = undefined;
    for (const m of waiting) this.rerun(m);
  }

  /** Streams still waiting for a rotation slot when screening ends keep what their first run showed. */
  private holdWaiting(): void {
    const r = this.rotation;
    if (!r) return;
    for (const m of r.waiting.splice(0)) this.holdOne(m, r);
  }

  private holdOne(m: Mirror, r: Rotation): void {
    this.held.set(m, this.censoredEstimate(m, this.rotationFloor(m, r)) ?? this.measuredEstimate(m));
  }

  /**
   * What a stream is known to reach once rotation is over: its own cap if it showed one, else the larger of its
   * last rate and the share every stream had when rotation began (a stream still waiting for its slot had that).
   */
  private rotationFloor(m: Mirror, r: Rotation): number {
    const last = this.screened.get(m) ?? 0;
    return this.atOwnCap.has(m) ? last : Math.max(last, r.firstShare);
  }

  private rerun(m: Mirror): void {
    m.resetThroughput();
    this.screen(m);
  }

  private startFinal(): void {
    // The finalists are the best as measured: on a shared link, those that got the largest share. After a
    // rotation every stream is ranked alike, on what its rate says of its mirror alone (censoredEstimate).
    const r = this.rotation;
    if (r) for (const [m, est] of this.held) this.held.set(m, this.censoredEstimate(m, this.rotationFloor(m, r)) ?? est);
    const ranked = [...this.held].sort((a, b) => (a[1] ?? Infinity) - (b[1] ?? Infinity));
    this.held.clear();
    // A mirror listing an older version than most is stale and never picked, whatever its speed: no solo run.
    const reference = referenceVersion(versionsOf(this.joined));
    const current = ranked.filter(([m]) => !lagsBehind(m.verdict?.version, reference));
    const finalists = this.ctx.quick ? [] : this.chooseFinalists(current).filter(([, est]) => est !== undefined);
    for (const [m] of finalists) this.finalists.add(m);
    for (const [m] of finalists.slice(FINALISTS)) this.extras.add(m);
    for (const [m, est] of ranked) if (!finalists.some(([f]) => f === m)) this.settleMeasured(m, est, this.ctx.quick ? 'solo' : 'measured');
    this.phase = 'final';
    if (finalists.length === 1) {
      const [m, est] = finalists[0] as [Mirror, number | undefined];
      this.settleMeasured(m, est, 'solo');
    } else
      for (const [m, est] of finalists) {
        const known = r !== undefined && est !== undefined && knownAlone(this.atOwnCap.has(m), this.screened.get(m) ?? 0, this.linkBps);
        if (!known) {
          this.queueSolo(m, est as number);
          continue;
        }
        // Its rotation run already showed what it does alone: a solo run would only spend the finals' time.
        this.bestSolo = Math.min(this.bestSolo ?? Infinity, est);
        this.settleMeasured(m, est, 'solo');
      }
    this.nextSolo();
  }

  /**
   * The best estimate leads. After a rotation the others were seen at shares of a full link, so their estimates
   * are middles of wide ranges: the rest of the finalists are those whose solo run can be expected to gain most
   * over the leader (expectedGain), which favours near mirrors seen only at a small share over one that happened
   * to get a larger share and so a better middle.
   */
  private chooseFinalists(ranked: [Mirror, number | undefined][]): [Mirror, number | undefined][] {
    const count = this.finalistCount(ranked);
    const r = this.rotation;
    const [lead, ...rest] = ranked;
    if (!r || lead?.[1] === undefined) return ranked.slice(0, count);
    const leadMs = lead[1];
    const gain = new Map(
      rest.map(([m]) => {
        const lower = Math.max(this.screened.get(m) ?? 0, this.atOwnCap.has(m) ? 0 : r.firstShare);
        return [m, expectedGain((cap) => m.soloEstimate(this.ctx.artifact(m), cap) ?? Infinity, lower, this.linkBps, this.atOwnCap.has(m), leadMs)];
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
  private finalistCount(ranked: [Mirror, number | undefined][]): number {
    if (this.linkLimited !== true) return FINALISTS;
    // After a rotation every estimate but own caps is a middle of a range: as many as time allows run alone.
    if (this.rotation) return TIED_FINALISTS;
    const best = ranked[0]?.[1];
    if (best === undefined) return FINALISTS;
    const tied = ranked.filter(([, est]) => est !== undefined && est * TIED_SHARE <= best).length;
    return Math.min(TIED_FINALISTS, Math.max(FINALISTS, tied));
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
    // The extra finalists of a tied shared-link screening are worth their time only while the test stays short.
    const late = this.extras.has(m) && this.ctx.timeLeft() < EXTRA_SOLO_LEFT_MS;
    // Without a full link its screening rate was its own, so an estimate far behind the best solo run cannot win.
    const beaten = this.linkLimited === false && fallback !== undefined && this.bestSolo !== undefined && fallback > CANNOT_WIN * this.bestSolo;
    if (this.closed || late || beaten || !this.ctx.mayDownload() || cap < SOLO_MIN_BYTES || this.ctx.timeLeft() < SOLO_NEEDS_MS) {
      // Not run alone, it ranks with the others on its screening estimate: first place is for measured solo runs.
      if (fallback !== undefined) this.settleMeasured(m, fallback, 'measured');
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
        this.observeSolo(m, solo.ramping ?? false);
        this.settleMeasured(m, est, 'solo');
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

  /**
   * Whether the streams shared a full link, from how the survivors of the last halving answered it (link.ts),
   * and the link's capacity. Once a full link is seen, the estimates of the streams stopped so far are revised.
   */
  private observeLink(judged: ({ m: Mirror } & Judgement)[]): void {
    const rates = new Map<Mirror, RoundRate>(judged.map((j) => [j.m, { bps: j.bps, ramping: j.ramping }]));
    this.linkBps = Math.max(this.linkBps, judged.reduce((a, j) => a + j.bps, 0));
    for (const j of judged) if (!j.ramping) this.levelledRate.set(j.m, j.bps);
    if (this.prevRound) {
      const r = linkResponse(this.prevRound, rates);
      // A full link seen once stays the explanation: later rounds with few streams may well not fill it.
      // Survivors that did not speed up are weaker evidence (streams joining late or still ramping take up a
      // freed share too): enough to allow the "cannot win" cut, never enough to undo a full link.
      if (r.limited === true) {
        this.linkLimited = true;
        // Most survivors took over the freed share and these did not: they run at their mirror's own cap.
        for (const m of r.atOwnCap) this.atOwnCap.add(m);
      } else if (r.limited === false) this.linkLimited ??= false;
    }
    this.prevRound = rates;
    this.reviseScreened();
  }

  /** A finalist's solo run tells whether screening shared a full link, and at least how fast that link is. */
  private observeSolo(m: Mirror, ramping: boolean): void {
    const bps = m.throughputBps;
    // Only a rate seen levelled off in screening: one still in slow start would make any solo run look faster.
    const full = soloResponse(this.levelledRate.get(m), bps === undefined ? undefined : { bps, ramping });
    if (full === true) {
      this.linkLimited = true;
      this.linkBps = Math.max(this.linkBps, bps ?? 0);
    } else if (full === false) this.linkLimited ??= false;
    this.reviseScreened();
  }

  /** On a full link, the share each stream had while the most of them ran at once: the floor for one that showed nothing more. */
  private smallestShare(): number {
    return this.linkBps / Math.max(1, this.peakStreams);
  }

  /** What a stream seen at `lowerBps` on the full link would do alone (undefined when the link was not full). */
  private censoredEstimate(m: Mirror, lowerBps: number): number | undefined {
    if (this.linkLimited !== true) return undefined;
    // Stopped before it levelled off, a stream is known no better than any that shared the link at its fullest.
    const lower = this.unlevelled.has(m) ? Math.max(lowerBps, this.smallestShare()) : lowerBps;
    const cap = this.atOwnCap.has(m) ? lower : capGuess(lower, this.linkBps);
    return m.soloEstimate(this.ctx.artifact(m), cap);
  }

  private reviseScreened(): void {
    if (this.linkLimited !== true) return;
    for (const [m, bps] of this.screened) {
      if (this.finalists.has(m)) continue;
      const est = this.censoredEstimate(m, bps);
      if (est === undefined || !Number.isFinite(est) || this.revised.get(m) === est) continue;
      this.revised.set(m, est);
      this.ctx.revise(m, est);
    }
  }

  private settleMeasured(m: Mirror, est: number | undefined, evidence: 'solo' | 'measured'): void {
    if (!this.finalists.has(m)) est = this.revised.get(m) ?? est;
    if (est !== undefined && Number.isFinite(est)) {
      this.bestEst = Math.min(this.bestEst ?? Infinity, est);
      return this.ctx.settle(m, 'ok', est, evidence);
    }
    if (m.cutBy === 'cannot-win') return this.ctx.unmeasured(m, 'probe.note.cannot-win', 'slow');
    const guess = this.priorEstimate(m);
    if (guess !== undefined) return this.ctx.guessed(m, guess);
    this.ctx.unmeasured(m, this.closed ? 'probe.note.global' : 'probe.note.too-few-bytes');
  }

  /**
   * A live mirror whose stream had no body in time is still known by its first byte and round trip: alone it
   * would ramp up from them (slow start) to a cap like the others' (the rate they levelled off at, or on a full
   * link the middle guess for a stream seen at the smallest share). Ranked on that, it stands among mirrors of
   * its distance rather than below them all; the pick is never such a guess (rank.ts).
   */
  private priorEstimate(m: Mirror): number | undefined {
    const cap = this.linkLimited === true ? capGuess(this.smallestShare(), this.linkBps) : median(this.levelled);
    if (cap === undefined || !(cap > 0)) return undefined;
    const est = m.soloEstimate(this.ctx.artifact(m), cap);
    return est !== undefined && Number.isFinite(est) ? est : undefined;
  }
}
