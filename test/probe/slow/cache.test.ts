import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { buildCatalog } from '../../../shared/catalog';
import { createContext, type Ctx } from '../../../electron/core/context';
import {
  cachedProbe,
  candidatesFor,
  choicesFromReport,
  probeCachePath,
  readProbeCache,
} from '../../../electron/core/probe';
import { startTestbed, type MirrorSpec, type Testbed } from '../../../scripts/bench/testbed';

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

function testCtx(): Ctx {
  const url = (id: string) => tb.url[id] as string;
  const catalog = buildCatalog({
    version: 1,
    updated: '2026-01-01',
    providers: ['official', 'mid', 'near', 'gone', 'old'].map((id) => ({ id, name: { en: id, 'zh-CN': id } })),
    mirrors: [
      {
        provider: 'official',
        kind: 'npm',
        url: url('far-fast'),
        probe: '-/ping',
        status: 'active',
        date: '2026-01',
        source: 'test',
      },
      {
        provider: 'mid',
        kind: 'npm',
        url: url('mid'),
        probe: '-/ping',
        status: 'active',
        date: '2026-01',
        source: 'test',
      },
      {
        provider: 'near',
        kind: 'npm',
        url: url('near-slow'),
        probe: '-/ping',
        status: 'deprecated',
        date: '2026-01',
        source: 'test',
      },
      {
        provider: 'gone',
        kind: 'npm',
        url: url('broken'),
        probe: '-/ping',
        status: 'dead',
        date: '2026-01',
        source: 'test',
      },
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
  assert.deepEqual(
    choicesFromReport(first, ['npm', 'pip']),
    first.best.npm ? [{ target: 'npm', urls: [first.best.npm.url], provider: first.best.npm.provider }] : [],
  );
});
