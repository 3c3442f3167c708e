import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkMirrorUrl, MAX_URL_LENGTH } from './url';

test('accepts ordinary mirror URLs', () => {
  for (const u of [
    'https://mirrors.aliyun.com/pypi/simple/',
    'http://127.0.0.1:8080/simple',
    'https://nexus.corp.example:8443/repository/pypi-proxy/simple',
    'https://goproxy.cn',
    'https://example.com/a%20b/',
    'http://[::1]:4873/',
  ]) {
    assert.deepEqual(checkMirrorUrl(u), { ok: true, url: u }, u);
  }
});

test('refuses hostile and malformed input with a reason', () => {
  const cases: [unknown, string][] = [
    ['ftp://mirror.example/', 'url.not-http'],
    ['file:///C:/x.exe', 'url.not-http'],
    ['javascript:alert(1)', 'url.not-http'],
    ['https://user:pw@mirror.example/', 'url.credentials'],
    ['https://mirror.example/$(calc)', 'url.forbidden-char'],
    ['https://mirror.example/;rm -rf /', 'url.forbidden-char'],
    ['https://mirror.example/a b', 'url.forbidden-char'],
    ['https://mirror.example/"x"', 'url.forbidden-char'],
    ["https://mirror.example/'x'", 'url.forbidden-char'],
    ['https://mirror.example/`id`', 'url.forbidden-char'],
    ['https://mirror.example/\nindex-url=evil', 'url.forbidden-char'],
    ['https://mirror.example/a&b', 'url.forbidden-char'],
    ['https://mirror.example/a|b', 'url.forbidden-char'],
    ['https://mirror.example/%zz', 'url.forbidden-char'],
    ['https://mirror.example/a,direct', 'url.forbidden-char'],
    ['\\\\host\\share', 'url.forbidden-char'],
    ['not a url', 'url.forbidden-char'],
    ['mirror.example', 'url.unparsable'],
    ['', 'url.unparsable'],
    [42, 'url.unparsable'],
    [`https://e.com/${'a'.repeat(MAX_URL_LENGTH)}`, 'url.too-long'],
  ];
  for (const [input, code] of cases) {
    const r = checkMirrorUrl(input);
    assert.equal(r.ok, false, String(input));
    if (!r.ok) assert.equal(r.reason.code, code, String(input));
  }
});
