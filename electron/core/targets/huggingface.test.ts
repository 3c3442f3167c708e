import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';

import { memoryEnvStore } from '../platform/env-store';
import { readShellEnv, SOURCE_MARK, withSourceLine } from '../platform/shell-env';

import { huggingface } from './huggingface';
import { applyFiles, sandboxCtx, written } from './test-context';

const HF = 'https://hf-mirror.com';

describe('huggingface target', () => {
  it('Linux: env.sh and env.fish under the config folder, one marked line in each profile; every other byte kept', async () => {
    const bashrc = '# ~/.bashrc\nalias ll="ls -l"'; // no final newline
    const { ctx, root, cleanup } = await sandboxCtx({
      files: { 'home/.bashrc': bashrc, 'home/.config/fish/config.fish': '' },
    });
    try {
      const tp = await huggingface.plan(ctx, { target: 'huggingface', provider: 'hf-mirror', urls: [HF] }, {});
      const byPath = Object.fromEntries(written(tp.changes).map((c) => [path.relative(root, c.path), c]));
      assert.deepEqual(Object.keys(byPath).sort(), [
        'home/.bashrc',
        'home/.config/fish/conf.d/mirrorkit.fish',
        'home/.config/mirrorkit/env.fish',
        'home/.config/mirrorkit/env.sh',
        'home/.profile',
      ]);
      assert.deepEqual(readShellEnv(byPath['home/.config/mirrorkit/env.sh']!.after), { HF_ENDPOINT: HF });
      assert.match(
        byPath['home/.config/mirrorkit/env.fish']!.after,
        /^set -gx HF_ENDPOINT 'https:\/\/hf-mirror\.com'$/m,
      );
      const rc = byPath['home/.bashrc']!.after;
      assert.ok(rc.startsWith(`${bashrc}\n`) && rc.endsWith(SOURCE_MARK), rc);
      assert.equal(byPath['home/.profile']!.before, null);
      await applyFiles(tp.changes);
      const r = await huggingface.read(ctx);
      assert.equal(r.value, HF);
      assert.equal(r.match?.provider, 'hf-mirror');
      // Applying again changes nothing; the line is never added twice.
      assert.equal((await huggingface.plan(ctx, { target: 'huggingface', urls: [HF] }, {})).status, 'unchanged');
      // Official: the variable goes from the env files.
      const back = await huggingface.plan(
        ctx,
        { target: 'huggingface', provider: 'official', urls: ['https://huggingface.co'] },
        {},
      );
      const sh = written(back.changes).find((c) => c.path.endsWith('env.sh'))!;
      assert.deepEqual(readShellEnv(sh.after), {});
    } finally {
      await cleanup();
    }
  });

  it('the source line: added once, removable to the original bytes, paths quoted for sh', () => {
    const env = "/home/o'brien/.config/mirrorkit/env.sh";
    for (const text of [null, '', 'a\n', 'a', 'a\r\nb\r\n']) {
      const after = withSourceLine(text, env);
      assert.equal(withSourceLine(after, env), after);
      assert.ok(after.includes(`'/home/o'\\''brien/.config/mirrorkit/env.sh'`));
      const line = after.split(/\r?\n/).find((l) => l.endsWith(SOURCE_MARK))!;
      const removed = after.endsWith('\n') ? after.slice(0, -(line.length + 1)) : after.slice(0, -(line.length + 1));
      assert.equal(removed, text ?? '');
    }
  });

  it('Windows: a user variable (machine with --env-scope machine)', async () => {
    const store = memoryEnvStore({ user: { HF_ENDPOINT: 'https://huggingface.co' } });
    const { ctx, cleanup } = await sandboxCtx({
      platform: 'win32',
      envStore: store,
      env: { USERPROFILE: 'C:\\Users\\li' },
    });
    try {
      const tp = await huggingface.plan(ctx, { target: 'huggingface', urls: [HF] }, {});
      assert.deepEqual(tp.changes, [
        {
          kind: 'setEnv',
          target: 'huggingface',
          name: 'HF_ENDPOINT',
          value: HF,
          scope: 'user',
          before: 'https://huggingface.co',
          admin: false,
        },
      ]);
      const m = await huggingface.plan(ctx, { target: 'huggingface', urls: [HF] }, { envScope: 'machine' });
      assert.deepEqual(
        m.changes.map((c) => c.kind === 'setEnv' && [c.scope, c.value]),
        [
          ['machine', HF],
          ['user', null],
        ],
      );
    } finally {
      await cleanup();
    }
  });
});
