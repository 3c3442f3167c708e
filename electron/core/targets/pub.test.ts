// Flutter and Dart cannot run here: these tests read back what the plan writes, and feed `flutter doctor -v`
// output taken from the documentation (flutter_tools' FlutterValidator test, cfug/flutter.cn#1623) to verify.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { makePlan } from '../plan/plan';
import { memoryEnvStore } from '../platform/env-store';
import { nodeExec, type Exec } from '../platform/exec';
import { readShellEnv } from '../platform/shell-env';

import { pub } from './pub';
import { applyFiles, envSh, sandboxCtx, written } from './test-context';

const CFUG = 'https://pub.flutter-io.cn';
const TUNA = 'https://mirrors.tuna.tsinghua.edu.cn/dart-pub';

/** `flutter doctor -v`'s Flutter section as Flutter 3.35.1 printed it with the CFUG mirror (cfug/flutter.cn#1623). */
const DOCTOR_CFUG = `[✓] Flutter (Channel stable, 3.35.1, on Microsoft Windows, locale zh-CN)
    • Flutter version 3.35.1 on channel stable at D:\\flutter
    • Dart version 3.9.0
    • Pub download mirror https://pub.flutter-io.cn
    • Flutter download mirror https://storage.flutter-io.cn
`;
/** Without PUB_HOSTED_URL, FlutterValidator prints no mirror line. */
const DOCTOR_DEFAULT = `[✓] Flutter (Channel stable, 3.35.1, on Debian GNU/Linux 12, locale en_US.UTF-8)
    • Flutter version 3.35.1 on channel stable at /opt/flutter
    • Dart version 3.9.0
`;

describe('pub target (Flutter/Dart do not run here: read-back and documented output)', () => {
  it('Linux: env.sh gets PUB_HOSTED_URL and the provider’s FLUTTER_STORAGE_BASE_URL (CFUG: pub. / storage.flutter-io.cn); official removes both', async () => {
    const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.bashrc': '# mine\n' } });
    try {
      const tp = await pub.plan(ctx, { target: 'pub', provider: 'cfug', urls: [CFUG] }, {});
      assert.deepEqual(readShellEnv(envSh(tp.changes)!.after), {
        PUB_HOSTED_URL: CFUG,
        FLUTTER_STORAGE_BASE_URL: 'https://storage.flutter-io.cn',
      });
      assert.deepEqual(
        tp.warnings.map((w) => w.code),
        ['pub.new-shells'],
      );
      await applyFiles(tp.changes);
      const r = await pub.read(ctx);
      assert.equal(r.value, CFUG);
      assert.equal(r.match?.provider, 'cfug');
      const back = await pub.plan(ctx, { target: 'pub', provider: 'official', urls: ['https://pub.dev'] }, {});
      assert.equal(back.after, null);
      assert.deepEqual(readShellEnv(envSh(back.changes)!.after), {});
    } finally {
      await cleanup();
    }
  });

  it('the documented paths: SJTUG storage is its site root, NJU’s is /flutter; pub is /dart-pub on both', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      for (const [provider, hosted, storage] of [
        ['sjtu', 'https://mirror.sjtu.edu.cn/dart-pub', 'https://mirror.sjtu.edu.cn'],
        ['nju', 'https://mirror.nju.edu.cn/dart-pub', 'https://mirror.nju.edu.cn/flutter'],
      ] as const) {
        const tp = await pub.plan(ctx, { target: 'pub', provider, urls: [hosted] }, {});
        assert.deepEqual(readShellEnv(envSh(tp.changes)!.after), {
          PUB_HOSTED_URL: hosted,
          FLUTTER_STORAGE_BASE_URL: storage,
        });
      }
    } finally {
      await cleanup();
    }
  });

  it('TUNA serves pub only (its Flutter storage closed 2026-08-09): PUB_HOSTED_URL alone, a stale storage value removed, and the plan says so', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const cfug = await pub.plan(ctx, { target: 'pub', provider: 'cfug', urls: [CFUG] }, {});
      await applyFiles(cfug.changes);
      const tp = await pub.plan(ctx, { target: 'pub', provider: 'tuna', urls: [TUNA] }, {});
      assert.deepEqual(readShellEnv(envSh(tp.changes)!.after), { PUB_HOSTED_URL: TUNA });
      assert.ok(tp.warnings.some((w) => w.code === 'pub.storage-not-served'));
      // A mirror the catalog does not know: the storage variable is left as it is.
      const own = await pub.plan(ctx, { target: 'pub', urls: ['https://pub.corp.example/'] }, {});
      assert.deepEqual(readShellEnv(envSh(own.changes)!.after), {
        PUB_HOSTED_URL: 'https://pub.corp.example',
        FLUTTER_STORAGE_BASE_URL: 'https://storage.flutter-io.cn',
      });
      assert.ok(own.warnings.some((w) => w.code === 'pub.storage-untouched'));
    } finally {
      await cleanup();
    }
  });

  it('Windows: user variables, machine with --env-scope machine; a quoted value (flutter/flutter#114764) is named', async () => {
    const store = memoryEnvStore({ user: { PUB_HOSTED_URL: '"https://pub.flutter-io.cn"' } });
    const { ctx, cleanup } = await sandboxCtx({
      platform: 'win32',
      envStore: store,
      env: { USERPROFILE: 'C:\\Users\\li' },
    });
    try {
      const r = await pub.read(ctx);
      assert.deepEqual(
        r.warnings.filter((w) => w.code === 'pub.quoted'),
        [{ code: 'pub.quoted', params: { name: 'PUB_HOSTED_URL', value: '"https://pub.flutter-io.cn"' } }],
      );
      const tp = await pub.plan(ctx, { target: 'pub', provider: 'cfug', urls: [CFUG] }, {});
      assert.deepEqual(
        tp.changes.map((c) => c.kind === 'setEnv' && [c.name, c.scope, c.value]),
        [
          ['PUB_HOSTED_URL', 'user', CFUG],
          ['FLUTTER_STORAGE_BASE_URL', 'user', 'https://storage.flutter-io.cn'],
        ],
      );
      const m = await pub.plan(ctx, { target: 'pub', provider: 'cfug', urls: [CFUG] }, { envScope: 'machine' });
      assert.deepEqual(
        m.changes.map((c) => c.kind === 'setEnv' && [c.name, c.scope, c.value]),
        [
          ['PUB_HOSTED_URL', 'machine', CFUG],
          ['PUB_HOSTED_URL', 'user', null],
          ['FLUTTER_STORAGE_BASE_URL', 'machine', 'https://storage.flutter-io.cn'],
        ],
      );
      // Read back after the apply: the persisted user value.
      await store.set('PUB_HOSTED_URL', CFUG, 'user');
      const v = await pub.verify(ctx, CFUG);
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.equal((await pub.verify(ctx, TUNA)).ok, false);
    } finally {
      await cleanup();
    }
  });

  it('verify: `flutter doctor -v` output from the documentation; without Flutter, a new shell reads the variable back', async () => {
    let doctor = DOCTOR_CFUG;
    const exec: Exec = (cmd, args) => {
      if (cmd === '/bin/sh' && args.includes('doctor')) return Promise.resolve({ code: 0, stdout: doctor, stderr: '' });
      return Promise.resolve({ code: null, stdout: '', stderr: '', failure: 'not-found' });
    };
    const { ctx: base, root, cleanup } = await sandboxCtx({ exec, files: { 'flutter/bin/flutter': '' } });
    try {
      await fs.chmod(path.join(root, 'flutter/bin/flutter'), 0o755);
      const ctx = { ...base, env: { ...base.env, PATH: path.join(root, 'flutter/bin') } };
      const ok = await pub.verify(ctx, `${CFUG}/`);
      assert.equal(ok.ok, true, JSON.stringify(ok));
      assert.equal(ok.observed, CFUG);
      assert.deepEqual(ok.command.slice(-2), ['doctor', '-v']);
      assert.equal((await pub.verify(ctx, null)).ok, false);
      doctor = DOCTOR_DEFAULT;
      assert.equal((await pub.verify(ctx, null)).ok, true);
    } finally {
      await cleanup();
    }
    // No Flutter: a real /bin/sh sources the env.sh the plan wrote and prints the variable.
    const { ctx: real, cleanup: done } = await sandboxCtx({ exec: nodeExec });
    try {
      const ctx = { ...real, env: { ...real.env, PATH: '/usr/bin:/bin' } };
      await applyFiles((await pub.plan(ctx, { target: 'pub', provider: 'tuna', urls: [TUNA] }, {})).changes);
      const v = await pub.verify(ctx, TUNA);
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.equal(v.observed, TUNA);
      assert.equal((await pub.verify(ctx, CFUG)).ok, false);
    } finally {
      await done();
    }
  });

  it('rustup, pub and huggingface planned together through makePlan: one env.sh holds all their variables', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const plan = await makePlan(ctx, {
        selection: {
          kind: 'choices',
          label: 'env tools',
          choices: [
            { target: 'rustup', provider: 'tuna', urls: ['https://mirrors.tuna.tsinghua.edu.cn/rustup'] },
            { target: 'pub', provider: 'cfug', urls: [CFUG] },
            { target: 'huggingface', provider: 'hf-mirror', urls: ['https://hf-mirror.com'] },
          ],
        },
        only: ['rustup', 'pub', 'huggingface'],
      });
      assert.deepEqual(
        plan.targets.map((t) => [t.target, t.status]),
        [
          ['huggingface', 'change'],
          ['rustup', 'change'],
          ['pub', 'change'],
        ],
      );
      const files = written(plan.targets.flatMap((t) => t.changes)).filter((c) => c.path.endsWith('env.sh'));
      assert.equal(files.length, 1);
      assert.deepEqual(readShellEnv(files[0]!.after), {
        HF_ENDPOINT: 'https://hf-mirror.com',
        RUSTUP_DIST_SERVER: 'https://mirrors.tuna.tsinghua.edu.cn/rustup',
        RUSTUP_UPDATE_ROOT: 'https://mirrors.tuna.tsinghua.edu.cn/rustup/rustup',
        PUB_HOSTED_URL: CFUG,
        FLUTTER_STORAGE_BASE_URL: 'https://storage.flutter-io.cn',
      });
    } finally {
      await cleanup();
    }
  });
});
