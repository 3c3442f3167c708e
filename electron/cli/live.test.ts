import assert from 'node:assert/strict';
import { test } from 'node:test';

import { liveLine, liveProgress } from './live';

test('the live line shows each tool at its current step, in the user language', () => {
  const written: string[] = [];
  const live = liveProgress('en', (s) => written.push(s));
  live.onProgress({ target: 'pip', phase: 'backing-up' });
  live.onProgress({ target: 'npm', phase: 'backing-up' });
  live.onProgress({ target: 'pip', phase: 'writing' });
  assert.equal(written.at(-1), '\r\x1b[Kpip: Writing… · npm: Backing up…');
  live.end();
  assert.equal(written.at(-1), '\r\x1b[K');
  assert.equal(liveLine('zh-CN', new Map([['go', 'verifying']])), 'go: 正在向工具确认…');
});

test('an apply with no step to show leaves the terminal untouched', () => {
  const written: string[] = [];
  liveProgress('en', (s) => written.push(s)).end();
  assert.deepEqual(written, []);
});
