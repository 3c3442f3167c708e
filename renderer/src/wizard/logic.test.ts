// The wizard's pure step logic. Renderer tests are type-checked with Node's types (tsconfig.node.json), not the
// renderer's (tsconfig.web.json leaves out *.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { CatalogView } from '../../../shared/ipc/contract';
import type { ProbeResultData } from '../../../shared/ipc/probe';
import type { ToolStatus } from '../../../shared/types/api';
import type { TargetId } from '../../../shared/types/core';
import {
  barFraction,
  bestPerTarget,
  canVisit,
  diffLines,
  fastestChoices,
  formatMs,
  formatRate,
  overrideChoices,
  probeTargets,
  STEPS,
} from './logic';

const catalog = {
  providers: [{ id: 'aliyun', name: { en: 'Alibaba Cloud', 'zh-CN': '阿里云' } }],
  presets: [],
  mirrors: [],
} as unknown as CatalogView;

function res(
  target: TargetId,
  url: string,
  outcome: ProbeResultData['outcome'],
  score?: number,
  estimateMs?: number,
  provider = 'aliyun',
): ProbeResultData {
  return { target, kind: 'pypi', url, provider, outcome, score, estimateMs, bytes: 0 };
}

function tool(target: TargetId, supported: boolean, installed: boolean): ToolStatus {
  return { target, detection: { target, supported, installed } };
}

test('step machine: nothing past Detect before detection; Review only with a plan; only Done after apply', () => {
  const none = { detected: false, planned: false, applied: false };
  assert.deepEqual(
    STEPS.filter((s) => canVisit(s, none)),
    ['detect'],
  );
  assert.deepEqual(
    STEPS.filter((s) => canVisit(s, { ...none, detected: true })),
    ['detect', 'test', 'choose'],
  );
  assert.deepEqual(
    STEPS.filter((s) => canVisit(s, { ...none, detected: true, planned: true })),
    ['detect', 'test', 'choose', 'review'],
  );
  assert.deepEqual(
    STEPS.filter((s) => canVisit(s, { detected: true, planned: true, applied: true })),
    ['done'],
  );
});

test('probeTargets: installed tools, else every supported one', () => {
  assert.deepEqual(probeTargets([tool('pip', true, true), tool('npm', true, false), tool('apt', false, false)]), [
    'pip',
  ]);
  assert.deepEqual(probeTargets([tool('pip', true, false), tool('npm', true, false), tool('apt', false, false)]), [
    'pip',
    'npm',
  ]);
  assert.deepEqual(probeTargets([]), []);
});

test('bestPerTarget prefers ok over slow, then score, then estimate; failures never win', () => {
  const results = [
    res('pip', 'http://a', 'slow', 100, 10),
    res('pip', 'http://b', 'ok', 60, 300),
    res('pip', 'http://c', 'ok', 90, 200),
    res('npm', 'http://d', 'refused', 0),
    res('go', 'http://e', 'ok', 50, 100),
    res('go', 'http://f', 'ok', 50, 90),
  ];
  const best = bestPerTarget(results);
  assert.equal(best.pip?.url, 'http://c');
  assert.equal(best.npm, undefined);
  assert.equal(best.go?.url, 'http://f');
});

test('once the report is in, its picks decide', () => {
  const results = [
    res('pip', 'http://a', 'ok', 100, 10),
    res('pip', 'http://b', 'ok', 90, 20),
    res('npm', 'http://c', 'ok', 100, 5),
  ];
  const best = bestPerTarget(results, { pip: { url: 'http://b', confident: false }, npm: null });
  assert.equal(best.pip?.url, 'http://b');
  assert.equal(best.npm, undefined);
});

test('fastestChoices keeps catalog providers and drops unknown ones', () => {
  const choices = fastestChoices(
    bestPerTarget([
      res('pip', 'https://mirrors.aliyun.com/pypi/simple/', 'ok', 100),
      res('npm', 'http://127.0.0.1:9/npm/', 'ok', 100, 1, 'loopback'),
    ]),
    catalog,
  );
  assert.deepEqual(choices, [
    { target: 'pip', provider: 'aliyun', urls: ['https://mirrors.aliyun.com/pypi/simple/'] },
    { target: 'npm', urls: ['http://127.0.0.1:9/npm/'] },
  ]);
});

test('overrideChoices: keep and empty custom URLs are left out, URLs trimmed', () => {
  assert.deepEqual(
    overrideChoices(
      {
        pip: { mode: 'keep' },
        npm: { mode: 'custom', url: '  https://r.example/npm/ ' },
        go: { mode: 'custom', url: '   ' },
        cargo: { mode: 'mirror', url: 'https://x.example/', provider: 'aliyun' },
      },
      catalog,
    ),
    [
      { target: 'npm', urls: ['https://r.example/npm/'] },
      { target: 'cargo', provider: 'aliyun', urls: ['https://x.example/'] },
    ],
  );
});

test('units and bars', () => {
  assert.equal(formatMs(12.4), '12 ms');
  assert.equal(formatMs(1530), '1.53 s');
  assert.equal(formatMs(undefined), '–');
  assert.equal(formatRate(2_500_000), '2.5 MB/s');
  assert.equal(formatRate(300), '1 kB/s');
  assert.equal(formatRate(0), '–');
  assert.equal(barFraction(100, 100), 1);
  assert.equal(barFraction(0, 100), 0);
  assert.ok(barFraction(10, 100) > 0.4 && barFraction(10, 100) < 0.6);
  assert.equal(barFraction(500, 100), 1);
});

test('diffLines drops file headers and types the rest', () => {
  const d = [
    '--- a/pip.conf',
    '+++ b/pip.conf',
    '@@ -1,2 +1,2 @@',
    ' [global]',
    '-index-url = https://pypi.org/simple',
    '+index-url = https://mirrors.aliyun.com/pypi/simple/',
    '',
  ].join('\n');
  assert.deepEqual(
    diffLines(d).map((l) => l.kind),
    ['hunk', 'ctx', 'del', 'add'],
  );
});
