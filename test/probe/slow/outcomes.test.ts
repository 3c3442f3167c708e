import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { probeMirrors, type ProbeResult } from '../../../electron/core/probe';
import { startTestbed, type MirrorSpec, type Testbed } from '../../../scripts/bench/testbed';

import { byProvider, candidates, hasPerl } from '../helpers';

// One npm-protocol testbed where each outcome class comes from a real misbehaving server.
const specs: MirrorSpec[] = [
  { id: 'fast', kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps: 12e6 },
  { id: 'medium', kind: 'npm', behaviour: 'ok', rttMs: 15, rateBps: 6e6 },
  { id: 'slow', kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps: 150e3 },
  { id: 'stale', kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps: 12e6, version: '5.7.0' },
  { id: 'refused', kind: 'npm', behaviour: 'refused' },
  { id: 'hang', kind: 'npm', behaviour: 'hang' },
  { id: 'stall', kind: 'npm', behaviour: 'stall' },
  { id: 'html', kind: 'npm', behaviour: 'wrong-protocol' },
  { id: 'missing', kind: 'npm', behaviour: 'http404' },
  ...(hasPerl() ? [{ id: 'blackhole', kind: 'npm', behaviour: 'blackhole' } as MirrorSpec] : []),
];

let tb: Testbed;
let rows: ProbeResult[];
let streamed: { r: ProbeResult; at: number }[];
let report: Awaited<ReturnType<typeof probeMirrors>>;
let wall: number;

before(async () => {
  tb = await startTestbed(specs);
  streamed = [];
  const t0 = performance.now();
  report = await probeMirrors(candidates(tb, specs), {
    onProgress: (r) => streamed.push({ r, at: performance.now() - t0 }),
  });
  wall = performance.now() - t0;
  rows = report.results;
});

after(async () => {
  await tb.close();
});

test('every mirror is classified, each failure by what went wrong', () => {
  assert.equal(rows.length, specs.length);
  assert.equal(byProvider(rows, 'fast').outcome, 'ok', summary(rows));
  assert.equal(byProvider(rows, 'medium').outcome, 'ok', summary(rows));
  assert.equal(byProvider(rows, 'slow').outcome, 'slow');
  assert.equal(byProvider(rows, 'stale').outcome, 'stale');
  assert.deepEqual(byProvider(rows, 'stale').reason?.params, { version: '5.7.0', expected: '5.9.0' });
  assert.equal(byProvider(rows, 'refused').outcome, 'refused');
  assert.equal(byProvider(rows, 'hang').outcome, 'ttfb-timeout');
  assert.equal(byProvider(rows, 'stall').outcome, 'stalled');
  assert.equal(byProvider(rows, 'html').outcome, 'wrong-protocol');
  assert.equal(byProvider(rows, 'missing').outcome, 'http-error');
  assert.equal(byProvider(rows, 'missing').reason?.params?.status, 404);
  if (hasPerl()) assert.equal(byProvider(rows, 'blackhole').outcome, 'connect-timeout');
  // Mirrors given up on carry the limit that fired.
  for (const id of ['hang', 'stall', ...(hasPerl() ? ['blackhole'] : [])]) assert.ok(byProvider(rows, id).deadline, id);
});

test('the fastest usable mirror is picked, the rest ranked behind it with scores', () => {
  assert.equal(report.best.npm?.url, tb.url.fast, summary(rows));
  assert.equal(rows[0]?.provider, 'fast');
  assert.equal(rows[0]?.score, 100);
  const fast = byProvider(rows, 'fast');
  assert.ok(fast.throughputBps && fast.throughputBps > 4e6, `fast measured ${fast.throughputBps}`);
  assert.ok(fast.ttfbMs !== undefined && fast.warmRttMs !== undefined && fast.estimateMs !== undefined);
  assert.equal(fast.newestVersion, '5.9.0');
  assert.ok((byProvider(rows, 'medium').score ?? 100) < 100);
  // A stale mirror is never picked even when it is fast.
  assert.notEqual(report.best.npm?.url, tb.url.stale);
  assert.equal(byProvider(rows, 'stale').score, 0);
  assert.equal(report.best.npm?.confident, (report.best.npm?.marginPct ?? 0) >= 10);
});

function summary(rs: ProbeResult[]): string {
  return rs.map((r) => `${r.provider} ${r.outcome} est ${r.estimateMs} bps ${r.throughputBps}`).join('; ');
}

test('one progress event per mirror; refused connections show at once', () => {
  assert.equal(streamed.length, specs.length);
  assert.deepEqual(new Set(streamed.map((s) => s.r.provider)), new Set(specs.map((s) => s.id)));
  const refused = streamed.find((s) => s.r.provider === 'refused');
  assert.ok(refused && refused.at < 1000, `refused reported after ${refused?.at} ms`);
});

test('dead and hanging mirrors do not hold the test past the deadline', () => {
  assert.ok(wall < 6000, `wall ${wall} ms`);
  assert.ok(report.wallMs <= wall + 5);
});

test('the byte count stays within the budget and matches what the servers sent', () => {
  assert.ok(report.bytes <= 40_000_000);
  const served = Object.values(tb.stats).reduce((a, s) => a + s.bytes, 0);
  assert.ok(report.bytes <= served + 50_000, `read ${report.bytes}, served ${served}`);
});

test('no credentials ever reach a mirror, and no socket is left open', async () => {
  for (const [id, s] of Object.entries(tb.stats)) assert.equal(s.credentialsSeen, false, id);
  await new Promise((r) => setTimeout(r, 100));
  for (const [id, s] of Object.entries(tb.stats)) assert.equal(s.open, 0, `${id} still has ${s.open} connection(s)`);
});
