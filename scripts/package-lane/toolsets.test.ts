/** A machine without the packaging lane's tools fails the lane with what to install; it is never skipped. */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildLane } from './build.mjs';
import { missingTools } from './toolsets.mjs';

function withPath<T>(value: string, fn: () => T): T {
  const saved = process.env.PATH;
  process.env.PATH = value;
  try {
    return fn();
  } finally {
    process.env.PATH = saved;
  }
}

test('every missing tool is named with the apt package that brings it', () => {
  const missing = withPath('', () => missingTools());
  assert.ok(missing.includes('makensis (apt-get install nsis)'));
  assert.ok(missing.includes('7za (apt-get install p7zip-full)'));
  assert.ok(missing.includes('osslsigncode (apt-get install osslsigncode)'));
  assert.ok(missing.includes('x86_64-w64-mingw32-gcc (apt-get install gcc-mingw-w64-x86-64)'));
  assert.ok(missing.includes('wine (apt-get install wine64 wine)'));
});

test('the lane refuses to build without its tools, saying which', async () => {
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await assert.rejects(
      buildLane(() => {}),
      /the packaging lane cannot run, missing: makensis \(apt-get install nsis\)/,
    );
  } finally {
    process.env.PATH = saved;
  }
});
