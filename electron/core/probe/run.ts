import { convertEstimate } from './host-estimate';
import { HostGroups } from './hosts';
import { startLiveness } from './liveness';
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
  HOST_PROFILE,
  PER_MIRROR_CAP,
  QUICK_PER_MIRROR_CAP,
  SCREEN_CAP,
  TICK_MS,
  WINDOW_MS,
} from './tuning';

export interface RunConfig {
  quick: boolean;
  deadlineMs: number;
  budgetBytes: number;
  clock: Clock;
  artifact?: ArtifactProfile;
  /** One throughput phase for every tool, a host streamed once (hosts.ts); false: one per tool, nothing shared. */
  share: boolean;
  onFinal: (m: Mirror, outcome: ProbeOutcome, estimateMs?: number) => void;
}

/** How the throughput phase settled a leader: each of its followers is settled the same way. */
type How =
  | { kind: 'settle'; outcome: ProbeOutcome; est?: number; evidence: Evidence }
  | { kind: 'unmeasured'; note: string; outcome: ProbeOutcome }
  | { kind: 'guessed'; est: number };

/**
 * The schedule of one test: liveness probes with bounded starts, then the throughput phase (tournament.ts), all
 * under one global deadline and one byte budget. Every tool's hosts go through one phase: the access link is one,
 * and a host is one whatever it serves, so one phase sees what is a share of the link and what is a cap, and
 * measures each host once (hosts.ts); each candidate is then ranked on it in its tool's own terms.
 */
export class Run {
  readonly finals = new Map<Mirror, Final>();
  private readonly tournaments = new Map<string, Tournament>();
  private readonly hosts: HostGroups;
  private readonly settledAs = new Map<Mirror, How>();
  /** Every candidate has one artifact (one tool, or the benchmark's): the phase ranks in it directly. */
  private readonly uniform: boolean;
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
    this.hosts = new HostGroups(cfg.share);
    const profiles = new Set(mirrors.map((m) => JSON.stringify(this.ownArtifact(m))));
    this.uniform = profiles.size <= 1;
    for (const m of mirrors) {
      const key = this.phaseOf(m);
      if (!this.tournaments.has(key)) this.tournaments.set(key, this.tournament());
    }
  }

  private tournament(): Tournament {
    const cfg = this.cfg;
    return new Tournament({
      now: () => cfg.clock.now(),
      artifact: (x) => this.hostArtifact(x),
      quick: cfg.quick,
      screenCap: cfg.quick ? QUICK_PER_MIRROR_CAP : SCREEN_CAP,
      perMirrorCap: cfg.quick ? QUICK_PER_MIRROR_CAP : PER_MIRROR_CAP,
      timeLeft: () => cfg.deadlineMs - this.elapsed(),
      mayDownload: () => this.downloading,
      bytesLeft: () => BUDGET_SHARE * cfg.budgetBytes - this.bytes,
      fresh: (x) => this.hosts.fresh(x),
      groupsOf: (x) => [...new Set([x.group, ...this.hosts.followers(x).map((f) => f.group)])],
      settle: (x, outcome, est, evidence = 'none') => this.settleLeader(x, { kind: 'settle', outcome, est, evidence }),
      unmeasured: (x, note, outcome = 'ok') => this.settleLeader(x, { kind: 'unmeasured', note, outcome }),
      guessed: (x, est) => this.settleLeader(x, { kind: 'guessed', est }),
      revise: (x, est) => {
        for (const y of [x, ...this.hosts.followers(x)]) {
          const f = this.finals.get(y);
          const e = this.asOwn(est, x, y);
          if (e !== undefined && f?.estimateMs !== undefined && (f.outcome === 'ok' || f.outcome === 'slow'))
            f.estimateMs = e;
        }
      },
    });
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
    startLiveness(
      this.mirrors,
      this.cfg.clock,
      () => this.stopped,
      (m) => this.afterLiveness(m),
      this.cfg.share,
    );
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

  private phaseOf(m: Mirror): string {
    return this.cfg.share ? '' : m.group;
  }

  private ownArtifact(m: Mirror): ArtifactProfile {
    return this.cfg.artifact ?? m.spec.profile;
  }

  /** What the phase ranks hosts on: their tools' artifact when all share one, else one neutral fetch. */
  private hostArtifact(m: Mirror): ArtifactProfile {
    return this.uniform || !this.cfg.share ? this.ownArtifact(m) : HOST_PROFILE;
  }

  /** `est` of leader `l` (in the phase's artifact) as `x`'s own: its latency, its artifact (host-estimate.ts). */
  private asOwn(est: number, l: Mirror, x: Mirror): number | undefined {
    const from = this.hostArtifact(l);
    const to = this.ownArtifact(x);
    if (x === l && from === to) return est;
    return convertEstimate(est, { m: l, artifact: from }, { m: x, artifact: to });
  }

  private elapsed(): number {
    return this.cfg.clock.now() - this.t0;
  }

  private afterLiveness(m: Mirror): void {
    if (m.failure) return this.settle(m, m.failure.outcome);
    if (this.stopped) return this.unmeasured(m, 'probe.note.global');
    if (!m.verdict?.throughputUrl) {
      m.annotate({ code: 'probe.note.latency-only' });
      const est = m.estimate(this.ownArtifact(m));
      const t = this.tournaments.get(this.phaseOf(m)) as Tournament;
      if (est !== undefined) t.best.note(m, est);
      return this.settle(m, 'ok', est, 'solo');
    }
    const leader = this.hosts.place(m);
    if (leader) {
      // Its host already streams for another candidate; settled as that one is, now or when it is.
      const how = this.settledAs.get(leader);
      if (how) this.settleAs(m, leader, how);
      return;
    }
    if (this.phase2At !== undefined) (this.tournaments.get(this.phaseOf(m)) as Tournament).join(m);
    this.maybeStartPhase2();
  }

  private maybeStartPhase2(): void {
    if (this.phase2At !== undefined) return;
    const pending = this.mirrors.some((m) => m.state === 'waiting' || m.state === 'liveness');
    const ready = this.mirrors.filter((m) => m.state === 'live' && this.hosts.leads(m));
    if (ready.length === 0 || (pending && this.elapsed() < GATE_MS)) return;
    this.phase2At = this.cfg.clock.now();
    // Quick mode measures the lowest-latency few: they join first.
    if (this.cfg.quick) ready.sort((a, b) => (a.latencyMs() ?? Infinity) - (b.latencyMs() ?? Infinity));
    for (const m of ready) (this.tournaments.get(this.phaseOf(m)) as Tournament).join(m);
  }

  private tick(): void {
    this.maybeStartPhase2();
    const now = this.cfg.clock.now();
    for (const m of this.mirrors) {
      // A liveness probe with no answer yet whose first byte alone could no longer beat the best estimate.
      if (m.state !== 'liveness') continue;
      const best = this.tournaments.get(this.phaseOf(m))?.best.toBeat(m);
      const waited = now - (m.startedAt ?? now);
      if (best !== undefined && waited > CANNOT_WIN * best) m.cut({ deadline: 'cannot-win', elapsedMs: waited });
    }
    const round = this.phase2At !== undefined && now - this.phase2At >= (this.rounds + 1) * WINDOW_MS;
    if (round) this.rounds++;
    for (const t of this.tournaments.values()) {
      if (round) t.round(now);
      t.tick(now);
    }
    this.checkDone();
  }

  /** The phase settled leader `l`: so are the candidates following it, unless its own file failed on the host. */
  private settleLeader(l: Mirror, how: How): void {
    if (how.kind === 'settle' && l.failure) {
      this.settle(l, how.outcome);
      const next = this.hosts.promote(l);
      if (next) (this.tournaments.get(this.phaseOf(next)) as Tournament).join(next);
      return;
    }
    this.settledAs.set(l, how);
    for (const x of [l, ...this.hosts.followers(l)]) this.settleAs(x, l, how);
  }

  private settleAs(x: Mirror, l: Mirror, how: How): void {
    if (how.kind === 'unmeasured') return this.unmeasured(x, how.note, how.outcome);
    if (x !== l) x.follow(l);
    const est = how.est === undefined ? undefined : this.asOwn(how.est, l, x);
    if (how.kind === 'guessed') {
      if (est === undefined) return this.unmeasured(x, 'probe.note.too-few-bytes');
      x.annotate({ code: GUESSED_NOTE });
      return this.settle(x, 'ok', est, 'guessed');
    }
    const note = l.note;
    if (x !== l && note) x.annotate(note);
    this.settle(x, how.outcome, est, how.evidence);
  }

  private unmeasured(m: Mirror, note: string, outcome: ProbeOutcome = 'ok'): void {
    // Out of time or budget before its own stream: its host may have been measured for another tool; if not, it
    // is estimated from its latency, as a live mirror whose stream brought nothing in time is.
    if (outcome === 'ok' && (note === 'probe.note.global' || note === 'probe.note.budget')) {
      const est = m.readHost() ? m.measuredEstimate(this.ownArtifact(m), WINDOW_MS) : undefined;
      if (est !== undefined && Number.isFinite(est)) {
        m.annotate({ code: HOST_NOTE });
        return this.settle(m, 'ok', est, 'measured');
      }
      const t = m.verdict?.throughputUrl ? this.tournaments.get(this.phaseOf(m)) : undefined;
      const cap = t?.link.priorCap(t.levelledMedian());
      const guess = cap !== undefined && cap > 0 ? m.soloEstimate(this.ownArtifact(m), cap) : undefined;
      if (guess !== undefined && Number.isFinite(guess)) {
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
