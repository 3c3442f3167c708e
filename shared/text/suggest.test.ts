import assert from 'node:assert/strict';
import { test } from 'node:test';

import { closest, distance } from './suggest';

test('typos find their word; other words do not', () => {
  assert.equal(closest('aply', ['status', 'apply', 'restore']), 'apply');
  assert.equal(closest('alyun', ['aliyun', 'tuna', 'ustc']), 'aliyun');
  assert.equal(closest('resotre', ['status', 'apply', 'restore']), 'restore');
  assert.equal(closest('NMP', ['pip', 'npm', 'go']), 'npm');
  assert.equal(closest('frobnicate', ['status', 'apply', 'restore']), undefined);
  assert.equal(closest('x', []), undefined);
  assert.equal(distance('ab', 'ba'), 1);
});
