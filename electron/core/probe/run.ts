import type { Cut } from './failure';
import { ProbeFailure } from './failure';
import { judge, stable } from './judge';
import type { Mirror } from './mirror';
import type { ArtifactProfile, ProbeOutcome } from './types';

/** Latency phase: at most this many probes starting at once; a probe holds its slot until it ends or this long. */
const LIVENESS_SLOTS = 8;
const SLOT_HOLD_MS = 250;
/** The throughput phase starts when every liveness probe has ended, or this long after the start. */
const GATE_MS = 500;
/** Successive halving: every window, the worse half of each tool's streams is cancelled. */
const WINDOW_MS = 350;
const TICK_MS = 50;
/** A stream is judged only once it has delivered body bytes for this long. */
const MIN_JUDGED_MS = 100;
/** "Cannot win any more": stop waiting once even a perfect answer could not come within this factor of the best. */
const CANNOT_WIN = 1.25;
const PER_MIRROR_CAP = 4_000_000;
const QUICK_PER_MIRROR_CAP = 3_000_000;
const QUICK_STREAMS = 3;
/** Stop the finalists early when their rate over the last sub-windows varies less than this (rate-mirrors' rule). */
const STABLE_CV = 0.0625;

export interface RunConfig {
  quick: boolean;
  deadlineMs: number;
  budgetBytes: number;
  now: () => number;
  artifact?: ArtifactProfile;
  onFinal: (m: Mirror, outcome: ProbeOutcome, estimateMs?: number) => void;
}

/** How a mirror ended up: its estimate and how far it got in the halving (Infinity = to the end). */
export interface Final {
  outcome: ProbeOutcome;
  estimateMs?: number;
  tier: number;
}

interface Group {
  mirrors: Mirror[];
  bestEst?: number;
  finalRounds: number;
  started: number;
}

/** The schedule of one test: liveness with bounded starts, then halving rounds, under one global deadline. */
export class Run {
  readonly finals = new Map<Mirror, Final>();
  private readonly groups = new Map<string, Group>();
  private readonly streams = new Map<Mirror, { stop: AbortController; tier?: number; est?: number }>();
  private readonly t0: number;
  private phase2At?: number;
  private round = 0;
  private bytes = 0;
  private budgetHit = false;
  private stopped = false;
  private finish: () => void = () => {};

  constructor(
    private readonly mirrors: Mirror[],
    private readonly cfg: RunConfig,
  ) {
    this.t0 = cfg.now();
    for (const m of mirrors) {
      const g = this.groups.get(m.group) ?? { mirrors: [], finalRounds: 0, started: 0 };
      g.mirrors.push(m);
      this.groups.set(m.group, g);
    }
  }

  /** Resolves when every mirror has a final result; `stopAll` ends it early (global deadline, abort). */
  execute(): Promise<void> {
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    const tick = setInterval(() => this.tick(), TICK_MS);
    const deadline = setTimeout(() => this.stopAll({ deadline: 'global', elapsedMs: this.cfg.deadlineMs }), Math.max(0, this.cfg.deadlineMs));
    this.startLiveness();
    this.checkDone();
    return done.finally(() => {
      clearInterval(tick);
      clearTimeout(deadline);
    });
  }

  addBytes(n: number): void {
    this.bytes += n;
    if (!this.budgetHit && this.phase2At !== undefined && this.bytes >= this.cfg.budgetBytes) {
      this.budgetHit = true;
      for (const m of [...this.streams.keys()]) this.stopStream(m, Infinity);
    }
  }

  /** Global deadline or abort: streams stop with what they measured, everything still waiting is cut. */
  stopAll(cut: Cut): void {
    this.stopped = true;
    this.budgetHit = true;
    for (const m of [...this.streams.keys()]) this.stopStream(m, Infinity);
    for (const m of this.mirrors) {
      if (m.state === 'waiting') {
        m.failure = new ProbeFailure('connect-timeout', { code: 'probe.reason.not-started' }, cut.deadline);
        m.state = 'done';
        this.settle(m, 'connect-timeout');
      } else if (m.state === 'liveness') m.cut(cut);
      else if (m.state === 'live') this.settleUnmeasured(m, cut.deadline === 'global' ? 'probe.note.global' : 'probe.note.cannot-win');
    }
  }

  private artifact(m: Mirror): ArtifactProfile {
    return this.cfg.artifact ?? m.spec.profile;
  }

  private elapsed(): number {
    return this.cfg.now() - this.t0;
  }

  private startLiveness(): void {
    const queue = [...this.mirrors];
    let free = LIVENESS_SLOTS;
    const next = (): void => {
      while (free > 0 && queue.length > 0 && !this.stopped) {
        const m = queue.shift() as Mirror;
        free--;
        let held = true;
        const release = (): void => {
          if (!held) return;
          held = false;
          free++;
          next();
        };
        const hold = setTimeout(release, SLOT_HOLD_MS);
        void m.liveness().then(() => {
          clearTimeout(hold);
          release();
          this.afterLiveness(m);
        });
      }
    };
    next();
  }

  private afterLiveness(m: Mirror): void {
    if (m.failure) return this.settle(m, m.failure.outcome);
    if (!m.verdict?.throughputUrl) {
      m.note = { code: 'probe.note.latency-only' };
      return this.settle(m, 'ok', m.estimate(this.artifact(m)), Infinity);
    }
    if (this.phase2At !== undefined) this.join(m);
    this.maybeStartPhase2();
  }

  private maybeStartPhase2(): void {
    if (this.phase2At !== undefined) return;
    const pending = this.mirrors.some((m) => m.state === 'waiting' || m.state === 'liveness');
    const ready = this.mirrors.some((m) => m.state === 'live');
    if (!ready || (pending && this.elapsed() < GATE_MS)) return;
    this.phase2At = this.cfg.now();
    for (const g of this.groups.values()) {
      const live = g.mirrors.filter((m) => m.state === 'live');
      // Quick mode measures only the lowest-latency few; the rest stay ranked by latency.
      if (this.cfg.quick) live.sort((a, b) => (a.latencyMs() ?? Infinity) - (b.latencyMs() ?? Infinity));
      for (const m of live) this.join(m);
    }
  }

  private join(m: Mirror): void {
    const g = this.groups.get(m.group) as Group;
    const ttfb = m.session.coldTtfbMs ?? Infinity;
    if (g.bestEst !== undefined && ttfb > CANNOT_WIN * g.bestEst) {
      m.cutBy = 'cannot-win';
      return this.settleUnmeasured(m, 'probe.note.cannot-win', 'slow');
    }
    if (this.budgetHit) return this.settleUnmeasured(m, 'probe.note.budget');
    if (this.cfg.quick && g.started >= QUICK_STREAMS) return this.settleUnmeasured(m, 'probe.note.quick');
    g.started++;
    const stop = new AbortController();
    this.streams.set(m, { stop });
    void m.measure(stop.signal, this.cfg.quick ? QUICK_PER_MIRROR_CAP : PER_MIRROR_CAP).then(() => {
      const s = this.streams.get(m);
      this.streams.delete(m);
      if (m.failure) return this.settle(m, m.failure.outcome);
      // A stream stopped by a round keeps the estimate it was judged on; one that ran to its end is measured.
      if (s?.tier === undefined) {
        const last = m.samples[m.samples.length - 1]?.[0];
        m.stoppedAt = last;
        m.throughputBps = last === undefined ? undefined : (m.rate(last - WINDOW_MS, last) ?? m.overallRate());
      }
      const est = s?.est ?? m.estimate(this.artifact(m), m.throughputBps, m.stoppedAt);
      if (est === undefined || !Number.isFinite(est)) {
        if (m.cutBy === 'cannot-win') return this.settleUnmeasured(m, 'probe.note.cannot-win', 'slow');
        return this.settleUnmeasured(m, this.stopped ? 'probe.note.global' : 'probe.note.too-few-bytes');
      }
      this.settle(m, 'ok', est, s?.tier ?? Infinity);
    });
  }

  private tick(): void {
    this.maybeStartPhase2();
    const now = this.cfg.now();
    for (const m of this.mirrors) {
      const g = this.groups.get(m.group) as Group;
      if (m.state === 'liveness' && g.bestEst !== undefined && now - (m.startedAt ?? now) > CANNOT_WIN * g.bestEst) {
        m.cut({ deadline: 'cannot-win', elapsedMs: now - (m.startedAt ?? now) });
      }
    }
    if (this.phase2At !== undefined && now - this.phase2At >= (this.round + 1) * WINDOW_MS) {
      this.round++;
      for (const g of this.groups.values()) this.evaluate(g, now);
    }
    this.checkDone();
  }

  /**
   * One round of one tool's streams: stop those that cannot win even optimistically, then halve the rest by
   * estimate (optimistic while a stream is still in slow start). With two left, they run two more windows, or
   * less once their rates are stable.
   */
  private evaluate(g: Group, now: number): void {
    const active = g.mirrors.filter((m) => this.streams.get(m)?.tier === undefined && this.streams.has(m));
    if (active.length === 0) return;
    const judged: { m: Mirror; est: number }[] = [];
    for (const m of active) {
      if (m.firstByteAt === undefined) {
        if (g.bestEst !== undefined && now - (m.requestAt ?? now) > CANNOT_WIN * g.bestEst) {
          m.cutBy = 'cannot-win';
          this.stopStream(m, this.round);
        }
        continue;
      }
      if (now - m.firstByteAt < MIN_JUDGED_MS) continue;
      const j = judge(m, now, WINDOW_MS, this.artifact(m));
      if (!j) continue;
      g.bestEst = Math.min(g.bestEst ?? Infinity, j.steady);
      judged.push({ m, est: j.optimistic });
    }
    const cut = judged.filter((j) => j.est > CANNOT_WIN * (g.bestEst ?? Infinity));
    for (const j of cut) this.stopStream(j.m, this.round, j.est);
    const left = judged.filter((j) => !cut.includes(j)).sort((a, b) => a.est - b.est);
    const remaining = active.length - cut.length;
    const limit = this.cfg.quick ? QUICK_STREAMS : 2;
    if (remaining > limit) {
      const drop = remaining - Math.max(limit, Math.ceil(remaining / 2));
      for (const j of left.slice(Math.max(0, left.length - drop))) this.stopStream(j.m, this.round, j.est);
      return;
    }
    g.finalRounds++;
    const finalists = active.filter((m) => this.streams.get(m)?.tier === undefined);
    if (g.finalRounds >= 2 || finalists.every((m) => stable(m, now, STABLE_CV))) for (const m of finalists) this.stopStream(m, Infinity);
  }

  /** Stop a stream; it is ranked on `est` (the estimate it was judged on) or on what it measured until now. */
  private stopStream(m: Mirror, tier: number, est?: number): void {
    const s = this.streams.get(m);
    if (!s || s.tier !== undefined) return;
    s.tier = tier;
    const now = this.cfg.now();
    m.stoppedAt = now;
    m.throughputBps = m.rate(now - WINDOW_MS, now) ?? m.overallRate();
    s.est = est ?? m.estimate(this.artifact(m), m.throughputBps, now);
    s.stop.abort();
  }

  private settleUnmeasured(m: Mirror, note: string, outcome: ProbeOutcome = 'ok'): void {
    m.note = { code: note };
    m.state = 'done';
    m.close();
    this.settle(m, outcome, undefined, -1);
  }

  private settle(m: Mirror, outcome: ProbeOutcome, estimateMs?: number, tier = -2): void {
    if (this.finals.has(m)) return;
    m.state = 'done';
    m.close();
    if (outcome === 'ok' && estimateMs !== undefined) {
      const g = this.groups.get(m.group) as Group;
      g.bestEst = Math.min(g.bestEst ?? Infinity, estimateMs);
    }
    this.finals.set(m, { outcome, ...(estimateMs !== undefined ? { estimateMs } : {}), tier });
    this.cfg.onFinal(m, outcome, estimateMs);
    this.checkDone();
  }

  private checkDone(): void {
    if (this.finals.size === this.mirrors.length) this.finish();
  }
}
