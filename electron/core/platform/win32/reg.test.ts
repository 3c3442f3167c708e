import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MirrorKitError } from '../../errors';

import { ENV_KEYS, findValue, parseRegQuery, regAddArgv, regDeleteArgv, regExe, stringData } from './reg';

// Captured from `wine reg query HKCU\Environment` (wine 8.0), byte for byte: CRLF, four-space columns.
const WINE_OUTPUT =
  '\r\nHKEY_CURRENT_USER\\Environment\r\n' +
  '    MKDW    REG_DWORD    0x5\r\n' +
  '    MKEMPTY    REG_SZ    \r\n' +
  '    MKEXP    REG_EXPAND_SZ    %USERPROFILE%\\x\r\n' +
  '    MKMULTI    REG_MULTI_SZ    a\\0b\r\n' +
  '    GOPROXY    REG_SZ    https://goproxy.cn,direct\r\n' +
  '    TEMP    REG_SZ    C:\\users\\root\\Temp\r\n\r\n';

test('parses every value of a reg query listing, with its type', () => {
  const v = parseRegQuery(WINE_OUTPUT);
  assert.deepEqual(
    v.map((x) => [x.name, x.type, x.data]),
    [
      ['MKDW', 'REG_DWORD', '0x5'],
      ['MKEMPTY', 'REG_SZ', ''],
      ['MKEXP', 'REG_EXPAND_SZ', '%USERPROFILE%\\x'],
      ['MKMULTI', 'REG_MULTI_SZ', 'a\\0b'],
      ['GOPROXY', 'REG_SZ', 'https://goproxy.cn,direct'],
      ['TEMP', 'REG_SZ', 'C:\\users\\root\\Temp'],
    ],
  );
});

test('Windows 10 output with a subkey listing and values containing spaces', () => {
  const out =
    '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment\r\n' +
    '    PROCESSOR_IDENTIFIER    REG_SZ    Intel64 Family 6 Model 158 Stepping 10, GenuineIntel\r\n' +
    '    My Var    REG_SZ    two    spaces\r\n' +
    '\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment\\Sub\r\n';
  const v = parseRegQuery(out);
  assert.equal(v.length, 2);
  assert.equal(v[0]?.data, 'Intel64 Family 6 Model 158 Stepping 10, GenuineIntel');
  assert.deepEqual([v[1]?.name, v[1]?.data], ['My Var', 'two    spaces']);
});

test('names are looked up case-insensitively, as Windows does', () => {
  const v = parseRegQuery(WINE_OUTPUT);
  assert.equal(findValue(v, 'goproxy')?.data, 'https://goproxy.cn,direct');
  assert.equal(findValue(v, 'GOSUMDB'), undefined);
});

test('text types give their data; any other type is a clear error', () => {
  const v = parseRegQuery(WINE_OUTPUT);
  assert.equal(stringData(findValue(v, 'MKEXP')!, ENV_KEYS.user), '%USERPROFILE%\\x');
  assert.equal(stringData(findValue(v, 'MKEMPTY')!, ENV_KEYS.user), '');
  for (const name of ['MKDW', 'MKMULTI']) {
    assert.throws(
      () => stringData(findValue(v, name)!, ENV_KEYS.user),
      (e: unknown) =>
        e instanceof MirrorKitError &&
        e.code === 'windows.unexpected-reg-type' &&
        e.params.name === name &&
        e.params.key === 'HKCU\\Environment',
    );
  }
});

test('argv builders pass values as separate arguments', () => {
  const hostile = '"; reg delete HKLM /f & echo ';
  assert.deepEqual(regAddArgv(ENV_KEYS.machine, 'GOPROXY', 'REG_SZ', hostile), [
    'add',
    'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment',
    '/v',
    'GOPROXY',
    '/t',
    'REG_SZ',
    '/d',
    hostile,
    '/f',
  ]);
  assert.deepEqual(regDeleteArgv(ENV_KEYS.user, 'GOPROXY'), ['delete', 'HKCU\\Environment', '/v', 'GOPROXY', '/f']);
  assert.equal(regExe({ SystemRoot: 'D:\\WIN' }), 'D:\\WIN\\System32\\reg.exe');
  assert.equal(regExe({}), 'C:\\Windows\\System32\\reg.exe');
});
