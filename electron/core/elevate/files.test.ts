import assert from 'node:assert/strict';
import { test } from 'node:test';

import { adminFiles } from './allowlist';
import { resolveAdminFile } from './files';

const ctx = { platform: 'win32' as const, env: { ProgramData: 'C:\\ProgramData' }, sysroot: '' };
const files = adminFiles(ctx);
const pip = files.find((f) => f.id === 'pip-global')!;
const docker = files.find((f) => f.id === 'docker-engine')!;

test('only the two machine files, resolved from %ProgramData% of the helper', () => {
  assert.deepEqual(
    files.map((f) => f.path),
    ['C:\\ProgramData\\pip\\pip.ini', 'C:\\ProgramData\\docker\\config\\daemon.json'],
  );
  assert.equal(adminFiles({ ...ctx, platform: 'linux' }).length, 0);
});

test('paths are matched as Windows matches them, and nothing else is accepted', () => {
  assert.equal(resolveAdminFile(files, 'c:\\programdata\\PIP\\pip.ini'), pip);
  assert.equal(resolveAdminFile(files, 'C:/ProgramData/pip/pip.ini'), pip);
  assert.equal(resolveAdminFile(files, 'C:\\ProgramData\\pip\\..\\pip\\pip.ini'), pip);
  for (const bad of [
    'C:\\Windows\\System32\\drivers\\etc\\hosts',
    'C:\\ProgramData\\pip\\pip.ini.bak',
    'C:\\ProgramData\\pip\\pip.ini:stream',
    '\\\\?\\C:\\ProgramData\\pip\\pip.ini',
    '\\\\server\\share\\pip.ini',
    'C:\\ProgramData\\pip\\*.ini',
    'pip.ini',
  ]) {
    assert.equal(resolveAdminFile(files, bad), null, bad);
  }
});

test('pip.ini: mirror keys may change, nothing else', () => {
  const current = '# managed\r\n[global]\r\ntimeout = 60\r\nindex-url = https://pypi.org/simple\r\n';
  const ok =
    '# managed\r\n[global]\r\ntimeout = 60\r\nindex-url = https://mirrors.aliyun.com/pypi/simple/\r\ntrusted-host = mirrors.aliyun.com\r\n';
  assert.equal(pip.check(current, ok), null);
  assert.equal(pip.check(null, '[global]\nindex-url = https://mirrors.aliyun.com/pypi/simple/\n'), null);
  assert.equal(pip.check(ok, current), null, 'and back again (restore)');
  for (const bad of [
    current.replace('timeout = 60', 'timeout = 1'),
    `${ok}extra-index-url = https://evil.example/simple\r\n`,
    `${ok}cert = C:\\evil.pem\r\n`,
    '[global]\nindex-url = https://evil.example/$(calc)\n',
    '[global]\nindex-url = file:///C:/evil\n',
    '[global]\ntrusted-host = *\n',
    '[install]\nno-index = true\n',
    'not an ini file',
  ]) {
    assert.equal(pip.check(current, bad)?.code, 'windows.batch-file-content', bad);
  }
});

test('daemon.json: registry-mirrors and insecure-registries may change, nothing else', () => {
  const current = JSON.stringify({ 'data-root': 'D:\\docker', 'registry-mirrors': [] }, null, 2);
  const ok = JSON.stringify(
    {
      'data-root': 'D:\\docker',
      'registry-mirrors': ['https://docker.m.daocloud.io'],
      'insecure-registries': ['10.0.0.5:5000'],
    },
    null,
    2,
  );
  assert.equal(docker.check(current, ok), null);
  assert.equal(docker.check(null, '{"registry-mirrors":["https://docker.m.daocloud.io"]}'), null);
  for (const bad of [
    JSON.stringify({ 'data-root': 'C:\\evil', 'registry-mirrors': [] }),
    JSON.stringify({ 'data-root': 'D:\\docker', 'registry-mirrors': [], hosts: ['tcp://0.0.0.0:2375'] }),
    JSON.stringify({ 'data-root': 'D:\\docker', 'registry-mirrors': ['http://a.example/$(calc)'] }),
    JSON.stringify({ 'data-root': 'D:\\docker', 'registry-mirrors': 'https://a.example' }),
    JSON.stringify({ 'data-root': 'D:\\docker', 'insecure-registries': ['0.0.0.0/0'] }),
    '[]',
    '{"data-root": ',
  ]) {
    assert.equal(docker.check(current, bad)?.code, 'windows.batch-file-content', bad);
  }
  assert.equal(
    docker.check('{broken', ok)?.code,
    'windows.batch-file-content',
    'an unreadable current file is not overwritten',
  );
});
