import type net from 'node:net';
import type tls from 'node:tls';

import { Client } from 'undici';

import { asFailure, connectTimed, connectViaProxy, proxyForProbe } from './dial';
import { cutFailure, isCut, ProbeFailure, type Phase } from './failure';
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
    private readonly pathPrefix = '',
  ) {
    socket.once('close', () => (this.closed = true));
  }

  get reusable(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  static async open(url: URL, env: ProbeEnv): Promise<Conn> {
    env.setPhase('dns');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // Through a proxy, as the tools go: only the proxy's name is resolved here, the proxy resolves the mirror's.
    const via = proxyForProbe(env.proxy, url);
    const dial = via ? via.hostname.replace(/^\[|\]$/g, '') : host;
    const resolution = await withCut(env, 'dns', env.resolver.resolve(dial));
    if (!resolution.ok)
      throw new ProbeFailure('dns-error', { code: 'probe.reason.dns', params: { host: dial, code: resolution.code } });
    const https = url.protocol === 'https:';
    const port = Number(url.port || (https ? 443 : 80));
    const startedAt = env.now();
    env.setPhase('connect');
    const { socket, tcpAt, tlsAt } = via
      ? await connectViaProxy(via, host, port, https, resolution.addresses, env)
      : await connectTimed(host, port, https, resolution.addresses, env);
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
    // A plain http:// request through a proxy names the whole URL (RFC 9112 absolute-form).
    return new Conn(url.origin, timings, socket, client, env, via && !https ? url.origin : '');
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
          path: this.pathPrefix + req.path,
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
