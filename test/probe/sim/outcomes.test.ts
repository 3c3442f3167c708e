import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import type { ProbeReport, ProbeResult } from '../../../electron/core/probe';
import type { MirrorSpec } from '../../../scripts/bench/testbed';
import { simulate, type Sim } from '../../support/sim';
import { byProvider } from '../helpers';

// Every outcome class from a simulated misbehaving mirror, on the virtual clock (the loopback version of this
// testbed is test/probe/slow/outcomes.test.ts).
const specs: MirrorSpec[] = [
  { id: 'fast', kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps: 12e6 },
  { id: 'medium', kind: 'npm', behaviour: 'ok', rttMs: 20, rateBps: 3e6 },
  { id: 'slow', kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps: 150e3 },
  { id: 'stale', kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps: 12e6, version: '5.7.0' },
  { id: 'refused', kind: 'npm', behaviour: 'refused' },
  { id: 'hang', kind: 'npm', behaviour: 'hang' },
  { id: 'stall', kind: 'npm', behaviour: 'stall' },
  { id: 'html', kind: 'npm', behaviour: 'wrong-protocol' },
  { id: 'missing', kind: 'npm', behaviour: 'http404' },
  { id: 'blackhole', kind: 'npm', behaviour: 'blackhole' },
];

let sim: Sim;
let rows: ProbeResult[];
let streamed: { r: ProbeResult; at: number }[];
let report: ProbeReport;

before(async () => {
  sim = simulate(specs);
  streamed = [];
  report = await sim.probe(sim.candidates(), { onProgress: (r) => streamed.push({ r, at: sim.clock.now() }) });
  rows = report.results;
});

test('every mirror is classified, each failure by what went wrong', () => {
  assert.equal(rows.length, specs.length);
  assert.equal(byProvider(rows, 'fast').outcome, 'ok');
  assert.equal(byProvider(rows, 'medium').outcome, 'ok');
  assert.equal(byProvider(rows, 'slow').outcome, 'slow');
  assert.equal(byProvider(rows, 'stale').outcome, 'stale');
  assert.deepEqual(byProvider(rows, 'stale').reason?.params, { version: '5.7.0', expected: '5.9.0' });
  assert.equal(byProvider(rows, 'refused').outcome, 'refused');
  assert.equal(byProvider(rows, 'hang').outcome, 'ttfb-timeout');
  assert.equal(byProvider(rows, 'stall').outcome, 'stalled');
  assert.equal(byProvider(rows, 'html').outcome, 'wrong-protocol');
  assert.equal(byProvider(rows, 'missing').outcome, 'http-error');
  assert.equal(byProvider(rows, 'missing').reason?.params?.status, 404);
  assert.equal(byProvider(rows, 'blackhole').outcome, 'connect-timeout');
  // Given up on by the "cannot win" cut: a 12 MB/s mirror 10 ms away had its estimate long before.
  for (const id of ['hang', 'stall', 'blackhole']) assert.equal(byProvider(rows, id).deadline, 'cannot-win', id);
});

test('the fastest usable mirror is picked, the rest ranked behind it with scores', () => {
  assert.equal(report.best.npm?.url, sim.url.fast);
  assert.equal(rows[0]?.provider, 'fast');
  assert.equal(rows[0]?.score, 100);
  const fast = byProvider(rows, 'fast');
  assert.ok(fast.throughputBps && fast.throughputBps > 10e6, `fast measured ${fast.throughputBps}`);
  assert.ok(fast.ttfbMs !== undefined && fast.warmRttMs !== undefined && fast.estimateMs !== undefined);
  assert.equal(fast.warmRttMs, 10);
  assert.equal(fast.newestVersion, '5.9.0');
  const medium = byProvider(rows, 'medium');
  assert.ok((medium.score ?? 100) < 100);
  // Read over a window that still holds some of its ramp: a little under its 3 MB/s cap, never above it.
  assert.ok(
    (medium.throughputBps ?? 0) > 2.2e6 && (medium.throughputBps ?? 0) <= 3.05e6,
    `medium measured ${medium.throughputBps}`,
  );
  assert.notEqual(report.best.npm?.url, sim.url.stale);
  assert.equal(byProvider(rows, 'stale').score, 0);
  assert.equal(report.best.npm?.confident, true);
});

test('one progress event per mirror; refused connections show at once', () => {
  assert.equal(streamed.length, specs.length);
  assert.deepEqual(new Set(streamed.map((s) => s.r.provider)), new Set(specs.map((s) => s.id)));
  const refused = streamed.find((s) => s.r.provider === 'refused');
  assert.ok(refused && refused.at < 100, `refused reported after ${refused?.at} ms`);
});

test('dead and hanging mirrors do not hold the test past the deadline', () => {
  assert.ok(report.wallMs <= 5000, `wall ${report.wallMs} ms`);
});

test('the byte count stays within the budget and matches what the mirrors sent', () => {
  assert.ok(report.bytes <= 40_000_000);
  const served = Object.values(sim.stats).reduce((a, s) => a + s.bytes, 0);
  assert.equal(report.bytes, served);
});

test('no credentials ever reach a mirror, and no connection is left open', () => {
  for (const [id, s] of Object.entries(sim.stats)) {
    assert.equal(s.credentialsSeen, false, id);
    assert.equal(s.open, 0, `${id} still has ${s.open} connection(s)`);
  }
});

test('the simulation is deterministic: the same mirrors give the same report, byte for byte', async () => {
  const again = simulate(specs);
  const second = await again.probe(again.candidates());
  assert.deepEqual(second, report);
});
