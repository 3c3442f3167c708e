import assert from 'node:assert/strict';
import { test } from 'node:test';

import { probeMirrors } from '../../../electron/core/probe';
import { startTestbed, type MirrorSpec } from '../../../scripts/bench/testbed';

import { byProvider, candidates, hasPerl, selfSignedCert } from '../helpers';

const cert = selfSignedCert();

test('each per-phase deadline fires on its own when nothing can cut it short', async () => {
  const specs: MirrorSpec[] = [
    { id: 'hang', kind: 'npm', behaviour: 'hang' },
    { id: 'stall', kind: 'npm', behaviour: 'stall' },
    ...(cert ? [{ id: 'tls-silent', kind: 'npm', behaviour: 'hang', tls: true } as MirrorSpec] : []),
    ...(hasPerl() ? [{ id: 'blackhole', kind: 'npm', behaviour: 'blackhole' } as MirrorSpec] : []),
  ];
  const tb = await startTestbed(specs);
  try {
    // One mirror per test: with no competitor there is no "cannot win" cut, so the phase deadline is what fires.
    const t0 = performance.now();
    const reports = await Promise.all(specs.map((s) => probeMirrors(candidates(tb, [s]))));
    const wall = performance.now() - t0;
    const row = (id: string) =>
      byProvider(
        reports.flatMap((r) => r.results),
        id,
      );
    assert.equal(row('hang').outcome, 'ttfb-timeout');
    assert.equal(row('hang').deadline, 'ttfb');
    assert.equal(row('stall').outcome, 'stalled');
    assert.equal(row('stall').deadline, 'stall');
    if (cert) {
      assert.equal(row('tls-silent').outcome, 'connect-timeout');
      assert.equal(row('tls-silent').deadline, 'tls');
    }
    if (hasPerl()) {
      assert.equal(row('blackhole').outcome, 'connect-timeout');
      assert.equal(row('blackhole').deadline, 'connect');
    }
    for (const r of reports) assert.equal(r.best.npm, null);
    assert.ok(wall < 4500, `wall ${wall} ms`);
  } finally {
    await tb.close();
  }
});

test('the global deadline holds with 30 hanging mirrors, and every socket is gone afterwards', async () => {
  const specs: MirrorSpec[] = Array.from({ length: 30 }, (_, i) => ({
    id: `h${i}`,
    kind: 'pypi',
    behaviour: i % 3 === 0 && hasPerl() ? 'blackhole' : 'hang',
  }));
  const tb = await startTestbed(specs);
  try {
    const t0 = performance.now();
    const report = await probeMirrors(candidates(tb, specs), { timeoutMs: 1200 });
    const wall = performance.now() - t0;
    assert.ok(wall < 2500, `wall ${wall} ms`);
    assert.equal(report.results.length, 30);
    for (const r of report.results) {
      assert.equal(r.deadline, 'global', r.provider);
      assert.ok(r.outcome === 'ttfb-timeout' || r.outcome === 'connect-timeout', `${r.provider} ${r.outcome}`);
    }
    await new Promise((r) => setTimeout(r, 100));
    for (const [id, s] of Object.entries(tb.stats)) assert.equal(s.open, 0, id);
  } finally {
    await tb.close();
  }
});

test('an AbortSignal ends the test promptly and destroys the sockets', async () => {
  const specs: MirrorSpec[] = [
    { id: 'streaming', kind: 'go', behaviour: 'ok', rateBps: 300e3 },
    { id: 'hang', kind: 'go', behaviour: 'hang' },
  ];
  const tb = await startTestbed(specs);
  try {
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 700);
    await assert.rejects(
      probeMirrors(candidates(tb, specs), { signal: ac.signal }),
      (e: Error) => e.name === 'AbortError',
    );
    const took = performance.now() - t0;
    assert.ok(took < 1200, `took ${took} ms`);
    await new Promise((r) => setTimeout(r, 100));
    for (const [id, s] of Object.entries(tb.stats)) assert.equal(s.open, 0, id);
  } finally {
    await tb.close();
  }
});

test('without DNS every mirror is a dns-error within seconds, never a hang', async () => {
  const t0 = performance.now();
  const report = await probeMirrors(
    ['pypi', 'npm', 'go'].map((k, i) => ({
      target: null,
      kind: k as 'pypi' | 'npm' | 'go',
      url: `https://mirror${i}.invalid/`,
      provider: `m${i}`,
    })),
  );
  assert.ok(performance.now() - t0 < 4000);
  for (const r of report.results) {
    assert.equal(r.outcome, 'dns-error');
    assert.equal(r.reason?.code, 'probe.reason.dns');
  }
  assert.deepEqual(report.best, { pypi: null, npm: null, go: null });
});

test('credentials in a configured URL are neither sent nor reported', async () => {
  const specs: MirrorSpec[] = [{ id: 'nexus', kind: 'npm', behaviour: 'ok' }];
  const tb = await startTestbed(specs);
  try {
    const url = (tb.url.nexus as string).replace('http://', 'http://deploy:s3cret@');
    const report = await probeMirrors([{ target: 'npm', kind: 'npm', url }]);
    assert.equal(report.results[0]?.outcome, 'ok');
    assert.ok(!JSON.stringify(report).includes('s3cret'));
    assert.ok((tb.stats.nexus?.requests ?? 0) >= 2);
    assert.equal(tb.stats.nexus?.credentialsSeen, false);
  } finally {
    await tb.close();
  }
});

test(
  'HTTPS with a certificate the probe trusts works; an untrusted one is a tls-error',
  { skip: cert ? false : 'openssl is not available' },
  async () => {
    const specs: MirrorSpec[] = [{ id: 'secure', kind: 'npm', behaviour: 'ok', tls: true }];
    const tb = await startTestbed(specs, { tlsCert: cert });
    try {
      const trusted = await probeMirrors(candidates(tb, specs), { ca: cert?.cert });
      const ok = trusted.results[0];
      assert.equal(ok?.outcome, 'ok');
      assert.ok(ok?.tlsMs !== undefined && ok.tcpMs !== undefined && ok.ttfbMs !== undefined);
      assert.equal(ok?.alpn, 'http/1.1');
      assert.ok(ok?.family === 4 || ok?.family === 6);
      const untrusted = await probeMirrors(candidates(tb, specs));
      assert.equal(untrusted.results[0]?.outcome, 'tls-error');
    } finally {
      await tb.close();
    }
  },
);
