import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

import type { MirrorKind } from '../../shared/types/core';

import { headerDelay, Link, sendPaced, type PathModel } from './pacing';
import { BASE_PATH, serve } from './protocols';

/**
 * A loopback testbed of emulated mirrors speaking the real protocols, for the probe's tests and its benchmark.
 * Everything listens on 127.0.0.1; nothing here can be mistaken for the internet.
 */
export type Behaviour =
  | 'ok'
  /** Nothing listens on the port. */
  | 'refused'
  /** The SYN is never answered: a listener that never accepts, its one-slot queue already full. */
  | 'blackhole'
  /** Accepts the connection and never says a word (not even the TLS handshake). */
  | 'hang'
  /** Sends the headers and a little of the body, then nothing. */
  | 'stall'
  /** Answers 200 with a web page that is not the protocol. */
  | 'wrong-protocol'
  | 'http404';

export interface MirrorSpec {
  id: string;
  kind: MirrorKind;
  /** Every kind this host serves, each under its BASE_PATH (a big mirror site); default `[kind]`. */
  kinds?: MirrorKind[];
  behaviour: Behaviour;
  rttMs?: number;
  rateBps?: number;
  /** Newest version listed (an older one than the others' = a stale mirror). Default 5.9.0. */
  version?: string;
  tls?: boolean;
}

export interface TestbedOptions {
  /** A shared access link all mirrors' bytes go through. */
  linkBps?: number;
  /** Size of each mirror's throughput file. Default 8 MB. */
  blobBytes?: number;
  /** Key and certificate for `tls` mirrors. */
  tlsCert?: { key: string; cert: string };
}

export interface MirrorStats {
  bytes: number;
  requests: number;
  /** Request headers that must never reach a mirror (Authorization, Cookie …) were seen. */
  credentialsSeen: boolean;
  /** Connections open right now (a client that destroys its sockets brings this back to 0). */
  open: number;
  /** Throughput files sent (GET of a large file), whatever the kind. */
  blobs: number;
}

export interface Testbed {
  /** The URL each mirror would be configured with. */
  url: Record<string, string>;
  /** The server root (for the 5 MB ground-truth file). */
  origin: Record<string, string>;
  stats: Record<string, MirrorStats>;
  resetStats(): void;
  close(): Promise<void>;
}

const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'npm-auth-type'];
const PERL_BLACKHOLE =
  'use Socket; socket(my $s, PF_INET, SOCK_STREAM, 0) or die; bind($s, pack_sockaddr_in(0, inet_aton("127.0.0.1"))) or die; ' +
  'listen($s, 0) or die; my ($port) = unpack_sockaddr_in(getsockname($s)); $| = 1; print "$port\\n"; while (<STDIN>) {}';

export async function startTestbed(specs: MirrorSpec[], opts: TestbedOptions = {}): Promise<Testbed> {
  const link = opts.linkBps ? new Link(opts.linkBps) : undefined;
  const closers: (() => Promise<void>)[] = [];
  const url: Record<string, string> = {};
  const origin: Record<string, string> = {};
  const stats: Record<string, MirrorStats> = {};
  try {
    for (const spec of specs) {
      stats[spec.id] = { bytes: 0, requests: 0, credentialsSeen: false, open: 0, blobs: 0 };
      const st = stats[spec.id] as MirrorStats;
      const { port, close } = await startOne(
        spec,
        st,
        { ...(link ? { link } : {}), rttMs: spec.rttMs ?? 0, ...(spec.rateBps ? { rateBps: spec.rateBps } : {}) },
        opts,
      );
      closers.push(close);
      const root = `${spec.tls ? 'https' : 'http'}://${spec.tls ? 'localhost' : '127.0.0.1'}:${port}`;
      origin[spec.id] = root;
      url[spec.id] = `${root}${BASE_PATH[spec.kind]}`;
    }
  } catch (e) {
    await Promise.all(closers.map((c) => c()));
    throw e;
  }
  return {
    url,
    origin,
    stats,
    resetStats: () => {
      for (const s of Object.values(stats))
        Object.assign(s, { bytes: 0, requests: 0, credentialsSeen: false, blobs: 0 });
    },
    close: async () => {
      await Promise.all(closers.map((c) => c()));
    },
  };
}

type Started = { port: number; close: () => Promise<void> };

async function startOne(spec: MirrorSpec, st: MirrorStats, model: PathModel, opts: TestbedOptions): Promise<Started> {
  switch (spec.behaviour) {
    case 'refused': {
      const s = net.createServer();
      const port = await listen(s);
      await new Promise<void>((r) => s.close(() => r()));
      return { port, close: async () => {} };
    }
    case 'blackhole':
      return blackhole();
    case 'hang': {
      const sockets = new Set<net.Socket>();
      const s = net.createServer((sock) => {
        sockets.add(sock);
        st.open++;
        // Read (and ignore) what the client sends, so its close is seen.
        sock.resume();
        sock.on('error', () => {});
        sock.on('close', () => {
          sockets.delete(sock);
          st.open--;
        });
      });
      return { port: await listen(s), close: () => closeServer(s, sockets) };
    }
    default:
      return httpMirror(spec, st, model, opts);
  }
}

async function httpMirror(spec: MirrorSpec, st: MirrorStats, model: PathModel, opts: TestbedOptions): Promise<Started> {
  const sockets = new Set<net.Socket>();
  const fresh = new WeakSet<net.Socket>();
  const blobBytes = opts.blobBytes ?? 8 * 1024 * 1024;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    st.requests++;
    if (CREDENTIAL_HEADERS.some((h) => req.headers[h] !== undefined)) st.credentialsSeen = true;
    const first = !fresh.has(req.socket);
    fresh.add(req.socket);
    const count = (n: number): void => void (st.bytes += n);
    void (async () => {
      await headerDelay(model, first);
      if (res.destroyed) return;
      const host = req.headers.host ?? '127.0.0.1';
      const served =
        spec.behaviour === 'http404'
          ? undefined
          : pageFor(spec, req, `${spec.tls ? 'https' : 'http'}://${host}`, blobBytes);
      if (!served) {
        count(120);
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      if (served.kind === 'blob') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': served.size });
        count(120);
        if (req.method === 'HEAD') return void res.end();
        st.blobs++;
        return sendPaced(res, served.size, model, count, spec.behaviour === 'stall' ? 16 * 1024 : undefined);
      }
      let body = Buffer.from(served.body);
      let status = served.status ?? 200;
      const headers: Record<string, string | number> = { 'content-type': served.type, ...served.headers };
      const range = /^bytes=-(\d+)$/.exec(String(req.headers.range ?? ''));
      if (range && status === 200 && spec.behaviour !== 'stall') {
        const n = Math.min(body.length, Number(range[1]));
        headers['content-range'] = `bytes ${body.length - n}-${body.length - 1}/${body.length}`;
        body = body.subarray(body.length - n);
        status = 206;
      }
      headers['content-length'] = body.length;
      res.writeHead(status, headers);
      count(120);
      if (req.method === 'HEAD') return void res.end();
      // A stalling mirror stops early, as its blobs do (16 KB): half of a large page (RubyGems' versions file, which
      // is also its throughput file) lay beyond anything the speed test reads, so it was a healthy mirror here.
      if (spec.behaviour === 'stall')
        return sendPaced(res, body, model, count, Math.min(16 * 1024, Math.floor(body.length / 2)));
      await sendBody(res, body, model, count);
    })();
  };
  const server =
    spec.tls && opts.tlsCert
      ? https.createServer({ key: opts.tlsCert.key, cert: opts.tlsCert.cert, ALPNProtocols: ['http/1.1'] }, handler)
      : http.createServer(handler);
  server.keepAliveTimeout = 30_000;
  server.on('connection', (sock: net.Socket) => {
    sockets.add(sock);
    st.open++;
    sock.on('close', () => {
      sockets.delete(sock);
      st.open--;
    });
  });
  return { port: await listen(server), close: () => closeServer(server, sockets) };
}

function pageFor(
  spec: MirrorSpec,
  req: http.IncomingMessage,
  origin: string,
  blobBytes: number,
): ReturnType<typeof serve> {
  if (spec.behaviour === 'wrong-protocol') {
    return {
      kind: 'text',
      type: 'text/html',
      body: '<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>',
    };
  }
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  return serveAny(spec, path, origin, blobBytes, String(req.headers['user-agent'] ?? ''));
}

/** What a host serving `spec.kinds` answers at `path`: the first of its kinds that knows the path. */
export function serveAny(
  spec: MirrorSpec,
  path: string,
  origin: string,
  blobBytes: number,
  userAgent: string,
): ReturnType<typeof serve> {
  for (const kind of spec.kinds ?? [spec.kind]) {
    const served = serve(kind, path, origin, spec.version ?? '5.9.0', blobBytes, userAgent);
    if (served) return served;
  }
  return undefined;
}

async function sendBody(
  res: http.ServerResponse,
  body: Buffer,
  model: PathModel,
  count: (n: number) => void,
): Promise<void> {
  if (!model.rateBps && !model.link && model.rttMs === 0) {
    count(body.length);
    res.end(body);
    return;
  }
  // Small documents go through the same pacing as files: a busy shared link delays them too.
  await sendPaced(res, body, model, count);
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((r) => server.close(() => r()));
}

/** A port whose SYNs go unanswered: perl listens with a backlog of 0 and never accepts; one filler takes the slot. */
async function blackhole(): Promise<Started> {
  let child: ChildProcess;
  try {
    child = spawn('perl', ['-e', PERL_BLACKHOLE], { stdio: ['pipe', 'pipe', 'ignore'] });
  } catch {
    throw new Error('the blackhole mirror needs perl');
  }
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
  });
  const filler = net.connect(port, '127.0.0.1');
  filler.on('error', () => {});
  await new Promise<void>((r) => filler.once('connect', () => r()));
  return {
    port,
    close: async () => {
      filler.destroy();
      child.stdin?.end();
      if (child.exitCode === null) await new Promise<void>((r) => child.once('exit', () => r()));
    },
  };
}
