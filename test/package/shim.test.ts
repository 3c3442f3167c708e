/**
 * build/mirrorkit.cmd's own logic, under Wine's cmd.exe, with a STAND-IN MirrorKit.exe (fixtures/standin-app.c: a
 * GUI-subsystem program that records the arguments it parsed and exits with a chosen code) in a folder whose name
 * has spaces: %~dp0 finds the exe from any working folder, --cli comes first, arguments with spaces and quotes
 * arrive as they were given, and the exit code comes back through `cmd /c`. What Electron itself does with the
 * console is in docs/windows-console.md.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { driveC, ensurePrefix, root, stopWine, wine } from './lane';

const folderWin = 'C:\\Mirror Kit Shim Test';
const folder = path.join(driveC, 'Mirror Kit Shim Test');
const argsWin = 'C:\\mk-shim-args.txt';
const argsFile = path.join(driveC, 'mk-shim-args.txt');
const callerWin = 'C:\\mk-shim-caller.cmd';
const callerFile = path.join(driveC, 'mk-shim-caller.cmd');

before(() => {
  ensurePrefix();
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const r = spawnSync(
    'x86_64-w64-mingw32-gcc',
    [
      '-municode',
      '-mwindows',
      '-O2',
      '-s',
      '-o',
      path.join(folder, 'MirrorKit.exe'),
      path.join(import.meta.dirname, 'fixtures', 'standin-app.c'),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, `the stand-in MirrorKit.exe did not compile: ${r.stderr}`);
  copyFileSync(path.join(root, 'build', 'mirrorkit.cmd'), path.join(folder, 'mirrorkit.cmd'));
});

after(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(argsFile, { force: true });
  rmSync(callerFile, { force: true });
  stopWine();
});

/**
 * Run a caller script that hands over to the shim from C:\ (not the shim's folder) and return the exit code of
 * `cmd /c` and the argv the stand-in parsed. The line is written into the script rather than given to `cmd /c`,
 * because wine would re-quote it on the way to cmd.exe. No `call`: Wine 8's cmd turns `exit /b N` of a called
 * script into 1 (Windows keeps N), so under Wine the code is read where the shim's own `exit /b` ends cmd.exe.
 */
function shim(args: string, exit = '0'): { code: number | null; argv: string[] } {
  rmSync(argsFile, { force: true });
  writeFileSync(callerFile, `@echo off\r\ncd /d C:\\\r\n"${folderWin}\\mirrorkit.cmd" ${args}\r\n`);
  const r = wine(['cmd', '/c', callerWin], 60_000, { MK_SHIM_ARGS: argsWin, MK_SHIM_EXIT: exit });
  let argv: string[] = [];
  try {
    argv = readFileSync(argsFile, 'utf8').split('\n').slice(0, -1);
  } catch {
    assert.fail(`the stand-in did not run (exit ${r.code}): ${r.stderr}${r.stdout}`);
  }
  return { code: r.code, argv };
}

test('%~dp0 finds MirrorKit.exe beside the shim from another folder, and --cli comes first', () => {
  const r = shim('status --json');
  assert.equal(r.code, 0);
  assert.equal(r.argv[0], `${folderWin}\\MirrorKit.exe`);
  assert.deepEqual(r.argv.slice(1), ['--cli', 'status', '--json']);
});

test('arguments with spaces and quotes arrive as given', () => {
  const r = shim(`apply --profile "C:\\My Profiles\\team profile.json" --label "say \\"hi\\"" --lang zh-CN`);
  assert.deepEqual(r.argv.slice(1), [
    '--cli',
    'apply',
    '--profile',
    'C:\\My Profiles\\team profile.json',
    '--label',
    'say "hi"',
    '--lang',
    'zh-CN',
  ]);
});

test('an empty quoted argument is kept', () => {
  const r = shim('set --value ""');
  assert.deepEqual(r.argv.slice(1), ['--cli', 'set', '--value', '']);
});

test('the exit code of MirrorKit.exe is the exit code of the shim', () => {
  for (const code of ['0', '1', '3', '5', '6', '255']) {
    const r = shim('apply --preset aliyun', code);
    assert.equal(r.code, Number(code), `exit ${code} comes back through cmd /c`);
  }
});
