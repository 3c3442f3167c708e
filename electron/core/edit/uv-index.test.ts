import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { EditError } from './errors';
import { uvDefaultIndex, uvSetDefaultIndex } from './uv-index';

const M = 'https://mirrors.aliyun.com/pypi/simple';

test('a new or empty uv.toml gets one [[index]] marked default', () => {
  assert.equal(uvSetDefaultIndex('', M), `[[index]]\nurl = "${M}"\ndefault = true\n`);
  const out = uvSetDefaultIndex('# mine\r\nnative-tls = true', M, { eol: '\n' });
  assert.equal(out, `# mine\r\nnative-tls = true\r\n\r\n[[index]]\r\nurl = "${M}"\r\ndefault = true\r\n`);
  assert.deepEqual(uvDefaultIndex(out), { url: M, key: 'index.default.url' });
});

test('the default entry is edited in place; a company index and comments stay', () => {
  const text =
    '# corp\n[[index]]\nname = "corp"  # internal\nurl = "https://nexus.corp.example/simple"\n\n[[index]]\nurl = "https://pypi.org/simple"\ndefault = true\n';
  const out = uvSetDefaultIndex(text, M);
  assert.equal(out, text.replace('https://pypi.org/simple', M));
  assert.equal(uvSetDefaultIndex(out, M), out);
});

test('a legacy top-level index-url is the one changed (no second default is added)', () => {
  const text = 'index-url = "https://pypi.tuna.tsinghua.edu.cn/simple"\n';
  assert.equal(uvSetDefaultIndex(text, M), `index-url = "${M}"\n`);
  assert.deepEqual(uvDefaultIndex(text), { url: 'https://pypi.tuna.tsinghua.edu.cn/simple', key: 'index-url' });
});

test('malformed TOML and a non-table index are refused with the reason', () => {
  assert.throws(() => uvSetDefaultIndex('[[index]\nurl = 1', M), EditError);
  assert.throws(() => uvSetDefaultIndex('index = "x"\n', M), /array of tables/);
});

test('property: only the default index changes, and the edit reads back', () => {
  const urls = fc.constantFrom(M, 'https://pypi.tuna.tsinghua.edu.cn/simple', 'http://10.0.0.5:8080/simple');
  const files = fc.constantFrom(
    '',
    '# c\n',
    'native-tls = true\n',
    '[[index]]\nname = "x"\nurl = "https://x.example/simple"\n',
    '[pip]\nindex-url = "https://y.example/simple"\n',
  );
  fc.assert(
    fc.property(files, urls, urls, (f, a, b) => {
      const once = uvSetDefaultIndex(f, a);
      assert.equal(uvDefaultIndex(once)?.url, a);
      assert.ok(once.startsWith(f), 'everything before stays byte for byte');
      const twice = uvSetDefaultIndex(once, b);
      assert.equal(uvDefaultIndex(twice)?.url, b);
      assert.equal(twice.length - once.length, b.length - a.length);
    }),
  );
});
