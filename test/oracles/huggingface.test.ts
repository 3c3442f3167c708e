// Oracle: huggingface_hub's own `hf env`, started by a new login shell (sh -l, which reads ~/.profile) and by
// bash -i (~/.bashrc), must report the HF_ENDPOINT MirrorKit wrote; restore must give every profile back byte
// for byte and remove the files it created.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import type { ApplyResult } from '../../shared/types/core';
import { ORACLE_BIN_DIRS, oracleBin, skipUnless } from '../helpers/oracles';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Env, type Sandbox } from '../helpers/sandbox';

const M = 'https://hf-mirror.com';
const endpoint = (out: string) => /^- ENDPOINT: (\S+)/m.exec(out)?.[1];

describe('huggingface oracle', { skip: skipUnless('hf') }, () => {
  const sandboxes: Sandbox[] = [];
  after(() => {
    for (const sb of sandboxes) sb.cleanup();
  });
  const sandbox = (): { sb: Sandbox; env: Env } => {
    const sb = createSandbox('mk-hf-');
    sandboxes.push(sb);
    // HF_HUB_OFFLINE: `hf env` must not reach the Hub from a test.
    return {
      sb,
      env: {
        PATH: [...ORACLE_BIN_DIRS, sb.env.PATH].join(path.delimiter),
        HF_HUB_OFFLINE: '1',
        HF_ENDPOINT: undefined,
      },
    };
  };
  /** A new shell of the user's, as a terminal would start it: its profile, then `hf env` (by path: /etc/profile resets PATH). */
  const newShell = (sb: Sandbox, env: Env, shell: string[]) =>
    run(shell[0]!, [...shell.slice(1), '-c', 'exec "$0" env', oracleBin('hf')!], {
      env: { ...sb.env, ...env },
      cwd: sb.home,
    });

  test('mirrorkit set huggingface: a new login shell and a new bash both see HF_ENDPOINT; restore is byte for byte', async () => {
    const { sb, env } = sandbox();
    const bashrc = seed(path.join(sb.home, '.bashrc'), '# my bashrc\nexport EDITOR=vi\n');
    const set = await runCli(sb, ['set', 'huggingface', 'hf-mirror', '--yes', '--json'], env);
    assert.equal(set.code, 0, describeRun(set));
    assert.equal(
      (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0]?.verification?.ok,
      true,
      set.stdout,
    );

    const login = await newShell(sb, env, ['sh', '-l']);
    assert.equal(endpoint(login.stdout), M, describeRun(login));
    const bash = await newShell(sb, env, ['bash', '-i']);
    assert.equal(endpoint(bash.stdout), M, describeRun(bash));

    const restore = await runCli(sb, ['restore', '--yes'], env);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(path.join(sb.home, '.bashrc')), bashrc);
    for (const f of [
      path.join(sb.home, '.profile'),
      path.join(sb.xdgConfig, 'mirrorkit', 'env.sh'),
      path.join(sb.xdgConfig, 'mirrorkit', 'env.fish'),
    ])
      assert.equal(snapshot(f), null, f);
    const after = await newShell(sb, env, ['sh', '-l']);
    assert.equal(endpoint(after.stdout), 'https://huggingface.co', describeRun(after));
  });
});
