import assert from 'node:assert/strict';
import { test } from 'node:test';

import { dictionaries } from './index';
import { unexpectedLatin } from './latin';

/**
 * What the wizard shows a Chinese reader (its own texts, and the core's, the probe's, the policy's sentences)
 * has no English left in it. The CLI's tables are left out: they quote commands, flags and keys on purpose.
 */
test('zh-CN messages keep no Latin words but names, acronyms and literals', () => {
  const zh = dictionaries()['zh-CN'];
  const found: string[] = [];
  for (const [k, v] of Object.entries(zh)) {
    if (k.startsWith('cli.') || k.startsWith('probe.cli.') || k.startsWith('admx.') || k.startsWith('check.')) continue;
    const bad = unexpectedLatin(v);
    if (bad.length > 0) found.push(`${k}: ${bad.join(', ')}`);
  }
  assert.deepEqual(found, []);
});

test('the scan finds English in a Chinese sentence and lets names through', () => {
  // A tool's version as it reports it (Debian's Docker) is not a word; a word glued to a plain number still is.
  assert.deepEqual(unexpectedLatin('已安装 · 20.10.24+dfsg1 与 1.2.3-rc.1'), []);
  assert.deepEqual(unexpectedLatin('已安装 · 20.10.24 dfsg'), ['dfsg']);
  assert.deepEqual(unexpectedLatin('自 2024-06-03 起已dead'), ['dead']);
  assert.deepEqual(unexpectedLatin('计划：preset aliyun'), ['preset', 'aliyun']);
  assert.deepEqual(
    unexpectedLatin('npm 与 Docker Hub 使用 https://registry.npmmirror.com/，变量 PIP_INDEX_URL 与 --only'),
    [],
  );
});
