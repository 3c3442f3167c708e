import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';

import { Conn, type ProbeEnv } from '../../electron/core/probe/conn';
import { HostResolver } from '../../electron/core/probe/resolve';
import { burstAtOwnCap, burstCheckNeedsMs } from '../../electron/core/probe/burst';
import {
  keptRates,
  knownAlone,
  linkHasRoom,
  linkLooksFull,
  linkStillHeld,
  requeueOrder,
  rerunNeedsMs,
  rotationConfirmed,
  rotationVerdict,
  windowRate,
} from '../../electron/core/probe/rotation';

test('a full link shows as most levelled streams at one rate; mirrors on their own caps spread out', () => {
  assert.equal(linkLooksFull([0.8e6, 0.75e6, 0.9e6, 0.82e6, 1.1e6, 0.7e6, 2.3e6]), true);
  assert.equal(linkLooksFull([1e6, 2.5e6, 4e6, 7e6, 12e6, 19e6]), false);
  // Too few to tell, whatever their rates.
  assert.equal(linkLooksFull([1e6, 1e6, 1e6]), false);
  assert.equal(linkLooksFull([1e6, 1e6, 1e6, 1e6, 1e6], 6), false);
});

test('rotation stands only if the streams kept running took over the freed link', () => {
  // Two of them doubled: the link was full (the capped one beside them could not speed up, link or not).
  assert.equal(
    rotationConfirmed([
      { before: 1e6, now: 2.6e6 },
      { before: 1.1e6, now: 3e6 },
      { before: 1.2e6, now: 1.2e6 },
    ]),
    true,
  );
  // Mirrors that merely had similar caps keep their rates: undone.
  assert.equal(
    rotationConfirmed([
      { before: 1.4e6, now: 1.5e6 },
      { before: 1.5e6, now: 1.45e6 },
      { before: 1.3e6, now: 2.2e6 },
    ]),
    false,
  );
  // Three of the four kept run at their own caps near the share, and one of them jumped 3.5×: the link was full.
  assert.equal(
    rotationConfirmed([
      { before: 0.98e6, now: 0.98e6 },
      { before: 0.98e6, now: 3.44e6 },
      { before: 0.98e6, now: 1.31e6 },
      { before: 0.98e6, now: 1.31e6 },
    ]),
    true,
  );
  assert.equal(rotationConfirmed([]), undefined);
});

test('a kept stream that jumped when the others stopped is evidence, even while the judge calls it ramping', () => {
  const kept = new Map([
    ['near1', 0.9e6],
    ['near2', 0.9e6],
    ['capped1', 1.6e6],
    ['capped2', 1.6e6],
  ]);
  // The two uncapped ones quadrupled within a window: their last round trip holds most of their bytes, so they look
  // like slow start to the judge. Left out (as before), only the capped two spoke, and rotation was undone.
  const now = new Map([
    ['near1', { bps: 3.7e6, ramping: true }],
    ['near2', { bps: 3.6e6, ramping: true }],
    ['capped1', { bps: 1.6e6 }],
    ['capped2', { bps: 1.6e6 }],
  ]);
  assert.equal(rotationConfirmed(keptRates(kept, now)), true);
  assert.equal(rotationConfirmed(keptRates(kept, new Map([...now].filter(([k]) => k.startsWith('capped'))))), false);
  // A kept stream with nothing to judge yet is no evidence either way.
  assert.deepEqual(keptRates(kept, new Map()), []);
});

test('a finalist that rotation saw at its own cap, or at nearly the whole line, is known without a solo run', () => {
  assert.equal(knownAlone(true, 2e6, 12.5e6), true);
  assert.equal(knownAlone(false, 11.4e6, 12.5e6), true);
  // Seen at a quarter of the line: only "at least that"; it needs its solo run.
  assert.equal(knownAlone(false, 3.4e6, 12.5e6), false);
  assert.equal(knownAlone(false, 3.4e6, 0), false);
});

test('a mirror runs again in rotation only if it can show its share before admission ends', () => {
  const share = 12.5e6 / 4;
  // Near: three round trips to the first byte, a short ramp, two 40 ms windows.
  assert.ok(rerunNeedsMs(10, share) < 150, String(rerunNeedsMs(10, share)));
  // Far: its first byte alone takes 0.75 s, slow start up to a quarter of the line another 1.5 s.
  assert.ok(rerunNeedsMs(250, share) > 2000, String(rerunNeedsMs(250, share)));
  // Farther away needs longer; a bigger share needs a longer ramp.
  assert.ok(rerunNeedsMs(60, share) > rerunNeedsMs(30, share));
  assert.ok(rerunNeedsMs(30, 2 * share) > rerunNeedsMs(30, share));
});

test('a rotating stream is judged once steady: well below what it could have had is its own cap', () => {
  const base = { now: 2000, firstByteAt: 1500, rttMs: 10, ramping: false };
  const ctx = { rotatedAt: 1000, couldBps: 3e6, final: false };
  const capped = rotationVerdict({ ...base, bps: 1.2e6, before: 1.25e6 }, ctx);
  assert.deepEqual(capped, { done: true, ownCap: true });
  // At the share it was given: held by the link, so only a lower bound.
  assert.deepEqual(rotationVerdict({ ...base, bps: 2.9e6, before: 3e6 }, ctx), { done: true, ownCap: false });
  // Still changing: not yet.
  assert.equal(rotationVerdict({ ...base, bps: 2.9e6, before: 1.5e6 }, ctx).done, false);
  // A stream kept from before rotation is judged only on what came after it (and the link settled).
  assert.equal(rotationVerdict({ ...base, bps: 1.2e6, before: 1.2e6 }, { ...ctx, rotatedAt: 1900 }).done, false);
});

test("a stream levelled off while the link has room is at its own cap, even above its slot's share", () => {
  // Four slots on a 12.5 MB/s line, two of them capped at 1.5 MB/s: the other two get ~4.7 MB/s each, the line is full.
  assert.equal(linkHasRoom(1.5e6 + 1.5e6 + 4.7e6 + 4.7e6, 12.5e6), false);
  // One slot runs at 6.1 MB/s beside two slow ones and a stream in slow start: 9 MB/s on a 12.5 MB/s line.
  assert.equal(linkHasRoom(6.1e6 + 1.5e6 + 1.2e6 + 0.2e6, 12.5e6), true);
  const base = { now: 2000, firstByteAt: 1500, rttMs: 20, ramping: false, bps: 6.1e6, before: 6.0e6 };
  // 6.1 MB/s against what the fastest beside it could have had: a share, only a lower bound, unless the line had room.
  assert.deepEqual(rotationVerdict(base, { rotatedAt: 1000, couldBps: 6.25e6, final: false }), {
    done: true,
    ownCap: false,
  });
  assert.deepEqual(rotationVerdict(base, { rotatedAt: 1000, couldBps: 6.25e6, final: false, spare: true }), {
    done: true,
    ownCap: true,
  });
  // Still ramping up, room or not, it is not judged.
  assert.equal(
    rotationVerdict({ ...base, before: 3e6 }, { rotatedAt: 1000, couldBps: 6.25e6, final: false, spare: true }).done,
    false,
  );
});

test('a far mirror held back by its own slow start is not taken for a capped one', () => {
  // 250 ms round trip, 500 ms since its first byte: slow start alone carries ~0.23 MB/s by now.
  const far = { now: 2000, firstByteAt: 1500, rttMs: 250, ramping: false, bps: 0.2e6, before: 0.2e6 };
  assert.ok(windowRate(500, 250) < 2 * far.bps);
  assert.deepEqual(rotationVerdict(far, { rotatedAt: 0, couldBps: 3e6, final: false }), { done: false, ownCap: false });
  // Out of time it is judged on what it showed, still as a lower bound.
  assert.deepEqual(rotationVerdict(far, { rotatedAt: 0, couldBps: 3e6, final: true }), { done: true, ownCap: false });
  assert.equal(rotationVerdict({ now: 2000, rttMs: 250 }, { rotatedAt: 0, couldBps: 3e6, final: true }).done, true);
});

test("a far stream's burst well below what the fastest stream beside it got came at its own cap", () => {
  assert.equal(burstAtOwnCap(1.2e6, 2.6e6), true);
  // At the share the slot streams had: only "at least that much".
  assert.equal(burstAtOwnCap(2.4e6, 2.6e6), false);
  // Four round trips to a readable burst, five on a fresh connection (the handshake).
  assert.equal(burstCheckNeedsMs(200), 880);
  assert.equal(burstCheckNeedsMs(200, true), 1080);
});

test('rotation stands when the streams still running carry nearly what all of them did', () => {
  assert.equal(linkStillHeld(11.2e6, 12.5e6), true);
  // The stopped streams' share is gone from the total: mirrors with similar caps, no full link.
  assert.equal(linkStillHeld(6e6, 12.5e6), false);
  assert.equal(linkStillHeld(6e6, 0), false);
});

test('streams run again best first, and a mirror listing an older version goes last', () => {
  const versions: Record<string, string> = { a: '5.9.0', b: '5.8.0', c: '5.9.0', d: '5.9.0' };
  const order = requeueOrder(['a', 'b', 'c', 'd'], (m) => versions[m]);
  assert.deepEqual(
    ['d', 'b', 'c', 'a'].sort((x, y) => (order.get(x) as number) - (order.get(y) as number)),
    ['a', 'c', 'd', 'b'],
  );
});

test('a stream stopped while it still waits for its response lets go of the connection at once', async () => {
  let closed = false;
  // resume(): a socket nobody reads never sees the peer's FIN, so it would never close.
  const server = net.createServer((s) =>
    s
      .resume()
      .on('close', () => (closed = true))
      .on('error', () => {}),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  const now = (): number => performance.now();
  const env: ProbeEnv = {
    resolver: new HostResolver(now),
    now,
    connect: (url, e) => Conn.open(url, e),
    signal: new AbortController().signal,
    h2: false,
    onBytes: () => {},
    setPhase: () => {},
  };
  try {
    const conn = await Conn.open(new URL(`http://127.0.0.1:${port}/`), env);
    const until = new AbortController();
    setTimeout(() => until.abort(), 100);
    const t0 = now();
    const res = await conn.request({ path: '/blob', headers: {}, maxBytes: 1000, collect: false, until: until.signal });
    assert.equal(res.stopped, true, JSON.stringify(res));
    assert.ok(now() - t0 < 600, `took ${Math.round(now() - t0)} ms`);
    for (let i = 0; i < 40 && !closed; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(closed, true, `closed after ${Math.round(now() - t0)} ms`);
  } finally {
    server.close();
  }
});
