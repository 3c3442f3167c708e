import { cutFailure, connectFailure, isCut, ProbeFailure, type Phase } from '../../../electron/core/probe/failure';
import { DEADLINES } from '../../../electron/core/probe/tuning';
import type { Connection, ConnTimings, ProbeEnv, Request, Response } from '../../../electron/core/probe/world';
import type { serve } from '../../../scripts/bench/protocols';
import { serveAny, type MirrorSpec, type MirrorStats } from '../../../scripts/bench/testbed';

import type { VirtualClock } from './clock';
import type { Flow, SimLink } from './link';

const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'npm-auth-type'];
const HEADER_BYTES = 120;
/** A mirror with no rate of its own sends as fast as a loopback would. */
const UNCAPPED_BPS = 200e6;
/** bytes. A document longer than TCP's first window streams over the link like a file. */
const STREAMED_TEXT = 10 * 1460;

export interface SimWorldDeps {
  clock: VirtualClock;
  link: SimLink;
  specs: ReadonlyMap<string, MirrorSpec>;
  stats: Record<string, MirrorStats>;
  blobBytes: number;
}

/**
 * Waits `ms` on the virtual clock (Infinity: forever), unless `deadline` fires first (a per-phase limit) or the
 * run cuts this mirror (`env.signal`): then it fails as the real connection would in that phase.
 */
function wait(
  d: SimWorldDeps,
  env: ProbeEnv,
  phase: Phase,
  ms: number,
  deadline?: { ms: number; fail: () => ProbeFailure },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timers: unknown[] = [];
    const done = (f?: unknown): void => {
      for (const t of timers) d.clock.clearTimeout(t);
      env.signal.removeEventListener('abort', onCut);
      if (f) reject(f);
      else resolve();
    };
    const onCut = (): void => {
      const r: unknown = env.signal.reason;
      done(isCut(r) ? cutFailure(phase, r) : new ProbeFailure('stalled', { code: 'probe.reason.aborted' }));
    };
    if (env.signal.aborted) return onCut();
    env.signal.addEventListener('abort', onCut, { once: true });
    if (Number.isFinite(ms)) timers.push(d.clock.setTimeout(() => done(), ms));
    if (deadline) timers.push(d.clock.setTimeout(() => done(deadline.fail()), deadline.ms));
  });
}

/** Opens a simulated connection to the mirror named by `url`'s host (`<id>.sim`), as Conn.open would. */
export async function simConnect(d: SimWorldDeps, url: URL, env: ProbeEnv): Promise<Connection> {
  // Host names come back lower-cased from URL: `farCapped.sim` is `farcapped.sim`.
  const spec = [...d.specs.values()].find((s) => `${s.id.toLowerCase()}.sim` === url.hostname);
  const id = spec?.id ?? url.hostname;
  env.setPhase('dns');
  if (!spec)
    throw new ProbeFailure('dns-error', {
      code: 'probe.reason.dns',
      params: { host: url.hostname, code: 'ENOTFOUND' },
    });
  const rtt = spec.rttMs ?? 0;
  const startedAt = d.clock.now();
  env.setPhase('connect');
  const connectLimit = {
    ms: DEADLINES.connect,
    fail: () =>
      new ProbeFailure(
        'connect-timeout',
        { code: 'probe.reason.connect-timeout', params: { ms: DEADLINES.connect } },
        'connect',
      ),
  };
  if (spec.behaviour === 'refused') {
    await wait(d, env, 'connect', Math.max(1, rtt));
    throw connectFailure({ code: 'ECONNREFUSED' }, 'connect');
  }
  await wait(d, env, 'connect', spec.behaviour === 'blackhole' ? Infinity : rtt, connectLimit);
  const tcpAt = d.clock.now();
  const st = d.stats[id] as MirrorStats;
  st.open++;
  const https = url.protocol === 'https:';
  let tlsAt: number | undefined;
  if (https) {
    env.setPhase('tls');
    const tlsLimit = {
      ms: DEADLINES.tls,
      fail: () =>
        new ProbeFailure('connect-timeout', { code: 'probe.reason.tls-timeout', params: { ms: DEADLINES.tls } }, 'tls'),
    };
    try {
      await wait(d, env, 'tls', spec.behaviour === 'hang' ? Infinity : rtt, tlsLimit);
    } catch (e) {
      st.open--;
      throw e;
    }
    tlsAt = d.clock.now();
  }
  const timings: ConnTimings = {
    dnsMs: 0,
    tcpMs: tcpAt - startedAt,
    ...(tlsAt !== undefined ? { tlsMs: tlsAt - tcpAt } : {}),
    family: 4,
    address: `${id}.sim`,
    ...(https ? { alpn: 'http/1.1' } : {}),
    startedAt,
  };
  return new SimConn(d, spec, st, timings, env, `${url.protocol}//${url.host}`);
}

/** One simulated keep-alive connection: answers after a round trip, streams blobs over the shared link. */
class SimConn implements Connection {
  private closed = false;
  private flow?: Flow;

  constructor(
    private readonly d: SimWorldDeps,
    private readonly spec: MirrorSpec,
    private readonly st: MirrorStats,
    readonly timings: ConnTimings,
    private readonly env: ProbeEnv,
    private readonly origin: string,
  ) {}

  get reusable(): boolean {
    return !this.closed;
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.st.open--;
    if (this.flow) this.d.link.stop(this.flow);
  }

  async request(req: Request): Promise<Response> {
    const { d, env, spec } = this;
    const start = d.clock.now();
    this.st.requests++;
    if (CREDENTIAL_HEADERS.some((h) => req.headers[h] !== undefined)) this.st.credentialsSeen = true;
    env.setPhase('ttfb');
    const stopped = (): Response => {
      this.destroy();
      return {
        status: 0,
        headers: {},
        body: Buffer.alloc(0),
        truncated: true,
        ttfbMs: d.clock.now() - start,
        bodyBytes: 0,
        stopped: true,
      };
    };
    if (req.until?.aborted) return stopped();
    const ttfbLimit = {
      ms: DEADLINES.ttfb,
      fail: () =>
        new ProbeFailure('ttfb-timeout', { code: 'probe.reason.ttfb-timeout', params: { ms: DEADLINES.ttfb } }, 'ttfb'),
    };
    // A stream stopped while still waiting for its response ends the wait, as the real connection does.
    const early = new Promise<'stopped'>((r) =>
      req.until?.addEventListener('abort', () => r('stopped'), { once: true }),
    );
    try {
      const answer = wait(d, env, 'ttfb', spec.behaviour === 'hang' ? Infinity : (spec.rttMs ?? 0), ttfbLimit);
      if ((await Promise.race([answer.then(() => 'answered' as const), early])) === 'stopped') return stopped();
    } catch (e) {
      this.destroy();
      throw e;
    }
    const ttfbMs = d.clock.now() - start;
    const served = spec.behaviour === 'http404' ? undefined : this.page(req);
    this.count(HEADER_BYTES);
    env.setPhase('body');
    if (!served) return this.text(404, 'text/plain', Buffer.from('not found'), req, ttfbMs);
    if (served.kind === 'text') {
      const body = Buffer.from(served.body);
      // A document bigger than the first window (conda's repodata.json) streams like a file; a small one comes at once.
      if (body.length <= STREAMED_TEXT || spec.behaviour === 'stall')
        return this.text(served.status ?? 200, served.type, body, req, ttfbMs, served.headers);
      const headers = { 'content-type': served.type, 'content-length': String(body.length), ...served.headers };
      if (req.method === 'HEAD')
        return { status: served.status ?? 200, headers, body: Buffer.alloc(0), truncated: false, ttfbMs, bodyBytes: 0 };
      return this.stream(Math.min(body.length, req.maxBytes), body.length > req.maxBytes, req, ttfbMs, headers, body);
    }
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(served.size) };
    if (req.method === 'HEAD')
      return { status: 200, headers, body: Buffer.alloc(0), truncated: false, ttfbMs, bodyBytes: 0 };
    this.st.blobs++;
    return this.stream(Math.min(served.size, req.maxBytes), served.size > req.maxBytes, req, ttfbMs, headers);
  }

  private page(req: Request): ReturnType<typeof serve> {
    if (this.spec.behaviour === 'wrong-protocol') {
      return {
        kind: 'text',
        type: 'text/html',
        body: '<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>',
      };
    }
    const path = new URL(req.path, 'http://x').pathname;
    return serveAny(this.spec, path, this.origin, this.d.blobBytes, req.headers['user-agent'] ?? '');
  }

  private count(n: number): void {
    this.st.bytes += n;
    this.env.onBytes(n);
  }

  /** A small document arrives with its headers; a stalling mirror sends half of it, then nothing. */
  private async text(
    status: number,
    type: string,
    full: Buffer,
    req: Request,
    ttfbMs: number,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    const headers = { 'content-type': type, 'content-length': String(full.length), ...extra };
    if (req.method === 'HEAD')
      return { status, headers, body: Buffer.alloc(0), truncated: false, ttfbMs, bodyBytes: 0 };
    const at = this.d.clock.now();
    const sent = this.spec.behaviour === 'stall' ? full.subarray(0, Math.floor(full.length / 2)) : full;
    const take = sent.subarray(0, req.maxBytes);
    this.count(sent.length);
    if (take.length > 0) req.onData?.(take.length, at);
    if (this.spec.behaviour === 'stall') {
      const stallLimit = {
        ms: DEADLINES.stall,
        fail: () =>
          new ProbeFailure('stalled', { code: 'probe.reason.stalled', params: { ms: DEADLINES.stall } }, 'stall'),
      };
      try {
        await wait(this.d, this.env, 'body', Infinity, stallLimit);
      } finally {
        this.destroy();
      }
    }
    const truncated = full.length > req.maxBytes;
    if (truncated) this.destroy();
    return {
      status,
      headers,
      body: req.collect ? take : Buffer.alloc(0),
      truncated,
      ttfbMs,
      firstByteAt: at,
      lastByteAt: at,
      bodyBytes: take.length,
    };
  }

  /** A body streamed over the link until `bytes`, a stop (`until`) or a cut; `content` when the reader keeps it. */
  private stream(
    bytes: number,
    truncatedAtEnd: boolean,
    req: Request,
    ttfbMs: number,
    headers: Record<string, string>,
    content?: Buffer,
  ): Promise<Response> {
    const { d, env, spec } = this;
    let got = 0;
    let firstByteAt: number | undefined;
    let lastByteAt: number | undefined;
    return new Promise((resolve, reject) => {
      let over = false;
      const finish = (truncated: boolean, failure?: unknown): void => {
        if (over) return;
        over = true;
        req.until?.removeEventListener('abort', onStop);
        env.signal.removeEventListener('abort', onCut);
        if (truncated || failure) this.destroy();
        if (this.flow) d.link.stop(this.flow);
        this.flow = undefined;
        if (failure) return reject(failure);
        const body = req.collect && content ? content.subarray(0, got) : Buffer.alloc(0);
        resolve({
          status: 200,
          headers,
          body,
          truncated,
          ttfbMs,
          ...(firstByteAt !== undefined ? { firstByteAt } : {}),
          ...(lastByteAt !== undefined ? { lastByteAt } : {}),
          bodyBytes: got,
        });
      };
      const onStop = (): void => finish(true);
      const onCut = (): void => {
        const r: unknown = env.signal.reason;
        finish(true, isCut(r) ? cutFailure('body', r) : new ProbeFailure('stalled', { code: 'probe.reason.aborted' }));
      };
      if (req.until?.aborted) return onStop();
      if (env.signal.aborted) return onCut();
      req.until?.addEventListener('abort', onStop, { once: true });
      env.signal.addEventListener('abort', onCut, { once: true });
      this.flow = d.link.start({
        host: spec.id,
        rttMs: Math.max(1, spec.rttMs ?? 0),
        capBps: spec.rateBps ?? UNCAPPED_BPS,
        bytes,
        onData: (n, at) => {
          if (over) return;
          firstByteAt ??= at;
          lastByteAt = at;
          got += n;
          this.count(n);
          req.onData?.(n, at);
        },
        onEnd: () => finish(truncatedAtEnd),
      });
    });
  }
}
