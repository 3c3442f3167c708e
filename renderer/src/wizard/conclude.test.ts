import assert from 'node:assert/strict';
import { test } from 'node:test';

import { concludeTool, networkTrouble, presetFailures } from './conclude';
import type { ProbeResultData, ProbeTarget } from '../../../shared/ipc/probe';
import type { CatalogView } from '../../../shared/ipc/contract';

const c = (provider: string, url = `https://${provider}.example/simple/`): ProbeTarget => ({
  target: 'pip',
  kind: 'pypi',
  provider,
  url,
});
const r = (t: ProbeTarget, outcome: ProbeResultData['outcome'], estimateMs?: number): ProbeResultData => ({
  ...t,
  outcome,
  bytes: 0,
  ...(estimateMs !== undefined ? { estimateMs } : {}),
});
const byKey = (rs: ProbeResultData[]) => Object.fromEntries(rs.map((x) => [`${x.target} ${x.url}`, x]));

test('a tool concludes: the pick first, the rest by estimate, failures apart, pending last', () => {
  const [a, b, d, e, f] = [c('a'), c('b'), c('d'), c('e'), c('f')];
  const results = [r(a, 'ok', 900), r(b, 'ok', 300), r(d, 'refused'), r(e, 'slow', 2000)];
  const out = concludeTool('pip', [a, b, d, e, f], byKey(results), results[1], {
    url: b.url,
    marginPct: 200,
    confident: true,
  });
  assert.deepEqual(
    out.rows.map((x) => x.provider),
    ['b', 'a', 'e', 'f'],
  );
  assert.equal(out.next?.provider, 'a');
  assert.equal(out.marginPct, 200);
  assert.deepEqual(
    out.failed.map((x) => x.provider),
    ['d'],
  );
});

test('the margin is worked out from the estimates while the run has no pick data yet', () => {
  const [a, b] = [c('a'), c('b')];
  const results = [r(a, 'ok', 400), r(b, 'ok', 500)];
  assert.equal(concludeTool('pip', [a, b], byKey(results), results[0], undefined).marginPct, 25);
});

test('nothing or nearly nothing answered is a network problem; a few failures are not', () => {
  const t = c('x');
  assert.equal(networkTrouble([]), null);
  assert.deepEqual(networkTrouble([r(t, 'refused'), r(t, 'dns-error')]), { answered: 0, total: 2 });
  const many = [r(t, 'ok', 1), ...Array.from({ length: 10 }, () => r(t, 'connect-timeout'))];
  assert.deepEqual(networkTrouble(many), { answered: 1, total: 11 });
  assert.equal(networkTrouble([r(t, 'ok', 1), r(t, 'refused'), r(t, 'refused')]), null);
});

test('a preset is flagged for the tools whose mirror was tested and failed, not for untested ones', () => {
  const catalog = {
    providers: [],
    presets: [],
    mirrors: [
      { kind: 'pypi', provider: 'aliyun', url: 'https://mirrors.aliyun.com/pypi/simple/', status: 'active' },
      { kind: 'npm', provider: 'npmmirror', url: 'https://registry.npmmirror.com/', status: 'active' },
    ],
  } as unknown as CatalogView;
  const pip = r(c('aliyun', 'https://mirrors.aliyun.com/pypi/simple/'), 'refused');
  assert.deepEqual(presetFailures({ pip: 'aliyun', npm: 'npmmirror', docker: null }, [pip], catalog), [
    { target: 'pip', provider: 'aliyun' },
  ]);
  assert.deepEqual(presetFailures({ pip: 'aliyun' }, [{ ...pip, outcome: 'ok' }], catalog), []);
});
