import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A forward proxy on 127.0.0.1: CONNECT tunnels (https) and absolute-URI requests (plain http), each recorded
 * in `seen` (`host:port` for a tunnel, the URL for a plain request), so a test proves what went through it.
 */
export interface ConnectProxy {
  url: string;
  seen: string[];
  /** Bytes the client sent into each CONNECT tunnel, in order: TLS must run inside it, not beside it. */
  tunnelBytes: number[];
  close(): Promise<void>;
}

/** `tls`: an https:// proxy (TLS with the proxy first, then CONNECT inside it), with this key and certificate. */
export async function startConnectProxy(o: { tls?: { key: Buffer; cert: Buffer } } = {}): Promise<ConnectProxy> {
  const seen: string[] = [];
  const tunnelBytes: number[] = [];
  const tunnels = new Set<net.Socket>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    seen.push(req.url ?? '');
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      return void res.writeHead(400).end();
    }
    const up = http.request(target, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  };
  const proxy = o.tls ? https.createServer(o.tls, handler) : http.createServer(handler);
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(req.url ?? '');
    const n = tunnelBytes.push(head.length) - 1;
    client.on('data', (d: Buffer) => (tunnelBytes[n] = (tunnelBytes[n] ?? 0) + d.length));
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    const up = net.connect(Number(port), (host ?? '').replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
    // Once the server side is done, so is the tunnel: unpiped, the client socket would sit paused on its EOF and
    // hold close() up.
    up.on('close', () => client.end(() => client.destroy()));
    tunnels.add(client).add(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    url: `${o.tls ? 'https' : 'http'}://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    seen,
    tunnelBytes,
    close: async () => {
      // A CONNECT tunnel is no longer the HTTP server's to close (closeAllConnections skips it).
      for (const socket of tunnels) socket.destroy();
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    },
  };
}
