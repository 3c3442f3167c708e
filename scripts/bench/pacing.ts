import type { ServerResponse } from 'node:http';

/**
 * Network emulation in the server, since `tc netem` is not in this kernel: every response waits one RTT
 * (two on a new connection: the TCP handshake), and its body is paced by TCP slow start (initcwnd 10 × 1448 B,
 * doubling per RTT), by the mirror's rate cap, and by a shared access link when there is one.
 */
export const INIT_CWND = 10 * 1448;

/** A shared access link: one FIFO token bucket every mirror's bytes pass through (fair share by interleaving). */
export class Link {
  private next = 0;
  constructor(readonly bytesPerSec: number) {}

  /** When `n` bytes that are ready at `ready` (ms, performance clock) may go out. */
  reserve(n: number, ready: number): number {
    const start = Math.max(ready, this.next);
    this.next = start + (n * 1000) / this.bytesPerSec;
    return start;
  }
}

export interface PathModel {
  rttMs: number;
  /** Bytes per second; undefined = no cap. */
  rateBps?: number;
  link?: Link;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Wait out the round trips before a response's headers (`fresh`: the first request on its connection). */
export function headerDelay(model: PathModel, fresh: boolean): Promise<void> {
  return sleep(model.rttMs * (fresh ? 2 : 1));
}

/**
 * Write `body` (a document, or that many filler bytes) to `res`, paced. `stallAfter` stops sending after that
 * many bytes and keeps the response open (a mirror that sends headers and then stalls). Resolves when done or
 * when the client went away.
 */
export async function sendPaced(
  res: ServerResponse,
  body: Buffer | number,
  model: PathModel,
  count: (n: number) => void,
  stallAfter?: number,
): Promise<void> {
  // On a shared link every flow passes in pieces of one size, so that the FIFO interleaving gives each ready flow
  // the same share, as TCP flows on one bottleneck converge to; a faster mirror must not get more just because
  // it writes bigger pieces. Alone, bigger pieces for faster mirrors keep the server's CPU cost down.
  const chunkSize = model.link
    ? 16 * 1024
    : Math.min(64 * 1024, Math.max(16 * 1024, Math.round((model.rateBps ?? 50e6) * 0.004)));
  const filler = Buffer.alloc(chunkSize, 0x61);
  const total = typeof body === 'number' ? body : body.length;
  const slice = (from: number, n: number): Buffer =>
    typeof body === 'number' ? (n === chunkSize ? filler : filler.subarray(0, n)) : body.subarray(from, from + n);
  let closed = false;
  res.once('close', () => (closed = true));
  const t0 = performance.now();
  // The rate cap is a token bucket one chunk deep: a server that fell behind (CPU) does not burst above its cap
  // to catch up, as a real bottleneck would not let it.
  let rateClock = t0;
  let sent = 0;
  while (sent < total && !closed) {
    if (stallAfter !== undefined && sent >= stallAfter) return new Promise((r) => res.once('close', () => r()));
    const n = Math.min(chunkSize, total - sent, stallAfter !== undefined ? Math.max(1, stallAfter - sent) : Infinity);
    const target = sent + n;
    const byRate = model.rateBps ? Math.max(rateClock, performance.now() - (chunkSize * 1000) / model.rateBps) : t0;
    const round = model.rttMs > 0 ? Math.max(0, Math.ceil(Math.log2(target / INIT_CWND + 1)) - 1) : 0;
    const byCwnd = t0 + round * model.rttMs;
    // Wait for this flow's own limits first; only a flow that is ready queues on the shared link, so a flow
    // waiting out its slow-start round never holds the link idle for the others.
    const ready = Math.max(byRate, byCwnd);
    if (ready - performance.now() > 1) await sleep(ready - performance.now());
    if (model.link) {
      const slot = model.link.reserve(n, performance.now());
      if (slot - performance.now() > 1) await sleep(slot - performance.now());
    }
    if (closed) break;
    if (model.rateBps)
      rateClock = Math.max(byRate, performance.now() - (chunkSize * 1000) / model.rateBps) + (n * 1000) / model.rateBps;
    count(n);
    const ok = res.write(slice(sent, n));
    sent = target;
    if (!ok)
      await new Promise<void>((r) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          r();
        };
        res.once('drain', done);
        res.once('close', done);
      });
  }
  if (!closed) res.end();
}
