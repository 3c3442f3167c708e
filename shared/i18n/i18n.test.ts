import assert from 'node:assert/strict';
import { test } from 'node:test';

import { dictionaries, langFromLocale, t } from './index';

test('every message exists in both languages with the same placeholders', () => {
  const { en, 'zh-CN': zh } = dictionaries();
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [k, v] of Object.entries(en)) assert.deepEqual(holes(zh[k] ?? ''), holes(v), k);
});

test('t fills parameters and falls back to the code', () => {
  assert.equal(t('en', { code: 'skip.not-installed', params: { target: 'go' } }), 'go is not installed.');
  assert.equal(t('zh-CN', { code: 'skip.not-installed', params: { target: 'go' } }), '未安装 go。');
  assert.equal(t('en', 'no.such.code'), 'no.such.code');
});

test('locale detection', () => {
  for (const l of ['zh_CN.UTF-8', 'zh-CN', 'zh', 'zh-Hans-CN', 'ZH_TW']) assert.equal(langFromLocale(l), 'zh-CN', l);
  for (const l of ['en_US.UTF-8', 'C', undefined, 'fr-FR', 'zhx']) assert.equal(langFromLocale(l), 'en', String(l));
});
