import assert from 'node:assert/strict';
import { test } from 'node:test';

import { t } from './index';

const INHERITED = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
];

test('a code or parameter named like an Object.prototype member is no message', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const name of INHERITED) {
      assert.equal(t(lang, name), name, `code ${name}`);
      // A parameter whose value is that name is shown as typed, not as what the prototype holds.
      const shown = t(lang, { code: 'error.unknown-mirror', params: { mirror: name, target: 'pip', known: 'aliyun' } });
      assert.ok(shown.includes(`${name}`), shown);
      assert.doesNotMatch(shown, /native code|\[object Object\]|function/, shown);
    }
  }
});

test('a parameter the message does not name, or inherited from the prototype, stays a placeholder', () => {
  const params = Object.create({ path: 'inherited' }) as Record<string, string>;
  assert.match(t('en', { code: 'error.write-failed', params }), /\{path\}/);
});

test("a reason's own parameters fill it (the escaped character of a refused URL)", () => {
  const text = t('en', {
    code: 'error.bad-url',
    params: { url: 'https://h\\u200b.example/', reason: 'url.bad-char', char: '\\u200b' },
  });
  assert.match(text, /contains the character \\u200b/);
  assert.match(
    t('zh-CN', { code: 'error.bad-url', params: { url: 'x', reason: 'url.bad-char', char: '\\u202e' } }),
    /\\u202e/,
  );
});
