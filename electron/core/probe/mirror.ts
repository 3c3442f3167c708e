import type { Message } from '../../../shared/types/core';

import { cutFailure, isCut, ProbeFailure, type Cut, type Phase } from './failure';
import { KINDS, type KindSpec, type Verdict } from './kinds';
import { rampTime, soloBodyTime, type Ramp } from './link';
import type { HostResolver } from './resolve';
import { Session } from './session';
import type { ArtifactProfile, ProbeCandidate, ProbeDeadline } from './types';
import type { Connector, ProbeEnv } from './world';
import { INITIAL_WINDOW, LIVENESS_CAP } from './tuning';

export type MirrorState = 'waiting' | 'liveness' | 'live' | 'measuring' | 'done';

export interface MirrorDeps {
  resolver: HostResolver;
  now: () => number;
  ca?: ProbeEnv['ca'];
  proxy?: ProbeEnv['proxy'];
  version: string;
  connect: Connector;
  onBytes: (n: number) => void;
}

/** One candidate's probe: its connections, what it measured so far, and how it ended. */
export class Mirror {
  readonly spec: KindSpec;
  readonly controller = new AbortController();
  readonly session: Session;
  private phaseNow: Phase = 'dns';
  private stateNow: MirrorState = 'waiting';
  private started?: number;
  private checked?: Verdict;
  private failed?: ProbeFailure;
  private firstUrl?: string;
  private readBytes = 0;
  private livenessBytes = 0;
  /** Throughput samples: [arrival time, bytes], body bytes after the throughput request's headers. */
  readonly samples: [number, number][] = [];
  private requested?: number;
  private firstByte?: number;
  /** Set when the stream stopped: the rate it is ranked on, and when it stopped. */
  private rateBps?: number;
  private stopAt?: number;
  private noted?: Message;
  /** The cut that ended a live mirror without a throughput measurement ("cannot win"). */
  private cutDeadline?: ProbeDeadline;
  private host?: string;

  // What the probe has found so far; it changes only through the methods below.
  get phase(): Phase {
    return this.phaseNow;
  }
  get state(): MirrorState {
    return this.stateNow;
  }
  get startedAt(): number | undefined {
    return this.started;
  }
  get verdict(): Verdict | undefined {
    return this.checked;
  }
  get failure(): ProbeFailure | undefined {
    return this.failed;
  }
  get finalUrl(): string | undefined {
    return this.firstUrl;
  }
  get bytes(): number {
    return this.readBytes;
  }
  get requestAt(): number | undefined {
    return this.requested;
  }
  get firstByteAt(): number | undefined {
    return this.firstByte;
  }
  get throughputBps(): number | undefined {
    return this.rateBps;
  }
  get stoppedAt(): number | undefined {
    return this.stopAt;
  }
  get note(): Message | undefined {
    return this.noted;
  }
  get cutBy(): ProbeDeadline | undefined {
    return this.cutDeadline;
  }
  /** The host that serves the downloads, when it is not the index host. */
  get downloadHost(): string | undefined {
    return this.host;
  }

  constructor(
    readonly cand: ProbeCandidate,
    readonly index: number,
    private readonly deps: MirrorDeps,
  ) {
    this.spec = KINDS[cand.kind];
    const env: ProbeEnv = {
      resolver: deps.resolver,
      now: deps.now,
      signal: this.controller.signal,
      ...(deps.ca ? { ca: deps.ca } : {}),
      ...(deps.proxy ? { proxy: deps.proxy } : {}),
      h2: this.spec.h2,
      connect: deps.connect,
      onBytes: (n) => {
        this.readBytes += n;
        deps.onBytes(n);
      },
      setPhase: (p) => (this.phaseNow = p),
    };
    // No credentials, no cookies: only what identifies the probe.
    this.session = new Session(env, {
      'user-agent': this.spec.userAgent ?? `MirrorKit/${deps.version}`,
      'accept-encoding': 'identity',
    });
  }

  get group(): string {
    return this.cand.target ?? this.cand.kind;
  }

  /** Run the protocol-aware liveness requests; afterwards the mirror is `live` or `done` with a failure. */
  async liveness(): Promise<void> {
    this.stateNow = 'liveness';
    this.started = this.deps.now();
    let firstUrl: URL | undefined;
    const fetch = async (url: URL, o: { method?: 'GET' | 'HEAD'; headers?: Record<string, string> } = {}) => {
      const room = Math.max(0, LIVENESS_CAP - this.livenessBytes);
      const r = await this.session.get(url, {
        method: o.method ?? 'GET',
        ...(o.headers ? { headers: o.headers } : {}),
        maxBytes: Math.max(1, room),
      });
      this.livenessBytes += r.bodyBytes;
      if (!firstUrl) {
        firstUrl = url;
        this.firstUrl = r.url.href;
      }
      return {
        status: r.status,
        headers: r.headers,
        text: r.body.toString('utf8'),
        truncated: r.truncated,
        url: r.url,
      };
    };
    try {
      this.checked = await this.spec.check(fetch, new URL(this.cand.url.replace(/^sparse\+/i, '')), this.cand.probe);
      if (this.session.warmRttMs === undefined && this.session.firstReusable && firstUrl) {
        // One more round trip on the kept-alive connection: what each further request of the tool costs.
        await fetch(firstUrl, { method: 'HEAD' }).catch(() => undefined);
      }
      if (this.controller.signal.aborted) throw this.cutReason();
      this.stateNow = 'live';
    } catch (e) {
      this.fail(e);
    }
  }

  /** Stream the throughput file until `until` fires, the cap is reached or the file ends. */
  async measure(until: AbortSignal, cap: number): Promise<void> {
    const url = this.verdict?.throughputUrl;
    if (!url) return;
    this.stateNow = 'measuring';
    this.requested = this.deps.now();
    try {
      const r = await this.session.get(url, {
        maxBytes: cap,
        collect: false,
        until,
        onData: (n, at) => {
          this.firstByte ??= at;
          this.samples.push([at, n]);
        },
      });
      if (r.stopped) return;
      if (r.status < 200 || r.status >= 300) {
        throw new ProbeFailure('http-error', {
          code: 'probe.reason.download-http',
          params: { status: r.status, url: r.url.href },
        });
      }
      if (r.url.host !== new URL(this.cand.url.replace(/^sparse\+/i, '')).host) this.host = r.url.host;
    } catch (e) {
      this.fail(e);
    }
  }

  /** Bytes per second over (from, to], counting only bytes after the first body byte. */
  rate(from: number, to: number): number | undefined {
    if (this.firstByteAt === undefined) return undefined;
    const start = Math.max(from, this.firstByteAt);
    if (to - start < 1) return undefined;
    let bytes = 0;
    for (const [at, n] of this.samples) if (at > start && at <= to) bytes += n;
    return (bytes * 1000) / (to - start);
  }

  /** Forget a stream's measurement before a new one (a finalist's solo run). */
  resetThroughput(): void {
    this.samples.length = 0;
    this.firstByte = undefined;
    this.requested = undefined;
    this.stopAt = undefined;
    this.rateBps = undefined;
  }

  /** The stream stopped at `at`; `bps` is the rate it is ranked on. */
  stop(at: number, bps: number | undefined): void {
    this.stopAt = at;
    this.rateBps = bps;
  }

  /** What the stream showed is `bps` (a far stream read on its burst: its window, not its mirror, held its average). */
  showed(bps: number): void {
    this.rateBps = bps;
  }

  /** The estimate from the stream's own samples: its last `windowMs` rate, projected from where it stopped. */
  measuredEstimate(artifact: ArtifactProfile, windowMs: number): number | undefined {
    const last = this.samples[this.samples.length - 1]?.[0];
    if (last === undefined) return undefined;
    this.stopAt ??= last;
    const at = Math.min(this.stopAt, last);
    this.rateBps = this.rate(at - windowMs, at) ?? this.overallRate();
    return this.estimate(artifact, this.rateBps, at);
  }

  /** A live mirror given up on by a cut (the "cannot win" rule). */
  cutAs(deadline: ProbeDeadline): void {
    this.cutDeadline = deadline;
  }

  annotate(note: Message): void {
    this.noted = note;
  }

  /** The run ended before this mirror's probe started. */
  notStarted(deadline: ProbeDeadline): void {
    this.failed = new ProbeFailure('connect-timeout', { code: 'probe.reason.not-started' }, deadline);
  }

  /** Its result is final: nothing more is read from it. */
  finish(): void {
    this.stateNow = 'done';
    this.close();
  }

  /** Body bytes of the throughput stream received until `at`. */
  bytesUntil(at: number): number {
    let n = 0;
    for (const [t, b] of this.samples) if (t <= at) n += b;
    return n;
  }

  /** The rate over the whole stream, first body byte to last. */
  overallRate(): number | undefined {
    const last = this.samples[this.samples.length - 1]?.[0];
    return last === undefined ? undefined : this.rate(this.firstByteAt ?? last, last);
  }

  /**
   * Estimated time for the tool's typical artifact: first byte on a fresh connection, the further requests at
   * the warm round trip, and the body: measured up to `at`, the rest at `bps` (latency only without a file).
   * Projecting from the bytes actually received keeps the TCP slow-start ramp in the estimate, as users pay it.
   * With `ramp` the rest is projected as if the rate still doubled every round trip (slow start going on) until
   * it reaches `capBps` (Infinity: the most optimistic estimate, used to decide that a stream cannot win).
   */
  estimate(artifact: ArtifactProfile, bps?: number, at?: number, ramp?: Ramp): number | undefined {
    const ttfb = this.session.coldTtfbMs;
    if (ttfb === undefined) return undefined;
    const extra = Math.max(0, artifact.requests - 1) * (this.latencyMs() ?? 0);
    if (!this.verdict?.throughputUrl) return ttfb + extra;
    const body = this.timeTo(artifact.bytes, bps, at, ramp);
    return body === undefined ? undefined : ttfb + extra + body;
  }

  /** Time from the first body byte until `size` bytes: as measured when reached, else projected. */
  private timeTo(
    size: number,
    bps: number | undefined,
    at: number | undefined,
    ramp: Ramp | undefined,
  ): number | undefined {
    if (this.firstByteAt === undefined || bps === undefined) return undefined;
    const until = at ?? this.samples[this.samples.length - 1]?.[0] ?? this.firstByteAt;
    let got = 0;
    for (const [t, n] of this.samples) {
      if (t > until) break;
      got += n;
      if (got >= size) return t - this.firstByteAt;
    }
    const elapsed = until - this.firstByteAt;
    if (bps <= 0) return Infinity;
    if (!ramp) return elapsed + ((size - got) * 1000) / bps;
    return elapsed + rampTime(size - got, bps, ramp);
  }

  /**
   * Estimated time for the tool's typical artifact if this mirror ran alone at `capBps` on a fresh connection:
   * first byte, the further requests, and the body by slow start from the first window up to `capBps`. For a
   * stream measured on a full shared link, whose own samples show its share rather than its ramp and cap.
   */
  soloEstimate(artifact: ArtifactProfile, capBps: number): number | undefined {
    const ttfb = this.session.coldTtfbMs;
    const rtt = this.latencyMs();
    if (ttfb === undefined || rtt === undefined) return undefined;
    const extra = Math.max(0, artifact.requests - 1) * rtt;
    if (!this.verdict?.throughputUrl) return ttfb + extra;
    return ttfb + extra + soloBodyTime(artifact.bytes, rtt, this.firstWindowBytes(rtt), capBps);
  }

  /** Bytes that came with the first body byte (within half a round trip): the initial window, at least RFC 6928's. */
  private firstWindowBytes(rttMs: number): number {
    if (this.firstByteAt === undefined) return INITIAL_WINDOW;
    return Math.max(INITIAL_WINDOW, this.bytesUntil(this.firstByteAt + rttMs / 2));
  }

  latencyMs(): number | undefined {
    const s = this.session;
    if (s.warmRttMs !== undefined) return s.warmRttMs;
    if (s.coldTtfbMs === undefined || !s.first) return undefined;
    return Math.max(0, s.coldTtfbMs - s.first.tcpMs - (s.first.tlsMs ?? 0));
  }

  /** Stop waiting for this mirror; whatever it is doing is classified by its phase. */
  cut(cut: Cut): void {
    if (!this.controller.signal.aborted) this.controller.abort(cut);
  }

  close(): void {
    this.session.close();
  }

  private cutReason(): ProbeFailure {
    const r: unknown = this.controller.signal.reason;
    return isCut(r) ? cutFailure(this.phase, r) : new ProbeFailure('stalled', { code: 'probe.reason.aborted' });
  }

  private fail(e: unknown): void {
    this.stateNow = 'done';
    this.session.close();
    if (e instanceof ProbeFailure) this.failed = e;
    else if (this.controller.signal.aborted) this.failed = this.cutReason();
    else this.failed = new ProbeFailure('http-error', { code: 'probe.reason.internal', params: { reason: String(e) } });
  }
}

export { rampTime, type Ramp } from './link';
