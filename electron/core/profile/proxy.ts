import http from 'node:http';
import { isIP, type Socket } from 'node:net';
import tls from 'node:tls';

/**
 * The proxy a tool on this machine would use for an https:// URL: HTTPS_PROXY (or https_proxy) unless the host
 * is listed in NO_PROXY (or no_proxy) — `*`, an exact host, a domain and its subdomains (`corp.example`,
 * `.corp.example`), optionally with `:port` — the convention curl, pip, npm and Go share.
 */
export function proxyFor(env: Readonly<Record<string, string | undefined>>, url: URL): URL | null {
  const raw = env.HTTPS_PROXY || env.https_proxy;
  if (!raw) return null;
  if (bypassesProxy((env.NO_PROXY || env.no_proxy || '').split(','), url)) return null;
  let proxy: URL;
  try {
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new Error(`HTTPS_PROXY is not a URL: ${raw}`);
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:')
    throw new Error(`only http:// and https:// proxies are supported (HTTPS_PROXY=${proxy.protocol}//…)`);
  return proxy;
}

/** Does a NO_PROXY list name `url`'s host (and port, when the entry has one)? */
export function bypassesProxy(noProxy: readonly string[], url: URL): boolean {
  const port = url.port || (url.protocol === 'http:' ? '80' : '443');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  for (const item of noProxy) {
    const entry = item.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry);
    const name = (m?.[1] ?? '').replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
    if (m?.[2] !== undefined && m[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * A CONNECT tunnel through `proxy` to host:port; the caller runs TLS over it, so the proxy sees no plaintext. An
 * https:// proxy is spoken to over TLS first (its certificate checked against `ca`), as the tools do.
 */
export function connectTunnel(
  proxy: URL,
  host: string,
  port: number,
  timeoutMs: number,
  ca?: string[],
): Promise<Socket> {
  const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
  const secure = proxy.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const headers: Record<string, string> = { host: target };
    if (proxy.username) {
      const cred = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
      headers['proxy-authorization'] = `Basic ${Buffer.from(cred).toString('base64')}`;
    }
    const req = http.request({
      host: proxyHost,
      port: Number(proxy.port || (secure ? 443 : 80)),
      ...(secure
        ? {
            createConnection: () =>
              tls.connect({
                host: proxyHost,
                port: Number(proxy.port || 443),
                ...(isIP(proxyHost) ? {} : { servername: proxyHost }),
                ...(ca ? { ca } : {}),
                ALPNProtocols: ['http/1.1'],
              }),
          }
        : {}),
      method: 'CONNECT',
      path: target,
      headers,
      timeout: timeoutMs,
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`proxy ${proxy.host} answered CONNECT with HTTP ${res.statusCode}`));
      }
    });
    req.on('timeout', () => req.destroy(new Error(`proxy ${proxy.host}: no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => reject(new Error(`proxy ${proxy.host}: ${e.message}`)));
    req.end();
  });
}
