import assert from 'node:assert/strict';
import { test } from 'node:test';

import { t } from '../../../shared/i18n';
import { checkMirrorUrl } from '../../../shared/validate/url';

import { hasInvalidOverride, urlProblem } from './logic';

test('a typed address is checked by the validator the CLI uses, with the fix it needs', () => {
  assert.equal(urlProblem('https://mirrors.example.com/pypi/simple'), null);
  assert.equal(urlProblem('  https://mirrors.example.com/  '), null);
  assert.equal(urlProblem(''), null);
  assert.deepEqual(urlProblem('mirrors.aliyun.com/pypi/simple'), {
    code: 'app.choose.url-needs-scheme',
    params: { example: 'https://mirrors.aliyun.com/pypi/simple' },
  });
  for (const bad of [
    'ftp://mirror.example/',
    'https://a b.example/',
    'https://user:pw@mirror.example/',
    'https://x.example/$(id)',
  ]) {
    const p = urlProblem(bad);
    const r = checkMirrorUrl(bad);
    assert.equal(r.ok, false, bad);
    assert.equal(p?.code, 'app.choose.url-invalid', bad);
    assert.equal(p?.params?.reason, r.ok ? undefined : r.reason.code, bad);
  }
});

test('the message reads as a sentence in both languages, the validator reason included', () => {
  const p = urlProblem('ftp://mirror.example/');
  assert.ok(p);
  assert.equal(t('en', p), 'Not a usable mirror address: only http:// and https:// are allowed.');
  assert.equal(t('zh-CN', p), '不是可用的镜像地址：只允许 http:// 和 https://。');
});

test('the plan button waits while a typed address is wrong, not while a field is empty', () => {
  assert.equal(hasInvalidOverride({ pip: { mode: 'custom', url: 'mirrors.example.com' } }), true);
  assert.equal(hasInvalidOverride({ pip: { mode: 'custom', url: '' }, npm: { mode: 'keep' } }), false);
  assert.equal(hasInvalidOverride({ pip: { mode: 'custom', url: 'https://mirrors.example.com/simple' } }), false);
});
