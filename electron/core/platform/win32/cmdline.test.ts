import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import { quoteWindowsArg, windowsCommandLine } from './cmdline';

/**
 * How the Microsoft C runtime (and CommandLineToArgvW) splits the arguments part of a command line, written from
 * the documented rules ("Parsing C++ command-line arguments"): whitespace separates unless inside quotes;
 * 2n backslashes + quote → n backslashes and a quote toggle; 2n+1 backslashes + quote → n backslashes and a
 * literal quote; backslashes elsewhere are literal; "" inside quotes is a literal quote.
 */
function crtSplit(cmd: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    while (cmd[i] === ' ' || cmd[i] === '\t') i++;
    if (i >= cmd.length) return out;
    let arg = '';
    let quoted = false;
    while (i < cmd.length) {
      const c = cmd[i];
      if ((c === ' ' || c === '\t') && !quoted) break;
      if (c === '\\') {
        let n = 0;
        while (cmd[i] === '\\') {
          n++;
          i++;
        }
        if (cmd[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) {
            arg += '"';
            i++;
          }
        } else {
          arg += '\\'.repeat(n);
        }
        continue;
      }
      if (c === '"') {
        if (quoted && cmd[i + 1] === '"') {
          arg += '"';
          i += 2;
          continue;
        }
        quoted = !quoted;
        i++;
        continue;
      }
      arg += c;
      i++;
    }
    out.push(arg);
  }
}

test('the reference splitter agrees with documented examples', () => {
  assert.deepEqual(crtSplit('"a b c" d e'), ['a b c', 'd', 'e']);
  assert.deepEqual(crtSplit('"ab\\"c" "\\\\" d'), ['ab"c', '\\', 'd']);
  assert.deepEqual(crtSplit('a\\\\\\b d"e f"g h'), ['a\\\\\\b', 'de fg', 'h']);
  assert.deepEqual(crtSplit('a\\\\\\"b c d'), ['a\\"b', 'c', 'd']);
  assert.deepEqual(crtSplit('a\\\\\\\\"b c" d e'), ['a\\\\b c', 'd', 'e']);
});

test('quoting round-trips through the C runtime rules, whatever the argument', () => {
  const nasty = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\t', '\\', '"', '中', '%', '^', '&', '|', '\n') });
  fc.assert(
    fc.property(fc.array(nasty, { maxLength: 6 }), (args) => {
      assert.deepEqual(crtSplit(windowsCommandLine(args)), args);
    }),
    { numRuns: 2000 },
  );
});

test('the helper command line for a profile path with spaces', () => {
  const args = [
    'C:\\Program Files\\MirrorKit\\resources\\cli.cjs',
    '--elevated',
    'C:\\Users\\Li Lei\\AppData\\Local\\MirrorKit\\elevate\\batch-1.json',
    '--sha256',
    'ab'.repeat(32),
  ];
  assert.equal(
    windowsCommandLine(args),
    `"C:\\Program Files\\MirrorKit\\resources\\cli.cjs" --elevated "C:\\Users\\Li Lei\\AppData\\Local\\MirrorKit\\elevate\\batch-1.json" --sha256 ${'ab'.repeat(32)}`,
  );
  assert.equal(quoteWindowsArg(''), '""');
  assert.equal(quoteWindowsArg('C:\\dir with space\\'), '"C:\\dir with space\\\\"');
  assert.throws(() => windowsCommandLine(['a\0b']));
});
