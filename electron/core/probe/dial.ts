import net from 'node:net';
import tls from 'node:tls';

import { bypassesProxy } from '../profile/proxy';

import { connectFailure, cutFailure, isCut, ProbeFailure, type Phase } from './failure';
import type { Address } from './resolve';
import { DEADLINES } from './tuning';
import type { ProbeProxy } from './types';
import type { ProbeEnv } from './world';

/**
 * How a probe connection is opened: straight to the mirror, or through the proxy the tools will use (the
 * profile's, or HTTPS_PROXY/HTTP_PROXY with NO_PROXY; http:// or https://), so the speed test measures what the
 * tools will see.
 */

/** The proxy for `url`, or null when the tools would go direct (no proxy for its scheme, or NO_PROXY names it). */
export function proxyForProbe(proxy: ProbeProxy | undefined, url: URL): URL | null {
  if (!proxy || bypassesProxy(proxy.noProxy, url)) return null;
  const raw = url.protocol === 'https:' ? proxy.https : proxy.http;
  return raw ? new URL(raw) : null;
}

/**
 * TCP to the proxy (and TLS with it for an https:// proxy, as pip, npm, cargo and Go speak to one); for an https://
 * mirror a CONNECT tunnel and TLS with the mirror inside it (the proxy sees no plaintext); for http:// the socket
 * itself, over which requests name the whole URL. With an https:// proxy "connected" means its TLS session is up,
 * so the mirror's TLS time stays the mirror's own.
 */
export async function connectViaProxy(
  via: URL,
  host: string,
  port: number,
  https: boolean,
  addresses: Address[],
  env: ProbeEnv,
): Promise<{ socket: net.Socket; tcpAt: number; tlsAt?: number }> {
  if (via.protocol !== 'http:' && via.protocol !== 'https:')
    throw new ProbeFailure('refused', { code: 'probe.reason.proxy', params: { status: `${via.protocol}//` } });
  const proxyHost = via.hostname.replace(/^\[|\]$/g, '');
  const secure = via.protocol === 'https:';
  const tcp = await connectTimed(proxyHost, Number(via.port || (secure ? 443 : 80)), secure, addresses, env, {
    toProxy: true,
  }).catch((e: unknown) => {
    // The proxy's own certificate (or TLS) failing is said as such: it is not the mirror's.
    if (secure && e instanceof ProbeFailure && e.outcome === 'tls-error')
      throw new ProbeFailure('tls-error', {
        code: 'probe.reason.proxy-tls',
        params: { proxy: via.host, code: String(e.reason.params?.code ?? '') },
      });
    throw e;
  });
  const ready = tcp.tlsAt ?? tcp.tcpAt;
  if (!https) return { socket: tcp.socket, tcpAt: ready };
  env.setPhase('tls');
  const socket = await tunnelTls(tcp.socket, host, port, env);
  return { socket, tcpAt: ready, tlsAt: env.now() };
}

/** A proxy speaks HTTP/1.1 (CONNECT, absolute-form requests): never offered h2, its certificate checked as a mirror's. */
const tlsOptions = (host: string, env: ProbeEnv, toProxy = false): tls.ConnectionOptions => ({
  ...(net.isIP(host) ? {} : { servername: host }),
  ...(env.ca ? { ca: [...tls.rootCertificates, ...(Array.isArray(env.ca) ? env.ca : [env.ca])] } : {}),
  ALPNProtocols: env.h2 && !toProxy ? ['h2', 'http/1.1'] : ['http/1.1'],
});

/** CONNECT host:port over `socket`, then TLS inside the tunnel; the proxy's answer and the handshake share the TLS deadline. */
function tunnelTls(socket: net.Socket, host: string, port: number, env: ProbeEnv): Promise<tls.TLSSocket> {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    let inner: tls.TLSSocket | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      socket.removeListener('data', onData);
      env.signal.removeEventListener('abort', onCut);
    };
    const fail = (f: ProbeFailure): void => {
      finish();
      inner?.destroy();
      socket.destroy();
      reject(f);
    };
    const onCut = (): void => fail(asFailure('tls', env.signal.reason));
    const timer = setTimeout(
      () =>
        fail(
          new ProbeFailure(
            'connect-timeout',
            { code: 'probe.reason.tls-timeout', params: { ms: DEADLINES.tls } },
            'tls',
          ),
        ),
      DEADLINES.tls,
    );
    const onData = (d: Buffer): void => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > 16_384)
          fail(new ProbeFailure('refused', { code: 'probe.reason.proxy', params: { status: 'no HTTP answer' } }));
        return;
      }
      socket.removeListener('data', onData);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? '?';
      if (status !== '200')
        return fail(new ProbeFailure('refused', { code: 'probe.reason.proxy', params: { status } }));
      const rest = buf.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      inner = tls.connect({ socket, ...tlsOptions(host, env) });
      inner.on('error', (e) => fail(connectFailure(e, 'tls')));
      inner.once('secureConnect', () => {
        finish();
        const s = inner as tls.TLSSocket;
        s.removeAllListeners('error');
        // undici attaches its own error handler once it owns the socket; until then a late error must not crash.
        s.on('error', () => {});
        resolve(s);
      });
    };
    env.signal.addEventListener('abort', onCut, { once: true });
    if (env.signal.aborted) return onCut();
    socket.on('data', onData);
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
  });
}

export function asFailure(phase: Phase, reason: unknown): ProbeFailure {
  return isCut(reason) ? cutFailure(phase, reason) : new ProbeFailure('stalled', { code: 'probe.reason.aborted' });
}

/** TCP (and TLS) connect with its own deadlines, timing each step; the socket is destroyed on any failure. */
export function connectTimed(
  host: string,
  port: number,
  https: boolean,
  addresses: Address[],
  env: ProbeEnv,
  o: { toProxy?: boolean } = {},
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
        ...tlsOptions(host, env, o.toProxy),
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
