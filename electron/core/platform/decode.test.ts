import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';
import iconv from 'iconv-lite';

import { codePageForLocale, decodeOutput, isValidUtf8 } from './decode';

// pip's "no such option" error as a Chinese console prints it, in GBK bytes.
const MESSAGE = '错误：找不到与要求相符的版本';
const gbk = iconv.encode(MESSAGE, 'cp936');

test('GBK output on a Chinese Windows console becomes readable text', () => {
  assert.equal(isValidUtf8(gbk), false);
  assert.equal(decodeOutput(gbk, { platform: 'win32', locale: 'zh-CN' }), MESSAGE);
  // The default code page for an unknown locale still reads GBK when told so.
  assert.equal(decodeOutput(gbk, { platform: 'win32', codePage: 'cp936' }), MESSAGE);
});

test('UTF-8 output passes through on every platform', () => {
  const utf8 = Buffer.from(`${MESSAGE} ✓ https://mirrors.aliyun.com/pypi/simple/\r\n`, 'utf8');
  for (const platform of ['win32', 'linux', 'darwin'] as const) {
    assert.equal(decodeOutput(utf8, { platform, locale: 'zh-CN' }), utf8.toString('utf8'));
  }
});

test('on Linux and macOS, bytes are never reinterpreted as GBK', () => {
  assert.equal(decodeOutput(gbk, { platform: 'linux', locale: 'zh-CN' }), gbk.toString('utf8'));
});

test('any valid UTF-8 string round-trips unchanged on win32', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      assert.equal(decodeOutput(Buffer.from(s, 'utf8'), { platform: 'win32', locale: 'zh-CN' }), s);
    }),
  );
});

test('code page follows the locale', () => {
  assert.equal(codePageForLocale('zh-CN'), 'cp936');
  assert.equal(codePageForLocale('zh_CN'), 'cp936');
  assert.equal(codePageForLocale('zh-TW'), 'cp950');
  assert.equal(codePageForLocale('ja-JP'), 'shift_jis');
  assert.equal(codePageForLocale('ko-KR'), 'cp949');
  assert.equal(codePageForLocale('en-US'), 'windows-1252');
  assert.equal(codePageForLocale(undefined), 'windows-1252');
  // Big5 bytes of a Traditional Chinese message decode with the zh-TW code page.
  const big5 = iconv.encode('找不到檔案', 'cp950');
  assert.equal(decodeOutput(big5, { platform: 'win32', locale: 'zh-TW' }), '找不到檔案');
});
