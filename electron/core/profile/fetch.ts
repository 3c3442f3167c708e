import fs from 'node:fs';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import tls from 'node:tls';

import type { Ctx } from '../context';

import { connectTunnel, proxyFor } from './proxy';

/** Why a download failed; every one of them means "unreachable" to the caller, who may fall back to its cache. */
export class FetchError extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'FetchError';
  }
}

function proxyOf(ctx: Pick<Ctx, 'env'>, url: URL): URL | null {
  try {
    return proxyFor(ctx.env, url);
  } catch (e) {
    throw new FetchError(url.href, (e as Error).message);
  }
}

export interface FetchOptions {
  maxBytes: number;
  timeoutMs?: number;
  maxRedirects?: number;
}

/**
 * The roots a tool on this machine would trust: Node's bundled list plus NODE_EXTRA_CA_CERTS from the
 * environment the tools see (read here because Node reads it only once, at the start of a process).
 */
function trustedRoots(ctx: Pick<Ctx, 'env'>): string[] {
  const extra = ctx.env.NODE_EXTRA_CA_CERTS;
  if (!extra) return [...tls.rootCertificates];
  try {
    return [...tls.rootCertificates, fs.readFileSync(extra, 'utf8')];
  } catch {
    return [...tls.rootCertificates];
  }
}

function getOnce(
  url: URL,
  ca: string[],
  opts: Required<FetchOptions>,
  tunnel: Socket | null,
): Promise<{ status: number; location?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // Through a proxy, TLS runs inside the CONNECT tunnel, with the certificate checked against the real host
    // (`host`: for an IP without SNI, tls would check 'localhost'). No `agent` key: Node calls createConnection only
    // for a request without an agent; `agent: false` makes a fresh one that dials the server directly, beside the
    // tunnel, and leaves the tunnel open.
    const via = tunnel
      ? {
          createConnection: () => tls.connect({ socket: tunnel, host, servername: isIP(host) ? undefined : host, ca }),
        }
      : {};
    const req = https.get(
      url,
      { ca, timeout: opts.timeoutMs, headers: { accept: '*/*', 'user-agent': 'MirrorKit' }, ...via },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          resolve({
            status,
            ...(res.headers.location ? { location: res.headers.location } : {}),
            body: Buffer.alloc(0),
          });
          return;
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > opts.maxBytes) {
          res.destroy();
          reject(new FetchError(url.href, `larger than ${opts.maxBytes} bytes`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > opts.maxBytes) {
            res.destroy();
            reject(new FetchError(url.href, `larger than ${opts.maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve({ status, body: Buffer.concat(chunks) }));
        res.on('error', (e) => reject(new FetchError(url.href, e.message)));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', (e) => reject(new FetchError(url.href, e.message)));
  });
}

/**
 * GET an https:// URL, through HTTPS_PROXY unless NO_PROXY names the host (as the tools themselves do). Redirects are followed only within the same origin (scheme, host and port): a profile
 * server that sends MirrorKit elsewhere is treated as unreachable, not trusted by proxy.
 */
export async function fetchHttps(ctx: Pick<Ctx, 'env'>, href: string, o: FetchOptions): Promise<Buffer> {
  const opts: Required<FetchOptions> = { timeoutMs: 15_000, maxRedirects: 5, ...o };
  const ca = trustedRoots(ctx);
  const origin = new URL(href).origin;
  let url = new URL(href);
  for (let hop = 0; hop <= opts.maxRedirects; hop++) {
    if (url.protocol !== 'https:') throw new FetchError(url.href, 'only https:// is accepted');
    const proxy = proxyOf(ctx, url);
    const tunnel = proxy
      ? await connectTunnel(
          proxy,
          url.hostname.replace(/^\[|\]$/g, ''),
          Number(url.port || 443),
          opts.timeoutMs,
          ca,
        ).catch((e: Error) => {
          throw new FetchError(url.href, e.message);
        })
      : null;
    const r = await getOnce(url, ca, opts, tunnel);
    if (r.status >= 300 && r.status < 400) {
      if (!r.location) throw new FetchError(url.href, `HTTP ${r.status} without a Location`);
      const next = new URL(r.location, url);
      if (next.origin !== origin) throw new FetchError(url.href, `redirect to another origin (${next.origin}) refused`);
      url = next;
      continue;
    }
    if (r.status !== 200) throw new FetchError(url.href, `HTTP ${r.status}`);
    return r.body;
  }
  throw new FetchError(href, 'too many redirects');
}
