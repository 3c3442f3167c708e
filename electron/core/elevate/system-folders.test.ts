// The elevated helper takes %ProgramData% and the system root from Windows (the registry, read with the reg.exe
// of the System32 the loader used), never from its environment. Here with a stand-in reg.exe whose argv is
// recorded; the Windows lane runs the real `reg` under Wine (test/windows/lane.test.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { createContext } from '../context';
import type { ExecResult } from '../platform/exec';
import { memoryEnvStore } from '../platform/env-store';
import { system32 } from '../platform/win32/search-path';

import { adminFiles } from './allowlist';
import {
  CURRENT_VERSION_KEY,
  expandFromSystemRoot,
  helperContext,
  loaderSystem32,
  PROFILE_LIST_KEY,
} from './system-folders';
import { sandbox } from './testkit';
import { writeBatch } from './write';

const MODULES = [
  'C:\\Program Files\\nodejs\\node.exe',
  'C:\\WINDOWS\\SYSTEM32\\ntdll.dll',
  'C:\\WINDOWS\\System32\\KERNEL32.DLL',
];
/** What an attacker (the standard user who asked for the prompt) may have put in the helper's environment. */
const HOSTILE_ENV = {
  ProgramData: 'C:\\Users\\mallory\\pd',
  PROGRAMDATA: 'C:\\Users\\mallory\\pd2',
  SystemRoot: 'C:\\Users\\mallory\\win',
  windir: 'C:\\Users\\mallory\\win',
  MIRRORKIT_SYSROOT: 'C:\\Users\\mallory\\root',
  LOCALAPPDATA: 'C:\\Users\\alice\\AppData\\Local',
};

function regStub(values: Record<string, [string, string]>) {
  const calls: { command: string; args: readonly string[] }[] = [];
  const exec = (command: string, args: readonly string[]): Promise<ExecResult> => {
    calls.push({ command, args });
    const [verb, key, flag, name] = args;
    const v = verb === 'query' && flag === '/v' ? values[`${key}\\${name}`] : undefined;
    if (!v)
      return Promise.resolve({
        code: 1,
        stdout: '',
        stderr: 'ERROR: The system was unable to find the specified registry key or value.',
      });
    return Promise.resolve({ code: 0, stdout: `\r\n${key}\r\n    ${name}    ${v[0]}    ${v[1]}\r\n\r\n`, stderr: '' });
  };
  return { calls, exec };
}

const WINDOWS_VALUES: Record<string, [string, string]> = {
  [`${CURRENT_VERSION_KEY}\\SystemRoot`]: ['REG_SZ', 'C:\\WINDOWS'],
  [`${PROFILE_LIST_KEY}\\ProgramData`]: ['REG_EXPAND_SZ', '%SystemDrive%\\ProgramData'],
};

const winCtx = (exec: ReturnType<typeof regStub>['exec']) =>
  createContext({ platform: 'win32', env: HOSTILE_ENV, exec, envStore: memoryEnvStore(), isAdmin: true });

describe('the system folders of the elevated helper', () => {
  it('reg.exe is the one beside the ntdll.dll the loader used; an environment variable cannot name another', () => {
    assert.equal(loaderSystem32(MODULES), 'C:\\WINDOWS\\SYSTEM32');
    assert.equal(loaderSystem32(['C:\\x\\node.exe']), null);
    assert.equal(loaderSystem32(['ntdll.dll']), null, 'a relative name is no evidence');
  });

  it('expands only %SystemDrive% and %SystemRoot%, from the registry system root', () => {
    assert.equal(expandFromSystemRoot('%SystemDrive%\\ProgramData', 'D:\\Windows'), 'D:\\ProgramData');
    assert.equal(expandFromSystemRoot('%SYSTEMROOT%\\Temp', 'C:\\WINDOWS'), 'C:\\WINDOWS\\Temp');
    assert.equal(expandFromSystemRoot('C:\\ProgramData', 'C:\\windows'), 'C:\\ProgramData', "Wine's value");
    assert.equal(expandFromSystemRoot('%USERPROFILE%\\pd', 'C:\\WINDOWS'), null);
    assert.equal(expandFromSystemRoot('%SystemDrive%\\a%', 'C:\\WINDOWS'), null);
  });

  it('an attacker-set ProgramData, SystemRoot or MIRRORKIT_SYSROOT is ignored: the files are under the real %ProgramData%', async () => {
    const reg = regStub(WINDOWS_VALUES);
    const trusted = await helperContext(winCtx(reg.exec), MODULES);
    assert.ok(!('code' in trusted), JSON.stringify(trusted));
    assert.deepEqual(
      reg.calls.map((c) => [c.command, ...c.args]),
      [
        ['C:\\WINDOWS\\SYSTEM32\\reg.exe', 'query', CURRENT_VERSION_KEY, '/v', 'SystemRoot'],
        ['C:\\WINDOWS\\SYSTEM32\\reg.exe', 'query', PROFILE_LIST_KEY, '/v', 'ProgramData'],
      ],
    );
    assert.deepEqual(
      adminFiles(trusted).map((f) => [f.id, f.path, f.root]),
      [
        ['pip-global', 'C:\\ProgramData\\pip\\pip.ini', 'C:\\ProgramData'],
        ['docker-engine', 'C:\\ProgramData\\docker\\config\\daemon.json', 'C:\\ProgramData'],
      ],
    );
    assert.equal(trusted.sysroot, '');
    assert.equal(system32(trusted.env, 'icacls.exe'), 'C:\\WINDOWS\\System32\\icacls.exe');
    const leftover = Object.entries(trusted.env).filter(([, v]) => v?.includes('mallory'));
    assert.deepEqual(leftover, []);
    assert.equal(trusted.env.LOCALAPPDATA, HOSTILE_ENV.LOCALAPPDATA, 'other variables are kept');
  });

  it('a registry that cannot be read, or a value with another variable, refuses: nothing is guessed', async () => {
    for (const values of [
      {},
      { ...WINDOWS_VALUES, [`${PROFILE_LIST_KEY}\\ProgramData`]: ['REG_EXPAND_SZ', '%USERPROFILE%\\pd'] },
      { ...WINDOWS_VALUES, [`${CURRENT_VERSION_KEY}\\SystemRoot`]: ['REG_DWORD', '0x1'] },
    ] as Record<string, [string, string]>[]) {
      const r = await helperContext(winCtx(regStub(values).exec), MODULES);
      assert.ok('code' in r && r.code === 'windows.system-folders', JSON.stringify(r));
    }
    const none = await helperContext(winCtx(regStub(WINDOWS_VALUES).exec), ['C:\\x\\node.exe']);
    assert.ok('code' in none && none.code === 'windows.system-folders');
  });

  it('runElevatedBatch on Windows refuses the batch (exit 2, nothing written) when the folders cannot be read', async () => {
    const s = await sandbox();
    try {
      const staged = await writeBatch(s.ctx, [
        { kind: 'writeFile', target: 'pip', path: s.paths.pip, before: null, after: '[global]\n', admin: true },
      ]);
      // No ntdll.dll in this Linux process's report: a win32 helper here cannot know the real folders.
      const ctx = { ...s.ctx, platform: 'win32' as const, exec: regStub(WINDOWS_VALUES).exec };
      assert.equal(await s.run(staged, s.deps, ctx), 2);
      assert.equal(s.result(staged.path).error?.code, 'windows.system-folders');
      await assert.rejects(fs.stat(s.paths.pip));
      assert.equal(path.basename(s.paths.pip), 'pip.ini');
    } finally {
      await s.cleanup();
    }
  });
});
