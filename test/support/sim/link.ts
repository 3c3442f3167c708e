import type { VirtualClock } from './clock';

/** TCP's initial window (RFC 6928: 10 segments). */
const INITIAL_WINDOW = 10 * 1460;

export interface FlowSpec {
  /** The host it comes from: flows from one host share its rate limit (its uplink, the path from it). */
  host?: string;
  rttMs: number;
  /** The mirror's own rate limit (bytes/s), for all its flows together. */
  capBps: number;
  /** Body bytes to send. */
  bytes: number;
  onData: (n: number, at: number) => void;
  onEnd: () => void;
}

/** One response body on its way: slow start in bursts, then a steady stream at its bottleneck's rate. */
export class Flow {
  /** Bytes the current round trip's window still has to send (slow start). */
  private roundLeft: number;
  private roundStart: number;
  private cwnd = INITIAL_WINDOW;
  /** The window no longer limits it: its bytes flow without gaps at its bottleneck's rate. */
  private steady = false;
  private left: number;
  private carry = 0;

  constructor(
    readonly spec: FlowSpec,
    now: number,
  ) {
    this.left = spec.bytes;
    this.roundStart = now;
    this.roundLeft = Math.min(this.cwnd, this.left);
  }

  /** The rate it would take now if nothing else held it (0 between slow start's bursts). */
  demand(now: number): number {
    if (this.steady) return this.spec.capBps;
    if (this.roundLeft <= 0 && now - this.roundStart >= this.spec.rttMs) {
      // The window's acknowledgements are back: the next, doubled, window goes out at once.
      this.cwnd *= 2;
      this.roundStart = now;
      this.roundLeft = Math.min(this.cwnd, this.left);
    } else if (this.roundLeft > 0 && now - this.roundStart >= this.spec.rttMs) {
      // A window that takes longer than a round trip to drain keeps the pipe full: the bursts run into each other.
      this.steady = true;
    }
    return this.roundLeft > 0 || this.steady ? this.spec.capBps : 0;
  }

  /** Sends at `bps` for `dtMs`; true once the body is done. */
  send(bps: number, dtMs: number, at: number): boolean {
    let n = (bps * dtMs) / 1000 + this.carry;
    if (!this.steady) n = Math.min(n, this.roundLeft);
    n = Math.min(n, this.left);
    const whole = Math.floor(n);
    this.carry = n - whole;
    if (whole > 0) {
      this.left -= whole;
      if (!this.steady) this.roundLeft -= whole;
      this.spec.onData(whole, at);
    }
    if (!this.steady && this.roundLeft < 1) this.roundLeft = 0;
    return this.left <= 0;
  }
}

/**
 * The user's access link and every mirror's path to it, as a fluid model stepped every `stepMs` on the virtual
 * clock. Each flow asks for its mirror's cap while it has window to send; a shared link of `linkBps` splits its
 * capacity max-min fairly among the flows asking (a flow asking less than its share leaves the rest to the
 * others, as TCP flows do). Without `linkBps` each flow gets its own cap.
 */
export class SimLink {
  private readonly flows = new Set<Flow>();
  private timer: unknown;

  constructor(
    private readonly clock: VirtualClock,
    private readonly linkBps?: number,
    private readonly stepMs = 1,
  ) {}

  start(spec: FlowSpec): Flow {
    const f = new Flow(spec, this.clock.now());
    this.flows.add(f);
    this.timer ??= this.clock.setInterval(() => this.step(), this.stepMs);
    return f;
  }

  stop(f: Flow): void {
    this.flows.delete(f);
    if (this.flows.size === 0 && this.timer !== undefined) {
      this.clock.clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private step(): void {
    const now = this.clock.now();
    const asking = [...this.flows].map((f) => ({ f, want: f.demand(now) })).filter((x) => x.want > 0);
    const alloc = new Map<Flow, number>();
    const hosts = new Set(asking.map((x) => x.f.spec.host ?? x.f));
    if (hosts.size < asking.length) for (const [f, bps] of shareHosts(asking, this.linkBps)) alloc.set(f, bps);
    else if (this.linkBps === undefined) for (const x of asking) alloc.set(x.f, x.want);
    else {
      // Water-filling: the smallest demands are met in full, the rest share what is left equally.
      let room = this.linkBps;
      const byWant = [...asking].sort((a, b) => a.want - b.want);
      byWant.forEach((x, i) => {
        const share = room / (byWant.length - i);
        const got = Math.min(x.want, share);
        alloc.set(x.f, got);
        room -= got;
      });
    }
    for (const [f, bps] of alloc) {
      // A flow stopped by what another one delivered (its reader went away) sends nothing more.
      if (!this.flows.has(f) || !f.send(bps, this.stepMs, now)) continue;
      this.stop(f);
      f.spec.onEnd();
    }
  }
}

/**
 * Max-min fair rates when some flows come from one host: each host's cap is shared by its flows, and the link (if
 * any) by all of them (progressive filling: every flow's rate rises together until its host or the link is full).
 */
function shareHosts(asking: readonly { f: Flow; want: number }[], linkBps = Infinity): Map<Flow, number> {
  const rate = new Map(asking.map((x) => [x.f, 0]));
  const hostOf = (f: Flow): unknown => f.spec.host ?? f;
  const hostLeft = new Map(asking.map((x) => [hostOf(x.f), x.f.spec.capBps]));
  let linkLeft = linkBps;
  let active = asking.filter((x) => x.want > 0);
  while (active.length > 0) {
    const perHost = new Map<unknown, number>();
    for (const x of active) perHost.set(hostOf(x.f), (perHost.get(hostOf(x.f)) ?? 0) + 1);
    let inc = linkLeft / active.length;
    for (const x of active) inc = Math.min(inc, x.want - (rate.get(x.f) ?? 0));
    for (const [h, n] of perHost) inc = Math.min(inc, (hostLeft.get(h) ?? 0) / n);
    for (const x of active) {
      rate.set(x.f, (rate.get(x.f) ?? 0) + inc);
      hostLeft.set(hostOf(x.f), (hostLeft.get(hostOf(x.f)) ?? 0) - inc);
    }
    linkLeft -= inc * active.length;
    const full = (v: number): boolean => v <= 1e-6;
    if (full(linkLeft)) break;
    active = active.filter((x) => !full(x.want - (rate.get(x.f) ?? 0)) && !full(hostLeft.get(hostOf(x.f)) ?? 0));
  }
  return rate;
}
