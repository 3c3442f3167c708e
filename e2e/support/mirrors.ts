import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Loopback mirrors for the Test step: a PEP 503 index and an npm registry that speak enough of their protocol
 * for the real probe, plus a server that is not a mirror and a port nobody listens on. Bodies are always paced:
 * the probe needs a download that lasts long enough to be measured, which an unthrottled loopback never does.
 */
export interface Mirror {
  url: string;
  close(): Promise<void>;
}

const FILE_BYTES = 512 * 1024;

interface Options {
  /** Bytes per second for file bodies (default 4 MB/s). */
  rate?: number;
  /** Delay before answering, ms. */
  delayMs?: number;
}

async function serve(
  handler: (path: string, origin: string) => { type: string; body: Buffer } | null,
  o: Options = {},
): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const answer = handler(path, origin);
    setTimeout(() => {
      if (!answer) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res.writeHead(200, { 'content-type': answer.type, 'content-length': answer.body.length });
      if (req.method === 'HEAD') return void res.end();
      if (answer.body.length < 16 * 1024) return void res.end(answer.body);
      const chunk = Math.max(1024, Math.round((o.rate ?? 4_000_000) / 20));
      let at = 0;
      const tick = (): void => {
        if (res.destroyed) return;
        res.write(answer.body.subarray(at, at + chunk));
        at += chunk;
        if (at >= answer.body.length) res.end();
        else setTimeout(tick, 50);
      };
      tick();
    }, o.delayMs ?? 0);
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const html = (body: string) => ({
  type: 'text/html',
  body: Buffer.from(`<!DOCTYPE html><html><body>\n${body}\n</body></html>\n`),
});
const blob = () => ({ type: 'application/octet-stream', body: Buffer.alloc(FILE_BYTES, 7) });

export async function pypiMirror(o: Options = {}): Promise<Mirror> {
  const wheel = 'pip-24.2-py3-none-any.whl';
  const s = await serve((p) => {
    if (p === '/simple/pip/')
      return html(
        `<a href="../../packages/pip-24.1.tar.gz">pip-24.1.tar.gz</a><br/>\n<a href="../../packages/${wheel}">${wheel}</a><br/>`,
      );
    if (p.startsWith('/packages/')) return blob();
    return null;
  }, o);
  return { url: `${s.origin}/simple/`, close: s.close };
}

export async function npmMirror(o: Options = {}): Promise<Mirror> {
  const s = await serve((p, origin) => {
    if (p === '/-/ping') return { type: 'application/json', body: Buffer.from('{}') };
    if (p === '/typescript')
      return {
        type: 'application/json',
        body: Buffer.from(
          JSON.stringify({
            name: 'typescript',
            'dist-tags': { latest: '5.6.3' },
            versions: { '5.6.3': { dist: { tarball: `${origin}/typescript/-/typescript-5.6.3.tgz` } } },
          }),
        ),
      };
    if (p.endsWith('.tgz')) return blob();
    return null;
  }, o);
  return { url: `${s.origin}/`, close: s.close };
}

/** Answers 200 with a page that is no mirror of anything. */
export async function notAMirror(): Promise<Mirror> {
  const s = await serve(() => html('<p>Welcome to nginx!</p>'));
  return { url: `${s.origin}/simple/`, close: s.close };
}

/** A port that refuses connections: listened on once, then closed. */
export async function refusedUrl(): Promise<string> {
  const s = await serve(() => null);
  await s.close();
  return `${s.origin}/simple/`;
}
