// Every `app.*` message the wizard and the binding use exists in English and Chinese, and none is left unused.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { STEPS } from '../../renderer/src/wizard/logic';
import { dictionaries } from '../../shared/i18n';
import { TOOL_FAMILIES } from '../../shared/targets/define';
import { TARGET_IDS } from '../../shared/types/core';
import { PROBE_OUTCOMES } from '../core/probe/types';

const root = path.resolve(import.meta.dirname, '..', '..');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

/** Values of each template family (`app.tool.${target}` …), taken from the types they are built from. */
const FAMILIES: Record<string, readonly string[]> = {
  'app.tool.': TARGET_IDS,
  'app.family.': TOOL_FAMILIES,
  'app.outcome.': PROBE_OUTCOMES,
  'app.mirror-status.': ['active', 'deprecated', 'dead'],
  'app.scope.': ['process', 'user', 'machine'],
  'app.plan-status.': ['change', 'unchanged', 'skipped', 'error'],
  'app.apply-status.': ['applied', 'partial', 'failed', 'verify-failed', 'needs-elevation', 'dry-run', 'nothing-to-do'],
  'app.target-outcome.': ['applied', 'unchanged', 'skipped', 'failed', 'rolled-back', 'needs-elevation'],
  'app.restore-status.': ['restored', 'partial', 'failed'],
  'app.restore-action.': ['rewritten', 'removed', 'unchanged'],
  'app.step.': STEPS,
  'app.review.firewall-': ['ensure', 'remove'],
  'app.choose.scope-': ['file', 'user', 'machine'],
  'app.review.declined-': ['rollback', 'keep'],
};

function usedCodes(): Set<string> {
  const files = [
    ...sources(path.join(root, 'renderer', 'src')),
    ...sources(path.join(root, 'electron', 'main')),
    ...sources(path.join(root, 'electron', 'preload')),
  ];
  const used = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/'(app\.[a-z0-9.-]+)'/g)) used.add(m[1] as string);
    for (const m of text.matchAll(/`(app\.[a-z0-9.-]*)\$\{/g)) {
      const family = FAMILIES[m[1] as string];
      assert.ok(family, `${path.relative(root, f)}: template family ${m[1]}\${…} has no entry in FAMILIES`);
      for (const v of family) used.add(`${m[1]}${v}`);
    }
  }
  return used;
}

test('every app message used exists in en and zh-CN', () => {
  const d = dictionaries();
  const missing = [...usedCodes()].filter((c) => !(c in d.en) || !(c in d['zh-CN']));
  assert.deepEqual(missing, []);
});

test('no app message is defined but unused', () => {
  const used = usedCodes();
  const unused = Object.keys(dictionaries().en).filter((k) => k.startsWith('app.') && !used.has(k));
  assert.deepEqual(unused, []);
});

test('translations keep the placeholders of the English text', () => {
  const d = dictionaries();
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [k, en] of Object.entries(d.en)) {
    if (!k.startsWith('app.')) continue;
    assert.deepEqual(names(d['zh-CN'][k] ?? ''), names(en), k);
  }
});
