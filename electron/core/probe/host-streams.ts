import type { Fetched, Session } from './session';

/**
 * Why a stream runs: screening shares the link with other streams, a solo run (the finals) is meant to be alone
 * on a fresh connection. What a host showed is read by purpose: a solo run's samples are not a share's.
 */
export type StreamPurpose = 'screen' | 'solo';

/** What a mirror asks for: its throughput file, on the host and path that `key` names (Mirror.streamKey). */
export interface StreamAsk {
  key: string;
  /** Which candidate asks (its index). */
  reader: number;
  url: URL;
  purpose: StreamPurpose;
  /** Body bytes at most. */
  cap: number;
  /** The mirror no longer wants the stream (its tool stopped it). */
  until: AbortSignal;
  /** The mirror's own session, which the stream runs on. */
  session: Session;
}

/** What a mirror learns from the stream: when it was requested, then every body sample. */
export interface StreamSink {
  requested(at: number): void;
  data(n: number, at: number): void;
}

/** How the stream ended: stopped by its mirror, or with a response or a failure. */
export type StreamEnd = { stopped: true } | { stopped: false; res: Fetched } | { stopped: false; error: unknown };

/** One stream as its host and path showed it. */
interface Shown {
  reader: number;
  requestAt: number;
  samples: [number, number][];
}

/**
 * The throughput streams of a test, kept by host and path. Only the candidate leading a host through the phase
 * streams from it (hosts.ts); a candidate that got no stream of its own (a follower, or one out of time or budget)
 * reads what its host showed (`measured`), each ranking the samples with its tool's own model.
 */
export class HostStreams {
  /** The latest stream of each purpose, per host and path. */
  private readonly shown = new Map<string, Shown>();
  private readonly running = new Set<AbortController>();

  /** `share` false: no candidate reads another's stream (the benchmark's comparison, ProbeOptions.shareHosts). */
  constructor(
    private readonly now: () => number,
    private readonly share = true,
  ) {}

  /** Streams `ask.url` on the mirror's session until `ask.until` fires, the cap is reached or the file ends. */
  read(ask: StreamAsk, sink: StreamSink): Promise<StreamEnd> {
    const shown: Shown = { reader: ask.reader, requestAt: this.now(), samples: [] };
    this.shown.set(`${ask.purpose} ${ask.key}`, shown);
    const stop = new AbortController();
    this.running.add(stop);
    const done = ask.session
      .get(ask.url, {
        maxBytes: ask.cap,
        collect: false,
        until: stop.signal,
        onData: (n, at) => {
          shown.samples.push([at, n]);
          sink.data(n, at);
        },
      })
      .then(
        (res): StreamEnd => (res.stopped ? { stopped: true } : { stopped: false, res }),
        (error: unknown): StreamEnd => ({ stopped: false, error }),
      );
    sink.requested(shown.requestAt);
    const leave = (): void => stop.abort();
    if (ask.until.aborted) leave();
    else ask.until.addEventListener('abort', leave, { once: true });
    return done.finally(() => {
      this.running.delete(stop);
      ask.until.removeEventListener('abort', leave);
    });
  }

  /**
   * What the host and path `key` showed, for a candidate that got no stream of its own: the samples of its solo
   * run if there was one, else of its screening stream; never the candidate's own.
   */
  measured(key: string, reader: number, sink: StreamSink): boolean {
    if (!this.share) return false;
    const s = [this.shown.get(`solo ${key}`), this.shown.get(`screen ${key}`)].find(
      (x) => x?.samples.length && x.reader !== reader,
    );
    if (!s) return false;
    sink.requested(s.requestAt);
    for (const [at, n] of s.samples) sink.data(n, at);
    return true;
  }

  /** Every stream stops (the run is over, or aborted). */
  stopAll(): void {
    for (const stop of this.running) stop.abort();
  }
}
