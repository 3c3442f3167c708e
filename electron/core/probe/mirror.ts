import type { Message } from '../../../shared/types/core';

import { proxyForProbe } from './dial';
import { cutFailure, isCut, ProbeFailure, type Cut, type Phase } from './failure';
import type { HostStreams, StreamPurpose, StreamSink } from './host-streams';
import { KINDS, type KindSpec, type Verdict } from './kinds';
import { Measured } from './measured';
import type { HostResolver } from './resolve';
import { Session } from './session';
import type { ProbeCandidate, ProbeDeadline } from './types';
import type { Connector, ProbeEnv } from './world';
import { LIVENESS_CAP } from './tuning';

export type MirrorState = 'waiting' | 'liveness' | 'live' | 'measuring' | 'done';

export interface MirrorDeps {
  resolver: HostResolver;
  now: () => number;
  ca?: ProbeEnv['ca'];
  proxy?: ProbeEnv['proxy'];
  version: string;
  connect: Connector;
  onBytes: (n: number) => void;
  /** The test's throughput streams, kept by host and path (host-streams.ts). */
  streams: HostStreams;
}

/**
 * One candidate's probe: its connections, its liveness check, its throughput stream (when it leads its host,
 * hosts.ts; a follower reads its host's, host-streams.ts), and how it ended. What the stream measured, and the estimates drawn
 * from it, are measured.ts. Its state changes only through its methods.
 */
export class Mirror extends Measured {
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
  private noted?: Message;
  /** The cut that ended a live mirror without a throughput measurement ("cannot win"). */
  private cutDeadline?: ProbeDeadline;
  private host?: string;

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
    super();
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

  private get base(): URL {
    return new URL(this.cand.url.replace(/^sparse\+/i, ''));
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
      this.checked = await this.spec.check(fetch, this.base, this.cand.probe);
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

  /** What its liveness check asks: one check of this kind of this URL answers for every tool that uses it. */
  get livenessKey(): string {
    return `${this.cand.kind} ${this.cand.url} ${this.cand.probe ?? ''}`;
  }

  /** Another tool's candidate runs the same check (pip, uv and pdm on one PyPI URL): this one waits for it. */
  awaitTwin(): void {
    this.stateNow = 'liveness';
    this.started = this.deps.now();
  }

  /** The twin's check ended: its answer, first byte and round trip are this candidate's too. */
  adoptLiveness(twin: Mirror): void {
    this.phaseNow = twin.phaseNow;
    this.session.adoptTimings(twin.session);
    this.checked = twin.checked;
    this.firstUrl = twin.firstUrl;
    if (twin.failed) {
      this.stateNow = 'done';
      this.failed = twin.failed;
    } else if (this.controller.signal.aborted) this.fail(this.cutReason());
    else this.stateNow = 'live';
  }

  /** Stream the throughput file until `until` fires, the cap is reached or the file ends (host-streams.ts). */
  async measure(until: AbortSignal, cap: number, purpose: StreamPurpose = 'screen'): Promise<void> {
    const url = this.verdict?.throughputUrl;
    if (!url) return;
    this.stateNow = 'measuring';
    const ask = { key: this.streamKey(url), reader: this.index, url, purpose, cap, until, session: this.session };
    try {
      const end = await this.deps.streams.read(ask, this.sink());
      if (end.stopped) return;
      if ('error' in end) throw end.error;
      const r = end.res;
      if (r.status < 200 || r.status >= 300) {
        throw new ProbeFailure('http-error', {
          code: 'probe.reason.download-http',
          params: { status: r.status, url: r.url.href },
        });
      }
      if (r.url.host !== this.base.host) this.host = r.url.host;
    } catch (e) {
      this.fail(e);
    }
  }

  /**
   * A live mirror that got no stream of its own reads what its host and path showed for another candidate (its
   * solo run, else its screening stream); false when nothing was streamed from there.
   */
  readHost(): boolean {
    const url = this.verdict?.throughputUrl;
    if (!url || this.samples.length > 0) return false;
    return this.deps.streams.measured(this.streamKey(url), this.index, this.sink());
  }

  private sink(): StreamSink {
    return {
      requested: (at) => (this.requested = at),
      data: (n, at) => {
        this.firstByte ??= at;
        this.samples.push([at, n]);
      },
    };
  }

  /** Its host was measured for `leader` (hosts.ts): it shows that rate, and where its own downloads come from. */
  follow(leader: Mirror): void {
    if (leader.throughputBps !== undefined) this.showed(leader.throughputBps);
    const url = this.verdict?.throughputUrl;
    if (url && url.host !== this.base.host) this.host = url.host;
  }

  /** The host and path its throughput file comes over (streamKey), once liveness found that file. */
  hostKey(): string | undefined {
    const url = this.verdict?.throughputUrl;
    return url ? this.streamKey(url) : undefined;
  }

  /**
   * The host and path the throughput file comes over: its origin, the address this candidate's connection to
   * that origin reached (the same name resolves once per run, resolve.ts), and the proxy in between, if any.
   */
  private streamKey(url: URL): string {
    const via = proxyForProbe(this.deps.proxy, url)?.href ?? 'direct';
    const address = url.origin === this.base.origin ? (this.session.first?.address ?? '') : '';
    return `${via} ${url.origin} ${address}`;
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

  /** Its result is final: nothing more is read for it. */
  finish(): void {
    this.stateNow = 'done';
    this.close();
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
