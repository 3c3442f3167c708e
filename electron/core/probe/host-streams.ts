import type { Fetched, Session } from './session';

/**
 * Why a stream runs: screening shares the link with other streams, a solo run (the finals) is meant to be alone
 * on a fresh connection. Streams of different purposes are never shared: a solo run's samples are not a share's.
 */
export type StreamPurpose = 'screen' | 'solo';

/** What a mirror asks for: its throughput file, on the host and path that `key` names (Mirror.streamKey). */
export interface StreamAsk {
  key: string;
  /** Which candidate asks (its index): streams are its own when hosts are not shared. */
  reader: number;
  url: URL;
  purpose: StreamPurpose;
  /** Body bytes at most (the first asker's cap holds for a shared stream). */
  cap: number;
  /** The mirror no longer wants the stream (its tool stopped it). */
  until: AbortSignal;
  /** The mirror's own session: the stream runs on it when this mirror is the first to ask. */
  session: Session;
}

/** What a mirror learns from the stream: when it was requested, then every body sample (the history first). */
export interface StreamSink {
  requested(at: number): void;
  data(n: number, at: number): void;
}

/**
 * How the stream ended for one mirror: stopped by it (`host`: the stream's, when it had brought bytes and went on
 * for others), or ended with a response or a failure; `own` when it ran on this mirror's session (a failure on
 * another's is that candidate's file, not necessarily this one's).
 */
export type StreamEnd =
  { stopped: true; host?: string } | ({ stopped: false; own: boolean } & ({ res: Fetched } | { error: unknown }));

type Ended = { stopped: true } | { stopped: false; res: Fetched } | { stopped: false; error: unknown };

interface Sub {
  sink: StreamSink;
  resolve: (end: Ended) => void;
}

/** One physical throughput stream, and every mirror that reads its samples. */
class SharedStream {
  readonly samples: [number, number][] = [];
  readonly subs = new Set<Sub>();
  readonly stop = new AbortController();
  end?: Ended;
  readonly done: Promise<void>;
  readonly owner: Session;
  readonly host: string;
  /** The owner let go of its session while others still read the stream: it is closed when the stream ends. */
  release?: () => void;

  readonly purpose: StreamPurpose;
  /** Every candidate that read it (by index). */
  readonly readers = new Set<number>();

  constructor(
    readonly requestAt: number,
    ask: StreamAsk,
  ) {
    this.purpose = ask.purpose;
    this.owner = ask.session;
    this.host = ask.url.host;
    this.done = ask.session
      .get(ask.url, {
        maxBytes: ask.cap,
        collect: false,
        until: this.stop.signal,
        onData: (n, at) => {
          this.samples.push([at, n]);
          for (const s of this.subs) s.sink.data(n, at);
        },
      })
      .then(
        (res) => (this.end = res.stopped ? { stopped: true } : { stopped: false, res }),
        (error: unknown) => (this.end = { stopped: false, error }),
      )
      .then(() => {
        for (const s of this.subs) s.resolve(this.end as Ended);
        this.subs.clear();
        this.release?.();
      });
  }

  /** Still streaming for its readers (not yet stopped because the last one left). */
  get running(): boolean {
    return this.end === undefined && !this.stop.signal.aborted;
  }

  /**
   * A stream that ended with its file or its cap, or a solo run stopped once its rate was known, is a measurement
   * any candidate on the host may read later. A screening stream its readers stopped is not: it showed a share of
   * the link at that time, and rotation reruns streams to see a larger one.
   */
  get reusable(): boolean {
    const end = this.end;
    if (end === undefined || !('res' in end) || this.samples.length === 0) return false;
    if (this.stop.signal.aborted && this.purpose !== 'solo') return false;
    return end.res.status >= 200 && end.res.status < 300;
  }

  /** `sink` reads the stream from its request on: the history at once, the rest as it comes. */
  join(sink: StreamSink, until: AbortSignal, session: Session, reader: number): Promise<StreamEnd> {
    this.readers.add(reader);
    sink.requested(this.requestAt);
    for (const [at, n] of this.samples) sink.data(n, at);
    if (this.end) return Promise.resolve(this.withOwn(this.end, session));
    return new Promise((resolve) => {
      const sub: Sub = { sink, resolve: (end) => resolve(this.withOwn(end, session)) };
      this.subs.add(sub);
      const leave = (): void => {
        if (!this.subs.delete(sub)) return;
        // Others still read it: it goes on. This reader has seen bytes from the stream's host, if any came.
        if (this.subs.size > 0) return resolve({ stopped: true, ...(this.samples.length ? { host: this.host } : {}) });
        // The last reader left: the stream stops, and that reader learns how it ended once the connection let go.
        this.stop.abort();
        void this.done.then(() => resolve(this.withOwn(this.end as Ended, session)));
      };
      if (until.aborted) leave();
      else until.addEventListener('abort', leave, { once: true });
    });
  }

  private withOwn(end: Ended, session: Session): StreamEnd {
    return end.stopped ? end : { ...end, own: session === this.owner };
  }
}

/**
 * Throughput is a property of the host and the path, not of the tool: a host serving several kinds
 * (mirrors.aliyun.com serves PyPI, Maven, Go, crates, conda …) is streamed once, and every candidate on it reads
 * that stream's samples as its own, each ranking them with its tool's artifact model. Liveness, latency and
 * freshness stay per candidate (mirror.ts). A stream stops when the last candidate reading it lets go; one that
 * ended with its file is read again by candidates that ask later, so nothing is fetched twice.
 */
export class HostStreams {
  private readonly streams = new Map<string, SharedStream>();

  /** `share` false: every candidate streams on its own (the benchmark's comparison, ProbeOptions.shareHosts). */
  constructor(
    private readonly now: () => number,
    private readonly share = true,
  ) {}

  private id(purpose: StreamPurpose, key: string, reader: number): string {
    return this.share ? `${purpose} ${key}` : `${purpose} ${key} #${reader}`;
  }

  /** Streams `ask.url` for `sink`, or lets it read the stream another candidate runs on the same host and path. */
  read(ask: StreamAsk, sink: StreamSink): Promise<StreamEnd> {
    const id = this.id(ask.purpose, ask.key, ask.reader);
    let s = this.streams.get(id);
    if (!s || !(s.running || s.reusable)) {
      s = new SharedStream(this.now(), ask);
      this.streams.set(id, s);
    }
    return s.join(sink, ask.until, ask.session, ask.reader);
  }

  /**
   * Whether `session` still carries a stream that others read: its mirror must not close it yet; `release` is
   * called once that stream has ended.
   */
  carrying(session: Session, release: () => void): boolean {
    for (const s of this.streams.values()) {
      if (s.running && s.subs.size > 0 && s.owner === session) {
        s.release = release;
        return true;
      }
    }
    return false;
  }

  /**
   * What the host and path `key` showed so far, for a candidate that got no stream of its own (its tool's share
   * of the time or the budget ran out): the samples of its solo run if there was one, else of its screening stream.
   */
  measured(key: string, reader: number, sink: StreamSink): boolean {
    const ids = [this.id('solo', key, reader), this.id('screen', key, reader)];
    // Not one it read itself: what that showed is already its own measurement.
    const s = ids.map((id) => this.streams.get(id)).find((x) => x?.samples.length && !x.readers.has(reader));
    if (!s) return false;
    sink.requested(s.requestAt);
    for (const [at, n] of s.samples) sink.data(n, at);
    return true;
  }

  /** Every stream stops (the run is over, or aborted). */
  stopAll(): void {
    for (const s of this.streams.values()) s.stop.abort();
  }
}
