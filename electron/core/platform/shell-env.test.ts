import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import type { TargetPlan } from '../../../shared/types/core';
import { shareWrites } from '../plan/shared-writes';
import { exists, readText } from '../targets/common';
import { targetPlan } from '../targets/plan-helpers';
import { applyFiles, sandboxCtx } from '../targets/test-context';

import { composeEnvFiles, readShellEnv, renderEnvFile, shellEnvChanges, SOURCE_MARK } from './shell-env';

const io = { read: readText, exists };
const files = (tp: TargetPlan) => tp.changes.flatMap((c) => (c.kind === 'writeFile' ? [c] : []));

describe('shell env files', () => {
  it('two environment-variable tools in one apply: one env.sh holding both, every file written once', async () => {
    const { ctx, root, cleanup } = await sandboxCtx({
      files: { 'home/.bashrc': '# mine\n', 'home/.config/mirrorkit/env.sh': "export KEEP='1'\n" },
    });
    try {
      const hf = await shellEnvChanges(ctx, 'huggingface', { HF_ENDPOINT: 'https://hf-mirror.com' }, io);
      const other = await shellEnvChanges(ctx, 'pip', { OTHER_MIRROR: 'https://o.example/', KEEP: null }, io);
      const plans = shareWrites(
        composeEnvFiles([targetPlan('huggingface', null, 'a', hf, []), targetPlan('pip', null, 'b', other, [])]),
      );
      assert.deepEqual(
        plans.map((p) => p.status),
        ['change', 'change'],
      );
      // The second tool shares every file with the first: nothing of its own is left to write.
      assert.equal(plans[1]!.changes.length, 0);
      assert.ok(plans[1]!.warnings.every((w) => w.code === 'warn.shared-change'));
      await applyFiles(plans[0]!.changes);
      const sh = await fs.readFile(path.join(root, 'home/.config/mirrorkit/env.sh'), 'utf8');
      assert.deepEqual(readShellEnv(sh), { HF_ENDPOINT: 'https://hf-mirror.com', OTHER_MIRROR: 'https://o.example/' });
      const fish = await fs.readFile(path.join(root, 'home/.config/mirrorkit/env.fish'), 'utf8');
      assert.match(fish, /^set -gx OTHER_MIRROR 'https:\/\/o\.example\/'$/m);
      assert.match(fish, /^set -gx HF_ENDPOINT /m);
      const rc = await fs.readFile(path.join(root, 'home/.bashrc'), 'utf8');
      assert.equal(rc.split('\n').filter((l) => l.endsWith(SOURCE_MARK)).length, 1);
    } finally {
      await cleanup();
    }
  });

  it('PowerShell 7: env.ps1 and one line in its profile, only when PowerShell is set up', async () => {
    const { ctx, root, cleanup } = await sandboxCtx({
      files: { 'home/.config/powershell/profile.ps1': '# my profile\r\nSet-Alias ll Get-ChildItem\r\n' },
    });
    try {
      const changes = await shellEnvChanges(ctx, 'huggingface', { HF_ENDPOINT: "https://h/it's" }, io);
      const byName = Object.fromEntries(
        files(targetPlan('huggingface', null, 'x', changes, [])).map((c) => [path.relative(root, c.path), c]),
      );
      assert.equal(
        byName['home/.config/mirrorkit/env.ps1']!.after.split('\n')[1],
        "$env:HF_ENDPOINT = 'https://h/it''s'",
      );
      const profile = byName['home/.config/powershell/profile.ps1']!;
      assert.ok(profile.after.startsWith(profile.before!));
      assert.match(
        profile.after.slice(profile.before!.length),
        /^if \(Test-Path -LiteralPath '.*env\.ps1'\) \{ \. '.*env\.ps1' \} # added by MirrorKit/,
      );
    } finally {
      await cleanup();
    }
    const bare = await sandboxCtx();
    try {
      const changes = await shellEnvChanges(bare.ctx, 'huggingface', { HF_ENDPOINT: 'https://h/' }, io);
      assert.ok(changes.every((c) => c.kind !== 'writeFile' || !/powershell|env\.ps1/.test(c.path)));
    } finally {
      await bare.cleanup();
    }
  });

  it('sh and bash read back exactly the values written, quotes and shell syntax included', () => {
    const vars = { A: "https://m.example/it's/", B: 'https://m.example/$(id)`id`;$HOME\\n"', C: '' };
    const text = renderEnvFile('sh', vars);
    assert.deepEqual(readShellEnv(text), vars);
    for (const shell of ['/bin/sh', '/bin/bash']) {
      const out = execFileSync(shell, ['-c', 'eval "$1"; printf "%s\\0%s\\0%s" "$A" "$B" "$C"', 'sh', text], {
        encoding: 'utf8',
        env: {},
      });
      assert.deepEqual(out.split('\0'), [vars.A, vars.B, vars.C], shell);
    }
  });
});
