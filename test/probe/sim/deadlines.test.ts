import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { ProbeResult } from '../../../electron/core/probe';
import type { MirrorSpec } from '../../../scripts/bench/testbed';
import { simulate } from '../../support/sim';
import { byProvider } from '../helpers';

test('each per-phase deadline fires on its own when nothing can cut it short', async () => {
  const specs: MirrorSpec[] = [
    { id: 'hang', kind: 'npm', behaviour: 'hang' },
    { id: 'stall', kind: 'npm', behaviour: 'stall' },
    { id: 'tls-silent', kind: 'npm', behaviour: 'hang', tls: true },
    { id: 'blackhole', kind: 'npm', behaviour: 'blackhole' },
  ];
  // One mirror per test: with no competitor there is no "cannot win" cut, so the phase deadline is what fires.
  const rows: ProbeResult[] = [];
  for (const s of specs) {
    const sim = simulate([s]);
    const report = await sim.probe(sim.candidates());
    assert.equal(report.best.npm, null);
    assert.equal(sim.stats[s.id]?.open, 0, s.id);
    rows.push(...report.results);
  }
  const row = (id: string) => byProvider(rows, id);
  assert.deepEqual([row('hang').outcome, row('hang').deadline], ['ttfb-timeout', 'ttfb']);
  assert.deepEqual([row('stall').outcome, row('stall').deadline], ['stalled', 'stall']);
  assert.deepEqual([row('tls-silent').outcome, row('tls-silent').deadline], ['connect-timeout', 'tls']);
  assert.deepEqual([row('blackhole').outcome, row('blackhole').deadline], ['connect-timeout', 'connect']);
  // Each fired at its own limit, not at the global deadline.
  assert.ok(rows.every((r) => r.deadline !== 'global'));
});

test('the global deadline holds with 30 hanging mirrors, and every connection is gone afterwards', async () => {
  const specs: MirrorSpec[] = Array.from({ length: 30 }, (_, i) => ({
    id: `h${i}`,
    kind: 'pypi',
    behaviour: i % 3 === 0 ? 'blackhole' : 'hang',
  }));
  const sim = simulate(specs);
  const report = await sim.probe(sim.candidates(), { timeoutMs: 1200 });
  assert.equal(report.wallMs, 1200);
  assert.equal(report.results.length, 30);
  for (const r of report.results) {
    assert.equal(r.deadline, 'global', r.provider);
    assert.ok(r.outcome === 'ttfb-timeout' || r.outcome === 'connect-timeout', `${r.provider} ${r.outcome}`);
  }
  for (const [id, s] of Object.entries(sim.stats)) assert.equal(s.open, 0, id);
});

test('an AbortSignal ends the test at once and closes every connection', async () => {
  const specs: MirrorSpec[] = [
    { id: 'streaming', kind: 'go', behaviour: 'ok', rateBps: 300e3 },
    { id: 'hang', kind: 'go', behaviour: 'hang' },
  ];
  const sim = simulate(specs);
  const ac = new AbortController();
  sim.clock.setTimeout(() => ac.abort(), 700);
  await assert.rejects(sim.probe(sim.candidates(), { signal: ac.signal }), (e: Error) => e.name === 'AbortError');
  assert.equal(sim.clock.now(), 700);
  for (const [id, s] of Object.entries(sim.stats)) assert.equal(s.open, 0, id);
});

test('credentials in a configured URL are neither sent nor reported', async () => {
  const sim = simulate([{ id: 'nexus', kind: 'npm', behaviour: 'ok' }]);
  const url = (sim.url.nexus as string).replace('http://', 'http://deploy:s3cret@');
  const report = await sim.probe([{ target: 'npm', kind: 'npm', url }]);
  assert.equal(report.results[0]?.outcome, 'ok');
  assert.ok(!JSON.stringify(report).includes('s3cret'));
  assert.ok((sim.stats.nexus?.requests ?? 0) >= 2);
  assert.equal(sim.stats.nexus?.credentialsSeen, false);
});
