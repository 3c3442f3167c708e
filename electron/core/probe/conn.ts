import net from 'node:net';
import tls from 'node:tls';

import { Client } from 'undici';

import { connectFailure, cutFailure, isCut, ProbeFailure, type Phase } from './failure';
import type { Address } from './resolve';
import type { Connection, ConnTimings, ProbeEnv, Request, Response } from './world';
import { DEADLINES } from './tuning';

export type { ConnTimings, ProbeEnv, Request, Response } from './world';

/** One fresh connection to one origin, opened and timed by hand, with undici speaking HTTP over it. */
export class Conn implements Connection {
  private closed = false;
  private constructor(
    readonly origin: string,
    readonly timings: ConnTimings,
    private readonly socket: net.Socket,
    private readonly client: Client,
    private readonly env: ProbeEnv,
  ) {
    socket.once('close', () => (this.closed = true));
  }

  get reusable(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  static async open(url: URL, env: ProbeEnv): Promise<Conn> {
    env.setPhase('dns');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const resolution = await withCut(env, 'dns', env.resolver.resolve(host));
    if (!resolution.ok)
      throw new ProbeFailure('dns-error', { code: 'probe.reason.dns', params: { host, code: resolution.code } });
    const https = url.protocol === 'https:';
    const port = Number(url.port || (https ? 443 : 80));
    const startedAt = env.now();
    env.setPhase('connect');
    const { socket, tcpAt, tlsAt } = await connectTimed(host, port, https, resolution.addresses, env);
    const alpn = https ? (socket as tls.TLSSocket).alpnProtocol || undefined : undefined;
    const family = socket.remoteFamily === 'IPv6' ? 6 : 4;
    const timings: ConnTimings = {
      dnsMs: resolution.ms,
      tcpMs: tcpAt - startedAt,
      ...(tlsAt !== undefined ? { tlsMs: tlsAt - tcpAt } : {}),
      family,
      address: socket.remoteAddress ?? resolution.addresses[0]?.address ?? host,
      ...(alpn ? { alpn } : {}),
      startedAt,
    };
    let handedOver = false;
    const client = new Client(url.origin, {
      // The socket is ours and already connected; undici must never open another one behind our back.
      connect: (_opts, cb) => {
        if (handedOver) return void queueMicrotask(() => cb(new Error('probe connections are not reopened'), null));
        handedOver = true;
        queueMicrotask(() => cb(null, socket));
      },
      allowH2: alpn === 'h2',
      pipelining: 1,
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 30_000,
    });
    return new Conn(url.origin, timings, socket, client, env);
  }

  /** Ends the connection now: the socket is destroyed, not merely forgotten. */
  destroy(): void {
    this.closed = true;
    this.socket.destroy();
    void this.client.destroy().catch(() => {});
  }

  async request(req: Request): Promise<Response> {
    const { env } = this;
    const ac = new AbortController();
    const start = env.now();
    let timer: NodeJS.Timeout | undefined;
    const fail = (f: ProbeFailure): void => {
      if (ac.signal.aborted) return;
      ac.abort(f);
      this.destroy();
    };
    const arm = (ms: number, f: () => ProbeFailure): void => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(f()), ms);
    };
    let phase: Phase = 'ttfb';
    const onCut = (): void => {
      const reason: unknown = env.signal.reason;
      fail(isCut(reason) ? cutFailure(phase, reason) : new ProbeFailure('stalled', { code: 'probe.reason.aborted' }));
    };
    env.setPhase('ttfb');
    arm(
      DEADLINES.ttfb,
      () =>
        new ProbeFailure('ttfb-timeout', { code: 'probe.reason.ttfb-timeout', params: { ms: DEADLINES.ttfb } }, 'ttfb'),
    );
    if (env.signal.aborted) onCut();
    env.signal.addEventListener('abort', onCut);
    // A stream stopped while still waiting for its response (a far mirror) must not hold its connection open.
    let stopped = false;
    const onEarlyStop = (): void => {
      stopped = true;
      ac.abort();
      this.destroy();
    };
    try {
      let res: Awaited<ReturnType<Client['request']>>;
      try {
        if (req.until?.aborted) onEarlyStop();
        req.until?.addEventListener('abort', onEarlyStop, { once: true });
        res = await this.client.request({
          path: req.path,
          method: req.method ?? 'GET',
          headers: req.headers,
          signal: ac.signal,
        });
      } catch (e) {
        if (stopped)
          return {
            status: 0,
            headers: {},
            body: Buffer.alloc(0),
            truncated: true,
            ttfbMs: env.now() - start,
            bodyBytes: 0,
            stopped,
          };
        if (ac.signal.aborted) throw ac.signal.reason;
        this.destroy();
        throw new ProbeFailure('http-error', {
          code: 'probe.reason.closed',
          params: { code: String((e as { code?: string }).code ?? 'UNKNOWN') },
        });
      }
      req.until?.removeEventListener('abort', onEarlyStop);
      const ttfbMs = env.now() - start;
      env.onBytes(headerBytes(res.statusCode, res.headers));
      phase = 'body';
      env.setPhase('body');
      const stall = (): ProbeFailure =>
        new ProbeFailure('stalled', { code: 'probe.reason.stalled', params: { ms: DEADLINES.stall } }, 'stall');
      arm(DEADLINES.stall, stall);
      const chunks: Buffer[] = [];
      let bodyBytes = 0;
      let truncated = false;
      let firstByteAt: number | undefined;
      let lastByteAt: number | undefined;
      await new Promise<void>((resolve, reject) => {
        const stop = (): void => {
          truncated = true;
          res.body.destroy();
          this.destroy();
          resolve();
        };
        const onStop = (): void => stop();
        if (req.until?.aborted) return stop();
        req.until?.addEventListener('abort', onStop, { once: true });
        res.body.on('data', (chunk: Buffer) => {
          const at = env.now();
          firstByteAt ??= at;
          lastByteAt = at;
          const room = req.maxBytes - bodyBytes;
          const take = Math.min(room, chunk.length);
          bodyBytes += take;
          env.onBytes(chunk.length);
          if (req.collect) chunks.push(take === chunk.length ? chunk : chunk.subarray(0, take));
          req.onData?.(take, at);
          if (bodyBytes >= req.maxBytes) return stop();
          arm(DEADLINES.stall, stall);
        });
        res.body.on('end', () => {
          req.until?.removeEventListener('abort', onStop);
          resolve();
        });
        res.body.on('error', (e) => {
          req.until?.removeEventListener('abort', onStop);
          if (ac.signal.aborted) return reject(ac.signal.reason);
          if (truncated) return resolve();
          this.destroy();
          reject(
            new ProbeFailure('stalled', {
              code: 'probe.reason.closed',
              params: { code: String((e as { code?: string }).code ?? 'UNKNOWN') },
            }),
          );
        });
      });
      return {
        status: res.statusCode,
        headers: res.headers,
        body: Buffer.concat(chunks),
        truncated,
        ttfbMs,
        firstByteAt,
        lastByteAt,
        bodyBytes,
      };
    } finally {
      clearTimeout(timer);
      req.until?.removeEventListener('abort', onEarlyStop);
      env.signal.removeEventListener('abort', onCut);
    }
  }
}

/** Rough size of the response head, for the byte count. */
function headerBytes(status: number, headers: Record<string, string | string[] | undefined>): number {
  let n = 17 + String(status).length;
  for (const [k, v] of Object.entries(headers)) {
    for (const one of Array.isArray(v) ? v : [v ?? '']) n += k.length + one.length + 4;
  }
  return n;
}

async function withCut<T>(env: ProbeEnv, phase: Phase, p: Promise<T>): Promise<T> {
  if (env.signal.aborted) throw asFailure(phase, env.signal.reason);
  let onAbort: () => void = () => {};
  const cut = new Promise<never>((_, reject) => {
    onAbort = () => reject(asFailure(phase, env.signal.reason));
    env.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([p, cut]);
  } finally {
    env.signal.removeEventListener('abort', onAbort);
  }
}

function asFailure(phase: Phase, reason: unknown): ProbeFailure {
  return isCut(reason) ? cutFailure(phase, reason) : new ProbeFailure('stalled', { code: 'probe.reason.aborted' });
}

/** TCP (and TLS) connect with its own deadlines, timing each step; the socket is destroyed on any failure. */
function connectTimed(
  host: string,
  port: number,
  https: boolean,
  addresses: Address[],
  env: ProbeEnv,
): Promise<{ socket: net.Socket; tcpAt: number; tlsAt?: number }> {
  // Hand the pre-resolved addresses to Node's happy-eyeballs connect instead of resolving again.
  const lookup = ((_h: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (opts.all) cb(null, addresses);
    else cb(null, addresses[0]?.address, addresses[0]?.family);
  }) as unknown as net.LookupFunction;
  const base = { host, port, lookup, autoSelectFamily: true, autoSelectFamilyAttemptTimeout: 250 };
  const socket = https
    ? tls.connect({
        ...base,
        ...(net.isIP(host) ? {} : { servername: host }),
        ...(env.ca ? { ca: [...tls.rootCertificates, ...(Array.isArray(env.ca) ? env.ca : [env.ca])] } : {}),
        ALPNProtocols: env.h2 ? ['h2', 'http/1.1'] : ['http/1.1'],
      })
    : net.connect(base);
  return new Promise((resolve, reject) => {
    let phase: Phase = 'connect';
    let tcpAt = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (f?: ProbeFailure): void => {
      clearTimeout(timer);
      env.signal.removeEventListener('abort', onCut);
      socket.removeListener('error', onError);
      if (!f) return;
      socket.destroy();
      reject(f);
    };
    const onError = (e: unknown): void => done(connectFailure(e, phase));
    const onCut = (): void => done(asFailure(phase, env.signal.reason));
    socket.on('error', onError);
    // undici attaches its own error handler once it owns the socket; until then a late error must not crash.
    socket.on('error', () => {});
    env.signal.addEventListener('abort', onCut, { once: true });
    if (env.signal.aborted) return onCut();
    timer = setTimeout(
      () =>
        done(
          new ProbeFailure(
            'connect-timeout',
            { code: 'probe.reason.connect-timeout', params: { ms: DEADLINES.connect } },
            'connect',
          ),
        ),
      DEADLINES.connect,
    );
    socket.once('connect', () => {
      tcpAt = env.now();
      if (!https) {
        done();
        return resolve({ socket, tcpAt });
      }
      phase = 'tls';
      env.setPhase('tls');
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          done(
            new ProbeFailure(
              'connect-timeout',
              { code: 'probe.reason.tls-timeout', params: { ms: DEADLINES.tls } },
              'tls',
            ),
          ),
        DEADLINES.tls,
      );
    });
    if (https) {
      socket.once('secureConnect', () => {
        const tlsAt = env.now();
        done();
        resolve({ socket, tcpAt, tlsAt });
      });
    }
  });
}
