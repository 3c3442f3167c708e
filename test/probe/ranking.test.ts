import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { buildCatalog } from '../../shared/catalog';
import { createContext, type Ctx } from '../../electron/core/context';
import { cachedProbe, candidatesFor, choicesFromReport, probeMirrors, probeCachePath, readProbeCache } from '../../electron/core/probe';
import { startTestbed, type MirrorSpec, type Testbed } from '../../scripts/bench/testbed';

import { byProvider, candidates } from './helpers';

const specs: MirrorSpec[] = [
  { id: 'near-slow', kind: 'npm', behaviour: 'ok', rttMs: 5, rateBps: 1.5e6 },
  { id: 'far-fast', kind: 'npm', behaviour: 'ok', rttMs: 40, rateBps: 20e6 },
  { id: 'mid', kind: 'npm', behaviour: 'ok', rttMs: 15, rateBps: 5e6 },
  { id: 'twin-a', kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps: 6e6 },
  { id: 'twin-b', kind: 'npm', behaviour: 'ok', rttMs: 10, rateBps: 6e6 },
  { id: 'm6', kind: 'npm', behaviour: 'ok', rttMs: 20, rateBps: 3e6 },
  { id: 'm7', kind: 'npm', behaviour: 'ok', rttMs: 25, rateBps: 5e6 },
  { id: 'broken', kind: 'npm', behaviour: 'http404' },
];

let tb: Testbed;
let state: string;

before(async () => {
  tb = await startTestbed(specs);
  state = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-probe-state-'));
});

after(async () => {
  await tb.close();
  fs.rmSync(state, { recursive: true, force: true });
});

test('a 5 MB ranking prefers throughput over a few ms of latency; a 1 MB × 20-request one prefers latency', async () => {
  const big = await probeMirrors(candidates(tb, specs), { artifact: { bytes: 5_000_000, requests: 1 } });
  const summary = big.results.map((r) => `${r.provider} ${r.outcome} est ${r.estimateMs} bps ${r.throughputBps}`).join('; ');
  assert.equal(big.best.npm?.url, tb.url['far-fast'], summary);
  assert.notEqual(big.results[0]?.provider, 'near-slow');
  const chatty = await probeMirrors(candidates(tb, specs), { artifact: { bytes: 100_000, requests: 40 } });
  assert.notEqual(chatty.best.npm?.url, tb.url['far-fast']);
  assert.ok(byProvider(chatty.results, 'far-fast').estimateMs as number > (byProvider(chatty.results, 'near-slow').estimateMs as number));
});

test('within 10% of the best, the current mirror is kept; the comparison with it is reported', async () => {
  const cands = candidates(tb, specs).filter((c) => c.provider?.startsWith('twin'));
  const withCurrent = cands.map((c) => (c.provider === 'twin-b' ? { ...c, current: true } : c));
  const report = await probeMirrors(withCurrent);
  const pick = report.best.npm;
  assert.ok(pick);
  if (!pick.confident) assert.equal(pick.url, tb.url['twin-b']);
  else assert.equal(pick.url, report.results[0]?.url);
  assert.equal(report.results[0]?.url, pick.url);
  const cmp = report.currentComparison?.npm;
  assert.equal(cmp?.url, tb.url['twin-b']);
  assert.ok(cmp?.ratio !== undefined && cmp.ratio >= 1);
});

test('quick mode measures throughput on 3 mirrors at most and stays within 10 MB', async () => {
  const report = await probeMirrors(candidates(tb, specs), { quick: true });
  const measured = report.results.filter((r) => r.throughputBps !== undefined);
  assert.ok(measured.length >= 1 && measured.length <= 3, `${measured.length} measured`);
  assert.ok(report.results.some((r) => r.reason?.code === 'probe.note.quick'));
  assert.ok(report.bytes <= 10_000_000, `${report.bytes} bytes`);
  assert.ok(report.best.npm);
});

test('the byte budget is respected', async () => {
  const report = await probeMirrors(candidates(tb, specs), { budgetBytes: 3_000_000 });
  assert.ok(report.bytes <= 3_000_000 + 1_000_000, `${report.bytes} bytes`);
  assert.ok(report.best.npm);
});

function testCtx(): Ctx {
  const url = (id: string) => tb.url[id] as string;
  const catalog = buildCatalog({
    version: 1,
    updated: '2026-01-01',
    providers: ['official', 'mid', 'near', 'gone', 'old'].map((id) => ({ id, name: { en: id, 'zh-CN': id } })),
    mirrors: [
      { provider: 'official', kind: 'npm', url: url('far-fast'), probe: '-/ping', status: 'active', date: '2026-01', source: 'test' },
      { provider: 'mid', kind: 'npm', url: url('mid'), probe: '-/ping', status: 'active', date: '2026-01', source: 'test' },
      { provider: 'near', kind: 'npm', url: url('near-slow'), probe: '-/ping', status: 'deprecated', date: '2026-01', source: 'test' },
      { provider: 'gone', kind: 'npm', url: url('broken'), probe: '-/ping', status: 'dead', date: '2026-01', source: 'test' },
    ],
    presets: [{ id: 'p', name: { en: 'p', 'zh-CN': 'p' }, description: { en: 'p', 'zh-CN': 'p' }, choose: {} }],
  });
  return { ...createContext({ env: { HOME: state, MIRRORKIT_HOME: state } }), catalog };
}

test('candidatesFor: active and deprecated entries with upstream, never dead ones; the current mirror marked', () => {
  const ctx = testCtx();
  const byDefault = candidatesFor(ctx, ['npm'], { npm: null });
  assert.deepEqual(byDefault.map((c) => c.provider).sort(), ['mid', 'near', 'official']);
  assert.equal(byDefault.find((c) => c.current)?.provider, 'official');
  const custom = candidatesFor(ctx, ['npm'], { npm: 'https://ci:token@nexus.example/repository/npm/' });
  const own = custom.find((c) => c.current);
  assert.equal(own?.url, 'https://nexus.example/repository/npm/');
  assert.equal(own?.provider, undefined);
  const matched = candidatesFor(ctx, ['npm'], { npm: `${tb.url.mid}` });
  assert.equal(matched.find((c) => c.current)?.provider, 'mid');
  assert.equal(matched.length, 3);
});

test('results are cached per tool and mirror with a timestamp, and answered from the cache when fresh', async () => {
  const ctx = testCtx();
  const cands = candidatesFor(ctx, ['npm'], { npm: null });
  const first = await cachedProbe(ctx, cands);
  assert.equal(first.cached, false);
  assert.ok(fs.existsSync(probeCachePath(ctx)));
  const rows = await readProbeCache(ctx);
  assert.equal(rows.length, 3);
  for (const r of rows) {
    assert.equal(r.group, 'npm');
    assert.ok(Date.parse(r.at) <= Date.now());
  }
  const before = tb.stats['mid']?.requests ?? 0;
  const again = await cachedProbe(ctx, cands, { maxAgeMs: 60_000 });
  assert.equal(again.cached, true);
  assert.equal(again.bytes, 0);
  assert.deepEqual(again.best, first.best);
  assert.equal(tb.stats['mid']?.requests, before);
  const later = { ...ctx, now: () => new Date(Date.now() + 120_000) };
  assert.equal((await readProbeCache(later, 60_000)).length, 0);
  assert.deepEqual(choicesFromReport(first, ['npm', 'pip']), first.best.npm ? [{ target: 'npm', urls: [first.best.npm.url], provider: first.best.npm.provider }] : []);
});
