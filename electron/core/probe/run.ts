import type { Cut } from './failure';
import type { Mirror } from './mirror';
import { Tournament } from './tournament';
import { GUESSED_NOTE, HOST_NOTE, type ArtifactProfile, type Evidence, type Final, type ProbeOutcome } from './types';
import type { Clock } from './world';
import {
  BUDGET_SHARE,
  CANNOT_WIN,
  FINAL_RESERVE,
  GATE_MS,
  LIVENESS_SLOTS,
  LIVENESS_WAVES,
  PER_MIRROR_CAP,
  QUICK_PER_MIRROR_CAP,
  SCREEN_CAP,
  SLOT_HOLD_MS,
  TICK_MS,
  WINDOW_MS,
} from './tuning';

export interface RunConfig {
  quick: boolean;
  deadlineMs: number;
  budgetBytes: number;
  clock: Clock;
  artifact?: ArtifactProfile;
  onFinal: (m: Mirror, outcome: ProbeOutcome, estimateMs?: number) => void;
}

/**
 * The schedule of one test: liveness probes with bounded starts, then one throughput tournament per tool
 * (tournament.ts), all under one global deadline and one byte budget.
 */
export class Run {
  readonly finals = new Map<Mirror, Final>();
  private readonly tournaments = new Map<string, Tournament>();
  private readonly t0: number;
  private phase2At?: number;
  private rounds = 0;
  private bytes = 0;
  private downloading = true;
  private stopped = false;
  private finish: () => void = () => {};

  constructor(
    private readonly mirrors: Mirror[],
    private readonly cfg: RunConfig,
  ) {
    this.t0 = cfg.clock.now();
    for (const m of mirrors) {
      if (this.tournaments.has(m.group)) continue;
      this.tournaments.set(
        m.group,
        new Tournament({
          now: () => cfg.clock.now(),
          artifact: (x) => this.artifact(x),
          quick: cfg.quick,
          screenCap: cfg.quick ? QUICK_PER_MIRROR_CAP : SCREEN_CAP,
          perMirrorCap: cfg.quick ? QUICK_PER_MIRROR_CAP : PER_MIRROR_CAP,
          timeLeft: () => cfg.deadlineMs - this.elapsed(),
          mayDownload: () => this.downloading,
          bytesLeft: () => BUDGET_SHARE * cfg.budgetBytes - this.bytes,
          settle: (x, outcome, est, evidence) => this.settle(x, outcome, est, evidence),
          unmeasured: (x, note, outcome) => this.unmeasured(x, note, outcome),
          guessed: (x, est) => {
            x.annotate({ code: GUESSED_NOTE });
            this.settle(x, 'ok', est, 'guessed');
          },
          revise: (x, est) => {
            const f = this.finals.get(x);
            if (f?.estimateMs !== undefined && (f.outcome === 'ok' || f.outcome === 'slow')) f.estimateMs = est;
          },
        }),
      );
    }
  }

  /** Resolves when every mirror has a result; `stopAll` ends it early (global deadline, abort). */
  execute(): Promise<void> {
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    const { clock } = this.cfg;
    const tick = clock.setInterval(() => this.tick(), TICK_MS);
    const deadline = clock.setTimeout(
      () => this.stopAll({ deadline: 'global', elapsedMs: this.cfg.deadlineMs }),
      Math.max(0, this.cfg.deadlineMs),
    );
    this.startLiveness();
    this.checkDone();
    return done.finally(() => {
      clock.clearInterval(tick);
      clock.clearTimeout(deadline);
    });
  }

  addBytes(n: number): void {
    this.bytes += n;
    if (this.phase2At === undefined || !this.downloading) return;
    // Stop a little short of the budget (what is in flight still arrives), and keep enough for the finals.
    const limit = BUDGET_SHARE * this.cfg.budgetBytes;
    const reserve = this.cfg.quick ? 0 : FINAL_RESERVE;
    if (this.bytes >= limit - reserve) for (const t of this.tournaments.values()) t.endScreening();
    if (this.bytes >= limit) {
      this.downloading = false;
      for (const t of this.tournaments.values()) t.close();
    }
  }

  /** Global deadline or abort: streams stop with what they measured, everything still waiting is cut. */
  stopAll(cut: Cut): void {
    this.stopped = true;
    this.downloading = false;
    for (const t of this.tournaments.values()) t.close();
    for (const m of this.mirrors) {
      if (m.state === 'waiting') {
        m.notStarted(cut.deadline);
        this.settle(m, 'connect-timeout');
      } else if (m.state === 'liveness') m.cut(cut);
      else if (m.state === 'live') this.unmeasured(m, 'probe.note.global');
    }
  }

  private artifact(m: Mirror): ArtifactProfile {
    return this.cfg.artifact ?? m.spec.profile;
  }

  private elapsed(): number {
    return this.cfg.clock.now() - this.t0;
  }

  private startLiveness(): void {
    const queue = [...this.mirrors];
    let free = Math.max(LIVENESS_SLOTS, Math.ceil(queue.length / LIVENESS_WAVES));
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
        const hold = this.cfg.clock.setTimeout(release, SLOT_HOLD_MS);
        void m.liveness().then(() => {
          this.cfg.clock.clearTimeout(hold);
          release();
          this.afterLiveness(m);
        });
      }
    };
    next();
  }

  private afterLiveness(m: Mirror): void {
    if (m.failure) return this.settle(m, m.failure.outcome);
    if (this.stopped) return this.unmeasured(m, 'probe.note.global');
    if (!m.verdict?.throughputUrl) {
      m.annotate({ code: 'probe.note.latency-only' });
      const est = m.estimate(this.artifact(m));
      const t = this.tournaments.get(m.group) as Tournament;
      if (est !== undefined) t.bestEst = Math.min(t.bestEst ?? Infinity, est);
      return this.settle(m, 'ok', est, 'solo');
    }
    if (this.phase2At !== undefined) (this.tournaments.get(m.group) as Tournament).join(m);
    this.maybeStartPhase2();
  }

  private maybeStartPhase2(): void {
    if (this.phase2At !== undefined) return;
    const pending = this.mirrors.some((m) => m.state === 'waiting' || m.state === 'liveness');
    const ready = this.mirrors.filter((m) => m.state === 'live');
    if (ready.length === 0 || (pending && this.elapsed() < GATE_MS)) return;
    this.phase2At = this.cfg.clock.now();
    // Quick mode measures the lowest-latency few: they join first.
    if (this.cfg.quick) ready.sort((a, b) => (a.latencyMs() ?? Infinity) - (b.latencyMs() ?? Infinity));
    for (const m of ready) (this.tournaments.get(m.group) as Tournament).join(m);
  }

  private tick(): void {
    this.maybeStartPhase2();
    const now = this.cfg.clock.now();
    for (const m of this.mirrors) {
      // A liveness probe with no answer yet whose first byte alone could no longer beat the best estimate.
      const best = this.tournaments.get(m.group)?.bestEst;
      const waited = now - (m.startedAt ?? now);
      if (m.state === 'liveness' && best !== undefined && waited > CANNOT_WIN * best)
        m.cut({ deadline: 'cannot-win', elapsedMs: waited });
    }
    const round = this.phase2At !== undefined && now - this.phase2At >= (this.rounds + 1) * WINDOW_MS;
    if (round) this.rounds++;
    for (const t of this.tournaments.values()) {
      if (round) t.round(now);
      t.tick(now);
    }
    this.checkDone();
  }

  private unmeasured(m: Mirror, note: string, outcome: ProbeOutcome = 'ok'): void {
    // Out of time or budget before its own stream: its host may have been measured for another tool; if not, it
    // is estimated from its latency, as a live mirror whose stream brought nothing in time is.
    if (outcome === 'ok' && (note === 'probe.note.global' || note === 'probe.note.budget')) {
      const est = m.readHost() ? m.measuredEstimate(this.artifact(m), WINDOW_MS) : undefined;
      if (est !== undefined && Number.isFinite(est)) {
        m.annotate({ code: HOST_NOTE });
        return this.settle(m, 'ok', est, 'measured');
      }
      const t = m.verdict?.throughputUrl ? this.tournaments.get(m.group) : undefined;
      const guess = t?.link.priorEstimate(m, t.levelledMedian());
      if (guess !== undefined) {
        m.annotate({ code: GUESSED_NOTE });
        return this.settle(m, 'ok', guess, 'guessed');
      }
    }
    m.annotate({ code: note });
    this.settle(m, outcome, undefined, 'none');
  }

  private settle(m: Mirror, outcome: ProbeOutcome, estimateMs?: number, evidence: Evidence = 'none'): void {
    if (this.finals.has(m)) return;
    m.finish();
    this.finals.set(m, { outcome, ...(estimateMs !== undefined ? { estimateMs } : {}), evidence });
    this.cfg.onFinal(m, outcome, estimateMs);
    this.checkDone();
  }

  private checkDone(): void {
    if (this.finals.size === this.mirrors.length) this.finish();
  }
}
