import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MirrorKitError } from '../core/errors';

import { flagList, flagString, parseArgs } from './args';

const spec = (c: string): Record<string, boolean> =>
  c === 'apply' ? { preset: true, only: true, 'dry-run': false } : c === 'test' ? { url: true } : {};

test('parses commands, positionals and flags', () => {
  const a = parseArgs(['apply', '--preset', 'aliyun', '--only=pip,npm', '--dry-run', '--json'], spec);
  assert.equal(a.command, 'apply');
  assert.equal(flagString(a, 'preset'), 'aliyun');
  assert.equal(flagString(a, 'only'), 'pip,npm');
  assert.equal(a.flags['dry-run'], true);
  assert.equal(a.flags.json, true);
  const b = parseArgs(['test', '--url', 'http://a', '--url', 'http://b'], spec);
  assert.deepEqual(flagList(b, 'url'), ['http://a', 'http://b']);
});

test('unknown flags and missing values are errors, not silently ignored', () => {
  assert.throws(
    () => parseArgs(['apply', '--presett', 'x'], spec),
    (e) => e instanceof MirrorKitError && e.code === 'cli.unknown-flag',
  );
  assert.throws(
    () => parseArgs(['apply', '--preset'], spec),
    (e) => e instanceof MirrorKitError && e.code === 'cli.flag-needs-value',
  );
  assert.throws(
    () => parseArgs(['apply', '--dry-run=yes'], spec),
    (e) => e instanceof MirrorKitError && e.code === 'cli.flag-takes-no-value',
  );
});
