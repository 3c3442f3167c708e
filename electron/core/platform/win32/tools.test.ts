import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  dockerDesktopPaths,
  dockerDesktopRestartArgv,
  dockerDesktopStatus,
  parseAdminSettingsLocks,
  parseTasklistCsv,
  restartDockerDesktop,
  tasklistArgv,
} from './docker-desktop';
import { resolveNpmInvocation } from './npm';
import { pickPipRunner, pythonCandidates } from './python';
import { fakeWindows } from './testkit';

const ENV = {
  SystemRoot: 'C:\\Windows',
  USERPROFILE: 'C:\\Users\\li',
  LOCALAPPDATA: 'C:\\Users\\li\\AppData\\Local',
  ProgramFiles: 'C:\\Program Files',
  ProgramData: 'C:\\ProgramData',
  Path: 'C:\\Users\\li\\AppData\\Local\\Microsoft\\WindowsApps;C:\\Python312;"C:\\Program Files\\nodejs";C:\\Tools',
};
const ctx = { platform: 'win32' as const, env: ENV, sysroot: '' };
const files = (...paths: string[]) => {
  const set = new Set(paths.map((p) => p.toLowerCase()));
  return (p: string) => set.has(p.toLowerCase());
};

test('python: the py launcher first, the Store alias never', () => {
  const exists = files(
    'C:\\Users\\li\\AppData\\Local\\Microsoft\\WindowsApps\\python.exe',
    'C:\\Python312\\python.exe',
    'C:\\Windows\\py.exe',
  );
  assert.deepEqual(pythonCandidates(ctx, exists), [
    { command: 'C:\\Windows\\py.exe', args: ['-3'], source: 'py-launcher' },
    { command: 'C:\\Python312\\python.exe', args: [], source: 'path' },
  ]);
  // Only the Store alias: nothing to run.
  assert.deepEqual(
    pythonCandidates(ctx, files('C:\\Users\\li\\AppData\\Local\\Microsoft\\WindowsApps\\python.exe')),
    [],
  );
});

test('python: probing skips a candidate without pip, and a 9009 stub', async () => {
  const w = fakeWindows();
  w.answer.set('py.exe', () => ({ code: 1, stdout: '', stderr: 'No module named pip' }));
  w.answer.set('python.exe', (args) => ({
    code: 0,
    stdout: args.includes('pip') ? 'pip 24.0 from C:\\Python312\\Lib\\site-packages\\pip (python 3.12)\r\n' : '',
    stderr: '',
  }));
  const runner = await pickPipRunner(
    [
      { command: 'C:\\Windows\\py.exe', args: ['-3'], source: 'py-launcher' },
      { command: 'C:\\Python312\\python.exe', args: [], source: 'path' },
    ],
    w.exec,
  );
  assert.deepEqual(runner, { command: 'C:\\Python312\\python.exe', args: ['-m', 'pip'] });
  assert.deepEqual(w.calls[0]?.args, ['-3', '-m', 'pip', '--version']);
  const stub = fakeWindows();
  stub.answer.set('python.exe', () => ({ code: 9009, stdout: '', stderr: '' }));
  assert.equal(await pickPipRunner([{ command: 'C:\\X\\python.exe', args: [], source: 'path' }], stub.exec), null);
});

test('npm: node.exe plus the npm-cli.js next to it, never npm.cmd', () => {
  const exists = files(
    'C:\\Program Files\\nodejs\\node.exe',
    'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js',
    'C:\\Tools\\node.exe',
  );
  assert.deepEqual(resolveNpmInvocation(ctx, exists), {
    command: 'C:\\Program Files\\nodejs\\node.exe',
    args: ['C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js'],
  });
  assert.equal(resolveNpmInvocation(ctx, files('C:\\Tools\\node.exe')), null);
});

test('docker desktop: tasklist argv and CSV parser', () => {
  assert.deepEqual(tasklistArgv(), ['/FI', 'IMAGENAME eq Docker Desktop.exe', '/FO', 'CSV', '/NH']);
  assert.deepEqual(
    parseTasklistCsv(
      '"Docker Desktop.exe","11236","Console","1","152,340 K"\r\n"Docker Desktop.exe","9020","Console","1","60,112 K"\r\n',
    ),
    [11236, 9020],
  );
  assert.deepEqual(parseTasklistCsv('INFO: No tasks are running which match the specified criteria.\r\n'), []);
  assert.deepEqual(parseTasklistCsv('信息: 没有运行的任务匹配指定标准。\r\n'), []);
});

test('docker desktop: admin-settings locks', () => {
  const locked = JSON.stringify({
    configurationFileVersion: 2,
    linuxVM: { dockerDaemonOptions: { locked: true, value: '{"registry-mirrors":[]}' } },
    windowsContainers: { dockerDaemonOptions: { locked: false, value: '{}' } },
  });
  assert.deepEqual(parseAdminSettingsLocks(locked), { locked: ['linuxVM'] });
  assert.deepEqual(parseAdminSettingsLocks('{"configurationFileVersion":2}'), { locked: [] });
  assert.ok('error' in parseAdminSettingsLocks('{oops'));
});

test('docker desktop: status says not installed, locked, and restart needed', async () => {
  const p = dockerDesktopPaths(ctx);
  assert.equal(p.daemonJson, 'C:\\Users\\li\\.docker\\daemon.json');
  assert.equal(p.adminSettings, 'C:\\ProgramData\\DockerDesktop\\admin-settings.json');
  const w = fakeWindows();
  w.answer.set('tasklist.exe', () => ({
    code: 0,
    stdout: '"Docker Desktop.exe","11236","Console","1","152,340 K"\r\n',
    stderr: '',
  }));
  const running = await dockerDesktopStatus(
    { ...ctx, exec: w.exec },
    {
      exists: files(p.exe, p.adminSettings),
      readText: () => JSON.stringify({ windowsContainers: { dockerDaemonOptions: { locked: true } } }),
    },
  );
  assert.deepEqual(running, {
    installed: true,
    running: true,
    warnings: [
      { code: 'windows.docker-admin-locked', params: { path: p.adminSettings, sections: 'windowsContainers' } },
      { code: 'warn.docker-desktop-restart' },
    ],
  });
  const absent = fakeWindows();
  absent.answer.set('tasklist.exe', () => ({
    code: 0,
    stdout: 'INFO: No tasks are running which match the specified criteria.\r\n',
    stderr: '',
  }));
  const none = await dockerDesktopStatus({ ...ctx, exec: absent.exec }, { exists: () => false });
  assert.deepEqual(none, {
    installed: false,
    running: false,
    warnings: [{ code: 'windows.docker-desktop-not-installed', params: { path: p.exe } }],
  });
});

test('docker desktop: restart through its own CLI, else a manual instruction', async () => {
  assert.deepEqual(dockerDesktopRestartArgv(ctx), {
    command: 'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.exe',
    args: ['desktop', 'restart'],
  });
  const old = fakeWindows();
  old.answer.set('docker.exe', () => ({
    code: 1,
    stdout: '',
    stderr: "docker: 'desktop' is not a docker command.\r\n",
  }));
  assert.deepEqual(await restartDockerDesktop({ ...ctx, exec: old.exec }), {
    restarted: false,
    message: {
      code: 'windows.docker-desktop-restart-manual',
      params: { reason: "docker: 'desktop' is not a docker command." },
    },
  });
  const ok = fakeWindows();
  ok.answer.set('docker.exe', () => ({ code: 0, stdout: '', stderr: '' }));
  assert.deepEqual(await restartDockerDesktop({ ...ctx, exec: ok.exec }), { restarted: true });
});
