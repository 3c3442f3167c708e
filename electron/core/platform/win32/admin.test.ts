import assert from 'node:assert/strict';
import { test } from 'node:test';

import { currentUserSid, isElevated, parseIntegrityLevel, parseUserSid } from './admin';
import { fakeWindows } from './testkit';

// `whoami /groups /fo csv /nh` on Windows 10 (trimmed), unelevated admin and elevated.
const MEDIUM =
  '"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"\r\n' +
  '"BUILTIN\\Administrators","Alias","S-1-5-32-544","Group used for deny only"\r\n' +
  '"Mandatory Label\\Medium Mandatory Level","Label","S-1-16-8192",""\r\n';
const HIGH = MEDIUM.replace(
  'Medium Mandatory Level","Label","S-1-16-8192"',
  'High Mandatory Level","Label","S-1-16-12288"',
).replace('Group used for deny only', 'Mandatory group, Enabled by default, Enabled group, Group owner');
const SYSTEM = '"Mandatory Label\\System Mandatory Level","Label","S-1-16-16384",""\r\n';
// Chinese Windows translates the names but not the SIDs.
const HIGH_ZH = '"Mandatory Label\\高强制级别","标签","S-1-16-12288",""\r\n';

test('integrity level parser', () => {
  assert.equal(parseIntegrityLevel(MEDIUM), 8192);
  assert.equal(parseIntegrityLevel(HIGH), 12288);
  assert.equal(parseIntegrityLevel(SYSTEM), 16384);
  assert.equal(parseIntegrityLevel(HIGH_ZH), 12288);
  // Wine's whoami ignores /groups and prints the user name only.
  assert.equal(parseIntegrityLevel('VM\\root\r\n'), null);
});

test('isElevated: high and system yes; medium, Wine and failures no', async () => {
  for (const [out, code, want] of [
    [HIGH, 0, true],
    [SYSTEM, 0, true],
    [HIGH_ZH, 0, true],
    [MEDIUM, 0, false],
    ['VM\\root\r\n', 0, false],
    [HIGH, 1, false],
  ] as const) {
    const w = fakeWindows();
    w.answer.set('whoami.exe', () => ({ code, stdout: out, stderr: '' }));
    assert.equal(await isElevated(w.exec, { SystemRoot: 'C:\\Windows' }), want);
    assert.deepEqual(w.calls[0], {
      command: 'C:\\Windows\\System32\\whoami.exe',
      args: ['/groups', '/fo', 'csv', '/nh'],
      env: { SystemRoot: 'C:\\Windows' },
    });
  }
});

test('user SID from whoami /user', async () => {
  assert.equal(
    parseUserSid('"desktop-1\\li lei","S-1-5-21-1004336348-1177238915-682003330-1001"\r\n'),
    'S-1-5-21-1004336348-1177238915-682003330-1001',
  );
  assert.equal(parseUserSid('VM\\root\r\n'), null);
  const w = fakeWindows();
  w.answer.set('whoami.exe', (args) => ({
    code: 0,
    stdout: args[0] === '/user' ? '"pc\\u","S-1-5-21-1-2-3-1001"\r\n' : '',
    stderr: '',
  }));
  assert.equal(await currentUserSid(w.exec, {}), 'S-1-5-21-1-2-3-1001');
});
