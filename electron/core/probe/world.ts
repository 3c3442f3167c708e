import type { Phase } from './failure';
import type { HostResolver } from './resolve';
import type { ProbeProxy } from './types';

/**
 * What the speed test needs from the outside world, behind one seam: a clock with timers, and a way to open a
 * connection to a mirror. In the product these are the wall clock and real sockets (`realWorld`); the tests swap
 * in a virtual clock and simulated mirrors on a simulated link (test/support/sim), so that scenario tests take
 * milliseconds and give the same answer on a loaded machine as on an idle one.
 */
export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** One open connection to one origin: what a Session (session.ts) sends its requests over. */
export interface Connection {
  readonly timings: ConnTimings;
  /** Still open, so a further request can reuse it (the warm round trip). */
  readonly reusable: boolean;
  request(req: Request): Promise<Response>;
  /** Ends the connection now. */
  destroy(): void;
}

/** Opens a fresh connection to `url`'s origin, classifying any failure as a ProbeFailure. */
export type Connector = (url: URL, env: ProbeEnv) => Promise<Connection>;

export interface World {
  clock: Clock;
  connect: Connector;
}

export const wallClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

/** What one mirror's probe shares with every connection it opens. */
export interface ProbeEnv {
  resolver: HostResolver;
  now: () => number;
  /** Aborted with a Cut when the run stops waiting for this mirror. */
  signal: AbortSignal;
  ca?: string | Buffer | Array<string | Buffer>;
  /** The proxy the tools use (their profile's, or the environment's): probes go through it too. */
  proxy?: ProbeProxy;
  /** Offer HTTP/2 in ALPN (the tools that negotiate it: cargo, Go, Docker). */
  h2: boolean;
  /** Every byte read from this mirror, as it arrives (headers included). */
  onBytes: (n: number) => void;
  /** Opens the connections (real sockets, or simulated mirrors in tests). */
  connect: Connector;
  /** Phase tracking, so that a cut from outside is classified by where the probe stands. */
  setPhase: (p: Phase) => void;
}

export interface ConnTimings {
  dnsMs: number;
  tcpMs: number;
  tlsMs?: number;
  family: 4 | 6;
  address: string;
  alpn?: string;
  /** When the TCP connect started (after DNS), on the env's clock. */
  startedAt: number;
}

export interface Request {
  path: string;
  method?: 'GET' | 'HEAD';
  headers: Record<string, string>;
  /** Stop reading after this many body bytes (the connection is then closed). */
  maxBytes: number;
  /** Keep the body (liveness) or only count it (throughput). */
  collect: boolean;
  onData?: (n: number, at: number) => void;
  /** A normal stop (throughput stream cancelled by halving): resolves with what was read. */
  until?: AbortSignal;
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** More body was available than maxBytes, or the read was stopped. */
  truncated: boolean;
  /** Request start → response headers. */
  ttfbMs: number;
  /** When the first body byte arrived (env clock). */
  firstByteAt?: number;
  /** When the last body byte arrived. */
  lastByteAt?: number;
  bodyBytes: number;
  /** `until` fired before the response came: there is no status and no body (the connection is closed). */
  stopped?: boolean;
}
