import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { MIRROR_KINDS, type MirrorKind } from '../../shared/types/core';
import type { ProbeReport } from '../../electron/core/probe';
import { downloadUrl, indexPath } from '../../electron/core/probe/kinds/cargo';
import { referenceVersion } from '../../electron/core/probe/rank';
import { compareVersions, newest } from '../../electron/core/probe/version';
import type { MirrorSpec } from '../../scripts/bench/testbed';
import { simulate, type Sim } from '../support/sim';

import { byProvider } from './helpers';

// For every kind: a healthy mirror, a stale one, and one answering 200 with a web page instead of the protocol.
const specs: MirrorSpec[] = MIRROR_KINDS.flatMap((kind): MirrorSpec[] => [
  { id: `${kind}-ok`, kind, behaviour: 'ok', rttMs: 5, rateBps: 20e6 },
  { id: `${kind}-ok2`, kind, behaviour: 'ok', rttMs: 5, rateBps: 20e6 },
  { id: `${kind}-old`, kind, behaviour: 'ok', rttMs: 5, rateBps: 20e6, version: '5.2.0' },
  { id: `${kind}-html`, kind, behaviour: 'wrong-protocol' },
]);

const VERSIONED: MirrorKind[] = ['pypi', 'npm', 'go', 'cargo', 'maven', 'nuget', 'node-dist', 'pub'];

let tb: Sim;
let report: ProbeReport;

// The emulated mirrors of the loopback testbed (the same protocol responses), simulated on a virtual clock: the
// checks and rankings here do not depend on how busy the machine is.
before(async () => {
  tb = simulate(specs, { blobBytes: 1_500_000 });
  report = await tb.probe(tb.candidates());
});

for (const kind of MIRROR_KINDS) {
  test(`${kind}: the protocol check passes on a real ${kind} endpoint and fails on a 200 web page`, () => {
    // Usable (two identical mirrors: one may still be called slow if the other ran alone in the final).
    for (const id of [`${kind}-ok`, `${kind}-ok2`])
      assert.match(byProvider(report.results, id).outcome, /^(ok|slow)$/, id);
    // docker and apt list no package versions: there the "old" mirror is just as healthy.
    const healthy = [`${kind}-ok`, `${kind}-ok2`, ...(VERSIONED.includes(kind) ? [] : [`${kind}-old`])];
    assert.ok(healthy.map((id) => tb.url[id]).includes(report.best[kind]?.url), `${kind} pick`);
    const html = byProvider(report.results, `${kind}-html`);
    assert.equal(html.outcome, 'wrong-protocol');
    assert.equal(html.reason?.code, 'probe.reason.wrong-protocol');
  });
}

for (const kind of VERSIONED) {
  test(`${kind}: a mirror listing an older version than the majority is stale`, () => {
    assert.match(byProvider(report.results, `${kind}-ok`).newestVersion ?? '', /^v?5\.9\.0$/);
    assert.equal(byProvider(report.results, `${kind}-old`).outcome, 'stale');
  });
}

// rustup's freshness is the channel manifest's date, not a version number.
test('rustup: a mirror whose stable channel manifest is older than the others’ is stale', () => {
  assert.match(byProvider(report.results, 'rustup-ok').newestVersion ?? '', /^\d{4}\.\d{2}\.\d{2}$/);
  assert.equal(byProvider(report.results, 'rustup-old').outcome, 'stale');
});

test('throughput is measured where the kind has a file, and Docker is ranked by latency only', () => {
  for (const kind of MIRROR_KINDS.filter((k) => k !== 'docker')) {
    const rates = [`${kind}-ok`, `${kind}-ok2`].map((id) => byProvider(report.results, id).throughputBps ?? 0);
    assert.ok(Math.max(...rates) > 1e6, `${kind}: ${rates.join(', ')}`);
  }
  const d = byProvider(report.results, 'docker-ok');
  assert.equal(d.throughputBps, undefined);
  assert.equal(d.reason?.code, 'probe.note.latency-only');
  assert.ok(d.estimateMs !== undefined);
});

test('the Maven probe identifies itself as Maven (the emulated repository 404s anything else)', () => {
  assert.ok((tb.stats['maven-ok']?.requests ?? 0) >= 2);
  assert.equal(byProvider(report.results, 'maven-ok').outcome, 'ok');
});

test('version ordering', () => {
  assert.ok(compareVersions('5.10.0', '5.9.0') > 0);
  assert.ok(compareVersions('v0.21.0', 'v0.3.8') > 0);
  assert.ok(compareVersions('1.0.0-rc.1', '1.0.0') < 0);
  assert.equal(compareVersions('24.2', '24.2.0'), 0);
  assert.equal(newest(['1.2.0', '1.10.0', '1.9.9']), '1.10.0');
});

test('the reference version is the majority; a tie goes to upstream, then to the newest', () => {
  const e = (version: string, official = false) => ({ version, official });
  assert.equal(referenceVersion([e('2.0'), e('2.0'), e('1.9')]), '2.0');
  assert.equal(referenceVersion([e('1.9', true), e('2.0')]), '1.9');
  assert.equal(referenceVersion([e('1.9'), e('2.0')]), '2.0');
  assert.equal(referenceVersion([e('2.0')]), undefined);
});

test('cargo sparse-index paths and dl templates', () => {
  assert.equal(indexPath('a'), '1/a');
  assert.equal(indexPath('ab'), '2/ab');
  assert.equal(indexPath('syn'), '3/s/syn');
  assert.equal(indexPath('Serde'), 'se/rd/serde');
  assert.equal(
    downloadUrl('https://static.crates.io/crates', 'syn', '2.0.1', 'x'),
    'https://static.crates.io/crates/syn/2.0.1/download',
  );
  assert.equal(
    downloadUrl('https://m.example/{prefix}/{crate}/{crate}-{version}.crate', 'serde', '1.0.0', 'x'),
    'https://m.example/se/rd/serde/serde-1.0.0.crate',
  );
});
