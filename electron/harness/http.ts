import { timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { EVENTS } from '../../shared/ipc/channels';
import type { Binding } from '../main/binding';
import { contentType, CSP } from '../main/assets';

const MAX_BODY = 1024 * 1024;
/** The page holds one event stream (two across a reload); more is someone holding sockets open. */
export const MAX_EVENT_STREAMS = 4;

export interface HarnessOptions {
  /**
   * The binding, once the engine has started; calling it starts the engine if it has not. The server answers for
   * the page before the engine exists, and starts it once the page's script is out, so that Node loads the core
   * while the browser parses the script (loading it earlier would hold up the page's own files).
   */
  binding: () => Promise<Binding>;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 64 hex characters; every URL starts with /<token>/. */
  token: string;
  log: (line: string) => void;
}

/**
 * Serves the wizard and the IPC binding on loopback. Three guards keep other local pages and processes from
 * driving it: it binds 127.0.0.1 only (the caller's job: listen(port, '127.0.0.1')); every path starts with a
 * random token no other page can know; and the Host header must be exactly 127.0.0.1:PORT, which defeats DNS
 * rebinding (a hostile name resolving to 127.0.0.1 still sends its own name). Calls must also be same-origin
 * JSON POSTs, which a cross-origin page cannot send without a CORS preflight that this server never answers.
 */
export function createHarnessServer(o: HarnessOptions): http.Server {
  const prefix = Buffer.from(`/${o.token}/`);
  const server = http.createServer((req, res) => {
    const port = (server.address() as { port: number } | null)?.port;
    const origin = `http://127.0.0.1:${port}`;
    if (req.headers.host !== `127.0.0.1:${port}`) return deny(res, 421, 'wrong host');
    const url = req.url ?? '/';
    const head = Buffer.from(url.slice(0, prefix.length));
    if (head.length !== prefix.length || !timingSafeEqual(head, prefix)) return deny(res, 404, 'not found');
    let rest: string;
    try {
      rest = decodeURIComponent(url.slice(prefix.length).split('?')[0] ?? '');
    } catch {
      return deny(res, 400, 'bad path');
    }
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return deny(res, 403, 'cross-origin');

    if (rest.startsWith('api/invoke/')) return invoke(req, res, rest.slice('api/invoke/'.length));
    if (rest === 'api/events') return events(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'method');
    return serveStatic(res, rest === '' ? 'index.html' : rest);
  });

  function invoke(req: http.IncomingMessage, res: http.ServerResponse, channel: string): void {
    if (req.method !== 'POST') return deny(res, 405, 'method');
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return deny(res, 415, 'json only');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > MAX_BODY) {
        deny(res, 413, 'too large');
        req.destroy();
      } else chunks.push(b);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let body: { args?: unknown };
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { args?: unknown }) : {};
      } catch {
        return deny(res, 400, 'bad json');
      }
      void o
        .binding()
        .then((b) => b.invoke(channel, body?.args))
        .then((result) => {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
          res.end(JSON.stringify(result));
        });
    });
  }

  let streams = 0;
  function events(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'GET') return deny(res, 405, 'method');
    if (streams >= MAX_EVENT_STREAMS) return deny(res, 429, 'too many streams');
    streams++;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    let offs: (() => void)[] = [];
    let closed = false;
    void o.binding().then((b) => {
      if (closed) return;
      offs = EVENTS.map((name) =>
        b.subscribe(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)),
      );
    });
    const beat = setInterval(() => res.write(': beat\n\n'), 15_000);
    req.on('close', () => {
      streams--;
      closed = true;
      clearInterval(beat);
      for (const off of offs) off();
    });
  }

  function serveStatic(res: http.ServerResponse, rel: string): void {
    const file = path.resolve(o.staticDir, rel);
    if (!file.startsWith(path.resolve(o.staticDir) + path.sep)) return deny(res, 404, 'not found');
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) return deny(res, 404, 'not found');
      size = st.size;
    } catch {
      return deny(res, 404, 'not found');
    }
    res.writeHead(200, {
      'content-type': contentType(file),
      'content-length': size,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    if (file.endsWith('.js')) res.on('finish', () => void o.binding());
    createReadStream(file).pipe(res);
  }

  function deny(res: http.ServerResponse, status: number, why: string): void {
    if (status !== 404) o.log(`refused request: ${why}`);
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${status}\n`);
  }

  return server;
}
