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
    const r = checkMirrorUrl(u);
    assert.ok(r.ok, u);
    // Already canonical, except that a bare host gains its path '/'.
    assert.equal(r.url, u === 'https://goproxy.cn' ? 'https://goproxy.cn/' : u, u);
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
    ['https://mirror.example/\nindex-url=evil', 'url.bad-char'],
    ['https://mirror.example/a&b', 'url.forbidden-char'],
    ['https://mirror.example/a|b', 'url.forbidden-char'],
    ['https://mirror.example/%zz', 'url.forbidden-char'],
    ['https://mirror.example/a,direct', 'url.forbidden-char'],
    ['\\\\host\\share', 'url.not-absolute'],
    ['not a url', 'url.not-absolute'],
    ['mirror.example', 'url.not-absolute'],
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
