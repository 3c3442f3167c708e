import { ProbeFailure } from './failure';
import type { Connection, ConnTimings, ProbeEnv, Response } from './world';
import { MAX_REDIRECTS } from './tuning';

export interface GetOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  maxBytes: number;
  collect?: boolean;
  onData?: (n: number, at: number) => void;
  until?: AbortSignal;
}

export interface Fetched extends Response {
  /** The URL that answered, after redirects. */
  url: URL;
  /** When the response headers arrived (env clock). */
  headersAt: number;
}

/**
 * The connections of one mirror's probe, one per origin, kept alive between requests so the second request on
 * the first connection measures the warm round trip. Follows redirects (at most 3) on fresh connections to the
 * new origin. Sends only the headers it is given: never credentials, never cookies.
 */
export class Session {
  private readonly conns = new Map<string, Connection>();
  private firstConn?: Connection;
  private requestsOnFirst = 0;
  /** Timings of the mirror's first connection. */
  first?: ConnTimings;
  /** Connection start → headers of the first request (fresh connection). */
  coldTtfbMs?: number;
  /** Request → headers of the second request on the first connection. */
  warmRttMs?: number;

  constructor(
    private readonly env: ProbeEnv,
    private readonly baseHeaders: Record<string, string>,
  ) {}

  /** Another session made the requests this one would have (the same check of the same URL): its timings hold. */
  adoptTimings(other: Session): void {
    if (other.first) this.first = other.first;
    if (other.coldTtfbMs !== undefined) this.coldTtfbMs = other.coldTtfbMs;
    if (other.warmRttMs !== undefined) this.warmRttMs = other.warmRttMs;
  }

  get firstReusable(): boolean {
    return this.firstConn?.reusable ?? false;
  }

  async get(url: URL, opts: GetOptions): Promise<Fetched> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const res = await this.once(current, opts);
      const location = res.headers.location;
      if (res.status >= 300 && res.status < 400 && res.status !== 304 && typeof location === 'string') {
        if (hop >= MAX_REDIRECTS)
          throw new ProbeFailure('http-error', { code: 'probe.reason.redirects', params: { max: MAX_REDIRECTS } });
        const next = new URL(location, current);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new ProbeFailure('http-error', { code: 'probe.reason.redirect-scheme', params: { url: next.href } });
        }
        next.username = '';
        next.password = '';
        current = next;
        continue;
      }
      return res;
    }
  }

  close(): void {
    for (const c of this.conns.values()) c.destroy();
    this.conns.clear();
  }

  private async once(url: URL, opts: GetOptions): Promise<Fetched> {
    let conn = this.conns.get(url.origin);
    if (!conn?.reusable) {
      conn?.destroy();
      conn = await this.env.connect(url, this.env);
      this.conns.set(url.origin, conn);
      if (!this.firstConn) {
        this.firstConn = conn;
        this.first = conn.timings;
      }
    }
    const onFirst = conn === this.firstConn;
    const started = this.env.now();
    const res = await conn.request({
      path: `${url.pathname}${url.search}`,
      method: opts.method ?? 'GET',
      headers: { ...this.baseHeaders, ...opts.headers },
      maxBytes: opts.maxBytes,
      collect: opts.collect ?? true,
      ...(opts.onData ? { onData: opts.onData } : {}),
      ...(opts.until ? { until: opts.until } : {}),
    });
    const headersAt = started + res.ttfbMs;
    if (res.stopped) return { ...res, url, headersAt };
    if (onFirst) {
      this.requestsOnFirst++;
      if (this.requestsOnFirst === 1) this.coldTtfbMs = headersAt - conn.timings.startedAt;
      else if (this.requestsOnFirst === 2) this.warmRttMs = res.ttfbMs;
    }
    // A redirect's body is never wanted; a truncated or stopped body leaves the connection unusable.
    if (res.truncated) conn.destroy();
    return { ...res, url, headersAt };
  }
}
