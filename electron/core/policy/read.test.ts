import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { t } from '../../../shared/i18n';
import { createContext } from '../context';
import type { Exec } from '../platform/exec';

import { lockedTargets, readPolicy } from './read';

const KEY1 = 'RWQ0NJwv3V3pkBEAmBJfzoALnMz3jRclq8jA3gQcsuXsxlZYpqbRH7n5';
const KEY2 = 'RWRQnEIFg92dwKSJedUsiY6AsLo+Vflc3EamP5+nwzrd7L5WZUxX/Q8V';

/** `reg query KEY` as reg.exe prints it (CRLF, four-space columns, multi-strings joined by a literal \0). */
function regOutput(key: string, values: [string, string, string][]): string {
  return `\r\n${key.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE').replace(/^HKCU/, 'HKEY_CURRENT_USER')}\r\n${values.map(([n, t, d]) => `    ${n}    ${t}    ${d}\r\n`).join('')}\r\n`;
}

test('Windows: HKLM mandatory → HKCU mandatory → HKLM Recommended → HKCU Recommended; a wrong type is ignored and reported', async () => {
  const keys: Record<string, [string, string, string][]> = {
    'HKLM\\SOFTWARE\\Policies\\MirrorKit': [
      ['ProfileUrl', 'REG_DWORD', '0x1'],
      ['LockedTargets', 'REG_MULTI_SZ', 'pip\\0npm'],
    ],
    'HKCU\\SOFTWARE\\Policies\\MirrorKit': [
      ['ProfileUrl', 'REG_SZ', 'https://it.corp.example/user.json'],
      ['LockedTargets', 'REG_MULTI_SZ', 'go'],
    ],
    'HKLM\\SOFTWARE\\Policies\\MirrorKit\\Recommended': [
      ['ProfileUrl', 'REG_SZ', 'https://it.corp.example/rec.json'],
      ['ProfilePublicKeys', 'REG_MULTI_SZ', `${KEY1}\\0${KEY2}`],
      ['CheckIntervalHours', 'REG_DWORD', '0x18'],
    ],
    'HKCU\\SOFTWARE\\Policies\\MirrorKit\\Recommended': [
      ['CheckIntervalHours', 'REG_DWORD', '0x2'],
      ['AllowPublicMirrorProbe', 'REG_DWORD', '0x0'],
      ['Colour', 'REG_SZ', 'blue'],
    ],
  };
  const calls: string[][] = [];
  const exec: Exec = (cmd, args) => {
    calls.push([cmd, ...args]);
    const v = keys[args[1] as string];
    return Promise.resolve(
      v
        ? { code: 0, stdout: regOutput(args[1] as string, v), stderr: '' }
        : { code: 1, stdout: '', stderr: 'ERROR: not found' },
    );
  };
  const ctx = createContext({
    platform: 'win32',
    env: { SystemRoot: 'C:\\Windows', USERPROFILE: 'C:\\Users\\li' },
    exec,
  });
  const p = await readPolicy(ctx);
  assert.deepEqual(
    calls.map((c) => c.slice(1)),
    Object.keys(keys).map((k) => ['query', k]),
  );
  assert.match(calls[0]?.[0] ?? '', /reg\.exe$/i);
  assert.deepEqual(p.effective.ProfileUrl, {
    value: 'https://it.corp.example/user.json',
    level: 'mandatory',
    source: 'HKCU\\SOFTWARE\\Policies\\MirrorKit',
  });
  assert.deepEqual(p.effective.LockedTargets?.value, ['pip', 'npm']);
  assert.deepEqual(p.effective.ProfilePublicKeys?.value, [KEY1, KEY2]);
  assert.equal(p.effective.CheckIntervalHours?.value, 24);
  assert.equal(p.effective.AllowPublicMirrorProbe?.value, false);
  assert.deepEqual(lockedTargets(p), ['pip', 'npm']);
  const wrong = p.entries.find((e) => e.name === 'ProfileUrl' && e.status === 'invalid');
  assert.deepEqual(wrong?.reason, {
    code: 'policy.reason.reg-type',
    params: { expected: 'REG_SZ', found: 'REG_DWORD' },
  });
  assert.ok(wrong?.reason);
  assert.equal(t('zh-CN', wrong.reason.code, wrong.reason.params), '应为 REG_SZ，实际为 REG_DWORD');
  assert.deepEqual(
    p.entries.filter((e) => e.status === 'superseded').map((e) => `${e.name}@${e.source}`),
    [
      'LockedTargets@HKCU\\SOFTWARE\\Policies\\MirrorKit',
      'ProfileUrl@HKLM\\SOFTWARE\\Policies\\MirrorKit\\Recommended',
      'CheckIntervalHours@HKCU\\SOFTWARE\\Policies\\MirrorKit\\Recommended',
    ],
  );
  assert.equal(p.entries.find((e) => e.name === 'Colour')?.status, 'unknown');
});

test('Linux: managed over recommended JSON under MIRRORKIT_SYSROOT; bad values and files reported, never half-applied', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-policy-'));
  try {
    const dir = (l: string) => path.join(root, 'etc/mirrorkit/policies', l);
    await fs.mkdir(dir('managed'), { recursive: true });
    await fs.mkdir(dir('recommended'), { recursive: true });
    await fs.writeFile(
      path.join(dir('managed'), '10-corp.json'),
      JSON.stringify({ LockedTargets: ['pip', 'nope'], ProfileSha256: 'AB'.repeat(32) }),
    );
    await fs.writeFile(
      path.join(dir('managed'), '20-more.json'),
      JSON.stringify({ ProfileSha256: 'cd'.repeat(32), ProfilePublicKeys: [KEY1, KEY2, KEY1] }),
    );
    await fs.writeFile(path.join(dir('managed'), '30-broken.json'), '{ not json');
    await fs.writeFile(
      path.join(dir('recommended'), 'a.json'),
      JSON.stringify({ LockedTargets: ['go'], CheckIntervalHours: '12', AllowPublicMirrorProbe: true }),
    );
    const ctx = createContext({ platform: 'linux', env: { HOME: root, MIRRORKIT_SYSROOT: root } });
    const p = await readPolicy(ctx);
    assert.equal(p.effective.ProfileSha256?.value, 'AB'.repeat(32));
    assert.equal(p.effective.ProfilePublicKeys, undefined, 'three keys: the whole list is refused');
    // A list with one unknown tool is refused as a whole; the recommended list then applies, but locks nothing.
    assert.deepEqual(p.effective.LockedTargets, {
      value: ['go'],
      level: 'recommended',
      source: path.join(dir('recommended'), 'a.json'),
    });
    assert.deepEqual(lockedTargets(p), []);
    assert.equal(p.effective.CheckIntervalHours, undefined);
    assert.equal(p.effective.AllowPublicMirrorProbe?.value, true);
    const invalid = p.entries
      .filter((e) => e.status === 'invalid')
      .map((e) => `${e.name}: ${e.reason ? t('en', e.reason.code, e.reason.params) : ''}`);
    assert.equal(invalid.length, 4, invalid.join('\n'));
    assert.ok(invalid.some((s) => s.startsWith('*: not readable JSON')));
    assert.ok(invalid.includes('CheckIntervalHours: a JSON number expected'));
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});
