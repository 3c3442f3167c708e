import type { Message } from '../../../shared/types/core';

import { cutFailure, isCut, ProbeFailure, type Cut, type Phase } from './failure';
import { KINDS, type KindSpec, type Verdict } from './kinds';
import { rampTime, soloBodyTime, type Ramp } from './link';
import type { HostResolver } from './resolve';
import { Session } from './session';
import type { ArtifactProfile, ProbeCandidate, ProbeDeadline, ProbeOutcome, ProbeResult } from './types';
import type { Connector, ProbeEnv } from './world';
import { INITIAL_WINDOW, LIVENESS_CAP } from './tuning';

export interface MirrorDeps {
  resolver: HostResolver;
  now: () => number;
  ca?: ProbeEnv['ca'];
  version: string;
  connect: Connector;
  onBytes: (n: number) => void;
}

/** One candidate's probe: its connections, what it measured so far, and how it ended. */
export class Mirror {
  readonly spec: KindSpec;
  readonly controller = new AbortController();
  readonly session: Session;
  phase: Phase = 'dns';
  state: 'waiting' | 'liveness' | 'live' | 'measuring' | 'done' = 'waiting';
  startedAt?: number;
  verdict?: Verdict;
  failure?: ProbeFailure;
  finalUrl?: string;
  bytes = 0;
  private livenessBytes = 0;
  /** Throughput samples: [arrival time, bytes], body bytes after the throughput request's headers. */
  readonly samples: [number, number][] = [];
  requestAt?: number;
  firstByteAt?: number;
  /** Set when the stream stopped: the rate it is ranked on, and when it stopped. */
  throughputBps?: number;
  stoppedAt?: number;
  note?: Message;
  /** The cut that ended a live mirror without a throughput measurement ("cannot win"). */
  cutBy?: ProbeDeadline;

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
      h2: this.spec.h2,
      connect: deps.connect,
      onBytes: (n) => {
        this.bytes += n;
        deps.onBytes(n);
      },
      setPhase: (p) => (this.phase = p),
    };
    // No credentials, no cookies: only what identifies the probe.
    this.session = new Session(env, { 'user-agent': this.spec.userAgent ?? `MirrorKit/${deps.version}`, 'accept-encoding': 'identity' });
  }

  get group(): string {
    return this.cand.target ?? this.cand.kind;
  }

  /** Run the protocol-aware liveness requests; afterwards the mirror is `live` or `done` with a failure. */
  async liveness(): Promise<void> {
    this.state = 'liveness';
    this.startedAt = this.deps.now();
    let firstUrl: URL | undefined;
    const fetch = async (url: URL, o: { method?: 'GET' | 'HEAD'; headers?: Record<string, string> } = {}) => {
      const room = Math.max(0, LIVENESS_CAP - this.livenessBytes);
      const r = await this.session.get(url, { method: o.method ?? 'GET', ...(o.headers ? { headers: o.headers } : {}), maxBytes: Math.max(1, room) });
      this.livenessBytes += r.bodyBytes;
      if (!firstUrl) {
        firstUrl = url;
        this.finalUrl = r.url.href;
      }
      return { status: r.status, headers: r.headers, text: r.body.toString('utf8'), truncated: r.truncated, url: r.url };
    };
    try {
      this.verdict = await this.spec.check(fetch, new URL(this.cand.url.replace(/^sparse\+/i, '')), this.cand.probe);
      if (this.session.warmRttMs === undefined && this.session.firstReusable && firstUrl) {
        // One more round trip on the kept-alive connection: what each further request of the tool costs.
        await fetch(firstUrl, { method: 'HEAD' }).catch(() => undefined);
      }
      if (this.controller.signal.aborted) throw this.cutReason();
      this.state = 'live';
    } catch (e) {
      this.fail(e);
    }
  }

  /** Stream the throughput file until `until` fires, the cap is reached or the file ends. */
  async measure(until: AbortSignal, cap: number): Promise<void> {
    const url = this.verdict?.throughputUrl;
    if (!url) return;
    this.state = 'measuring';
    this.requestAt = this.deps.now();
    try {
      const r = await this.session.get(url, {
        maxBytes: cap,
        collect: false,
        until,
        onData: (n, at) => {
          this.firstByteAt ??= at;
          this.samples.push([at, n]);
        },
      });
      if (r.stopped) return;
      if (r.status < 200 || r.status >= 300) {
        throw new ProbeFailure('http-error', { code: 'probe.reason.download-http', params: { status: r.status, url: r.url.href } });
      }
      if (r.url.host !== new URL(this.cand.url.replace(/^sparse\+/i, '')).host) this.downloadHost = r.url.host;
    } catch (e) {
      this.fail(e);
    }
  }

  downloadHost?: string;

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
    this.firstByteAt = undefined;
    this.requestAt = undefined;
    this.stoppedAt = undefined;
    this.throughputBps = undefined;
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
  private timeTo(size: number, bps: number | undefined, at: number | undefined, ramp: Ramp | undefined): number | undefined {
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
    this.state = 'done';
    this.session.close();
    if (e instanceof ProbeFailure) this.failure = e;
    else if (this.controller.signal.aborted) this.failure = this.cutReason();
    else this.failure = new ProbeFailure('http-error', { code: 'probe.reason.internal', params: { reason: String(e) } });
  }

  /** The row as it stands (ranking fields are filled in by rank.ts). */
  toResult(outcome: ProbeOutcome, estimateMs?: number): ProbeResult {
    const s = this.session;
    const f = this.failure;
    const r: ProbeResult = {
      target: this.cand.target,
      kind: this.cand.kind,
      url: this.cand.url,
      ...(this.cand.provider ? { provider: this.cand.provider } : {}),
      outcome,
      bytes: this.bytes,
    };
    if (f?.reason ?? this.note) r.reason = f?.reason ?? this.note;
    if (f?.deadline ?? this.cutBy) r.deadline = f?.deadline ?? this.cutBy;
    if (s.first) {
      r.dnsMs = round(s.first.dnsMs);
      r.tcpMs = round(s.first.tcpMs);
      if (s.first.tlsMs !== undefined) r.tlsMs = round(s.first.tlsMs);
      r.family = s.first.family;
      r.address = s.first.address;
      if (s.first.alpn) r.alpn = s.first.alpn;
    }
    if (s.coldTtfbMs !== undefined) r.ttfbMs = round(s.coldTtfbMs);
    if (s.warmRttMs !== undefined) r.warmRttMs = round(s.warmRttMs);
    const latency = this.latencyMs();
    if (latency !== undefined) r.latencyMs = round(latency);
    if (this.throughputBps !== undefined) r.throughputBps = Math.round(this.throughputBps);
    if (estimateMs !== undefined) r.estimateMs = round(estimateMs);
    if (this.finalUrl) r.finalUrl = this.finalUrl;
    if (this.downloadHost) r.downloadHost = this.downloadHost;
    if (this.verdict?.version) r.newestVersion = this.verdict.version;
    if (this.cand.current) r.current = true;
    return r;
  }
}

export { rampTime, type Ramp } from './link';

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
