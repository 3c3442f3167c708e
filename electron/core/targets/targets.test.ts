import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import type { Change } from '../../../shared/types/core';
import { memoryEnvStore } from '../platform/env-store';

import { TARGETS } from './index';
import { sandboxCtx } from './test-context';

const files = (changes: Change[]) => changes.filter((c) => c.kind === 'writeFile');
const envs = (changes: Change[]) => changes.filter((c) => c.kind === 'setEnv');

test('pip on Windows writes %APPDATA%\\pip\\pip.ini with CRLF, and fixes a user PIP_INDEX_URL that would win', async () => {
  const store = memoryEnvStore({ user: { PIP_INDEX_URL: 'https://pypi.douban.com/simple' } });
  const { ctx, cleanup } = await sandboxCtx({
    platform: 'win32',
    env: { USERPROFILE: 'C:\\Users\\li', APPDATA: 'C:\\Users\\li\\AppData\\Roaming' },
    envStore: store,
  });
  try {
    const r = await TARGETS.pip.read(ctx);
    assert.equal(r.value, 'https://pypi.douban.com/simple');
    assert.deepEqual(r.origin, { kind: 'env', name: 'PIP_INDEX_URL', scope: 'user' });
    const tp = await TARGETS.pip.plan(ctx, { target: 'pip', urls: ['https://mirrors.aliyun.com/pypi/simple/'] }, {});
    const [w] = files(tp.changes);
    assert.equal(w?.kind === 'writeFile' && w.path, 'C:\\Users\\li\\AppData\\Roaming\\pip\\pip.ini');
    assert.equal(
      w?.kind === 'writeFile' && w.after,
      '[global]\r\nindex-url = https://mirrors.aliyun.com/pypi/simple/\r\n',
    );
    assert.deepEqual(
      envs(tp.changes).map((c) => c.kind === 'setEnv' && [c.name, c.scope, c.value]),
      [['PIP_INDEX_URL', 'user', 'https://mirrors.aliyun.com/pypi/simple/']],
    );
  } finally {
    await cleanup();
  }
});

test('pip: PIP_INDEX_URL in the process shadows the file and is reported; plain http gets trusted-host', async () => {
  const { ctx, cleanup } = await sandboxCtx({
    env: { PIP_INDEX_URL: 'https://example.org/simple' },
    files: { 'home/.config/pip/pip.conf': '# mine\n[global]\nindex-url = https://pypi.org/simple\ntimeout = 30\n' },
  });
  try {
    const r = await TARGETS.pip.read(ctx);
    assert.equal(r.value, 'https://example.org/simple');
    assert.equal(r.layers.length, 2);
    assert.ok(r.warnings.some((w) => w.code === 'warn.shadowed-by-env'));
    const tp = await TARGETS.pip.plan(ctx, { target: 'pip', urls: ['http://10.0.0.5:8080/simple'] }, {});
    const [w] = files(tp.changes);
    assert.equal(
      w?.kind === 'writeFile' && w.after,
      '# mine\n[global]\nindex-url = http://10.0.0.5:8080/simple\ntimeout = 30\ntrusted-host = 10.0.0.5\n',
    );
    const shadow = tp.warnings.find((x) => x.code === 'warn.env-wins-posix');
    assert.equal(
      shadow?.params?.value,
      'https://example.org/simple',
      'the warning names the variable that still wins in this shell',
    );
    assert.equal(
      tp.after,
      'http://10.0.0.5:8080/simple',
      'the plan aims at the new mirror; verification tells whether it took effect',
    );
  } finally {
    await cleanup();
  }
});

test('npm keeps auth tokens and scoped registries; honours NPM_CONFIG_USERCONFIG', async () => {
  const { ctx, root, cleanup } = await sandboxCtx({
    files: {
      'alt/npmrc':
        '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n@corp:registry=https://npm.corp.example/\nregistry=https://registry.npmjs.org/\n',
    },
  });
  try {
    const c = { ...ctx, env: { ...ctx.env, NPM_CONFIG_USERCONFIG: path.join(root, 'alt', 'npmrc') } };
    const tp = await TARGETS.npm.plan(c, { target: 'npm', urls: ['https://registry.npmmirror.com'] }, {});
    const [w] = files(tp.changes);
    assert.equal(w?.kind === 'writeFile' && w.path, path.join(root, 'alt', 'npmrc'));
    assert.equal(
      w?.kind === 'writeFile' && w.after,
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n@corp:registry=https://npm.corp.example/\nregistry=https://registry.npmmirror.com/\n',
    );
  } finally {
    await cleanup();
  }
});

test('go on Windows: the GOENV file under %APPDATA%, a user GOPROXY variable is fixed too, --env-scope machine needs admin', async () => {
  const store = memoryEnvStore({ user: { GOPROXY: 'https://goproxy.io,direct' } });
  const { ctx, cleanup } = await sandboxCtx({
    platform: 'win32',
    env: { USERPROFILE: 'C:\\Users\\li', APPDATA: 'C:\\Users\\li\\AppData\\Roaming' },
    envStore: store,
  });
  try {
    const tp = await TARGETS.go.plan(ctx, { target: 'go', urls: ['https://goproxy.cn'] }, {});
    const [w] = files(tp.changes);
    assert.equal(w?.kind === 'writeFile' && w.path, 'C:\\Users\\li\\AppData\\Roaming\\go\\env');
    assert.match(w?.kind === 'writeFile' ? w.after : '', /^GOPROXY=https:\/\/goproxy\.cn,direct\n$/);
    assert.ok(
      envs(tp.changes).some(
        (c) =>
          c.kind === 'setEnv' && c.name === 'GOPROXY' && c.scope === 'user' && c.value === 'https://goproxy.cn,direct',
      ),
    );
    const m = await TARGETS.go.plan(ctx, { target: 'go', urls: ['https://goproxy.cn'] }, { envScope: 'machine' });
    assert.equal(files(m.changes).length, 0);
    const gp = m.changes.find((c) => c.kind === 'setEnv' && c.name === 'GOPROXY' && c.scope === 'machine');
    assert.ok(gp && gp.admin, 'machine scope is an admin change');
  } finally {
    await cleanup();
  }
});

test('cargo writes the legacy extensionless config when cargo would read it', async () => {
  const { ctx, root, cleanup } = await sandboxCtx({
    files: { 'home/.cargo/config': '[net]\ngit-fetch-with-cli = true\n' },
  });
  try {
    const tp = await TARGETS.cargo.plan(ctx, { target: 'cargo', urls: ['https://rsproxy.cn/index/'] }, {});
    const [w] = files(tp.changes);
    assert.equal(w?.kind === 'writeFile' && w.path, path.join(root, 'home', '.cargo', 'config'));
    assert.match(w?.kind === 'writeFile' ? w.after : '', /replace-with = "mirrorkit"/);
    assert.match(w?.kind === 'writeFile' ? w.after : '', /registry = "sparse\+https:\/\/rsproxy\.cn\/index\/"/);
    assert.equal(tp.after, 'sparse+https://rsproxy.cn/index/');
  } finally {
    await cleanup();
  }
});

test('docker: Docker Desktop path on Windows; system path under the sysroot on Linux, admin; a malformed file is an error with its path', async () => {
  const win = await sandboxCtx({ platform: 'win32', env: { USERPROFILE: 'C:\\Users\\li' } });
  try {
    const tp = await TARGETS.docker.plan(win.ctx, { target: 'docker', urls: ['https://docker.m.daocloud.io'] }, {});
    const [w] = files(tp.changes);
    assert.equal(w?.kind === 'writeFile' && w.path, 'C:\\Users\\li\\.docker\\daemon.json');
    assert.equal(w?.admin, false);
  } finally {
    await win.cleanup();
  }
  const lin = await sandboxCtx({ files: { 'sysroot/etc/docker/daemon.json': '{ "log-driver": "json-file", }' } });
  try {
    await assert.rejects(
      TARGETS.docker.plan(lin.ctx, { target: 'docker', urls: ['https://docker.m.daocloud.io'] }, {}),
      (e: Error & { params?: Record<string, string> }) => {
        assert.equal(e.params?.path, path.join(lin.root, 'sysroot', 'etc', 'docker', 'daemon.json'));
        return true;
      },
    );
  } finally {
    await lin.cleanup();
  }
});

test('apt rewrites the archive, keeps -security on the official host, and needs root', async () => {
  const sources =
    'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n' +
    'Types: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n';
  const { ctx, cleanup } = await sandboxCtx({ files: { 'sysroot/etc/apt/sources.list.d/debian.sources': sources } });
  try {
    const tp = await TARGETS.apt.plan(
      ctx,
      { target: 'apt', provider: 'aliyun', urls: ['https://mirrors.aliyun.com/'] },
      {},
    );
    const [w] = files(tp.changes);
    assert.ok(w && w.kind === 'writeFile' && w.admin);
    assert.equal(
      w?.kind === 'writeFile' && w.after,
      sources.replace('URIs: http://deb.debian.org/debian\n', 'URIs: https://mirrors.aliyun.com/debian/\n'),
    );
    assert.equal(tp.before, 'http://deb.debian.org/debian');
    assert.equal(tp.after, 'https://mirrors.aliyun.com/debian/');
  } finally {
    await cleanup();
  }
});

test('Windows precedence: a user GOPROXY hides the machine one and is reported; writing machine scope under it is warned', async () => {
  const store = memoryEnvStore({
    user: { GOPROXY: 'https://goproxy.io,direct' },
    machine: { GOPROXY: 'https://goproxy.cn,direct' },
  });
  const { ctx, cleanup } = await sandboxCtx({
    platform: 'win32',
    env: { USERPROFILE: 'C:\\Users\\li', APPDATA: 'C:\\Users\\li\\AppData\\Roaming' },
    envStore: store,
  });
  try {
    const r = await TARGETS.go.read(ctx);
    assert.equal(r.value, 'https://goproxy.io,direct');
    assert.deepEqual(
      r.layers.map((l) => [l.origin.kind === 'env' ? l.origin.scope : l.origin.kind, l.effective]),
      [
        ['user', true],
        ['machine', false],
      ],
    );
    assert.ok(r.warnings.some((w) => w.code === 'windows.env-user-shadows-machine'));
    const tp = await TARGETS.go.plan(
      ctx,
      { target: 'go', urls: ['https://mirrors.aliyun.com/goproxy/'] },
      { envScope: 'machine' },
    );
    assert.ok(tp.warnings.some((w) => w.code === 'windows.env-machine-shadowed'));
  } finally {
    await cleanup();
  }
});
