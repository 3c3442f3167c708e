import type { Verdict } from './kinds';
import { rampTime, soloBodyTime, type Ramp } from './link';
import type { Session } from './session';
import type { ArtifactProfile } from './types';
import { INITIAL_WINDOW } from './tuning';

/**
 * What one candidate's throughput stream measured, and what that says of the time its tool's typical artifact
 * takes: the samples, the rates over any span, and the estimates (as measured, projected, or as if alone on a
 * fresh connection). The probe's lifecycle around it (liveness, the stream, failures) is mirror.ts.
 */
export abstract class Measured {
  /** Throughput samples: [arrival time, bytes], body bytes after the throughput request's headers. */
  readonly samples: [number, number][] = [];
  protected requested?: number;
  protected firstByte?: number;
  /** Set when the stream stopped: the rate it is ranked on, and when it stopped. */
  private rateBps?: number;
  private stopAt?: number;

  abstract readonly session: Session;
  abstract get verdict(): Verdict | undefined;

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
    const latency = this.latencyPart(artifact);
    if (latency === undefined) return undefined;
    if (!this.verdict?.throughputUrl) return latency;
    const body = this.timeTo(artifact.bytes, bps, at, ramp);
    return body === undefined ? undefined : latency + body;
  }

  /** What an estimate owes to this candidate's own latency: first byte, then the further requests' round trips. */
  latencyPart(artifact: ArtifactProfile): number | undefined {
    const ttfb = this.session.coldTtfbMs;
    if (ttfb === undefined) return undefined;
    return ttfb + Math.max(0, artifact.requests - 1) * (this.latencyMs() ?? 0);
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
  firstWindowBytes(rttMs: number): number {
    if (this.firstByteAt === undefined) return INITIAL_WINDOW;
    return Math.max(INITIAL_WINDOW, this.bytesUntil(this.firstByteAt + rttMs / 2));
  }

  latencyMs(): number | undefined {
    const s = this.session;
    if (s.warmRttMs !== undefined) return s.warmRttMs;
    if (s.coldTtfbMs === undefined || !s.first) return undefined;
    return Math.max(0, s.coldTtfbMs - s.first.tcpMs - (s.first.tlsMs ?? 0));
  }
}
