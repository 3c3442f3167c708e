// Homebrew does not run here: these tests read back what the plan writes, and feed `brew config` output as brew
// prints it (a Homebrew 4.3.3 report with the TUNA mirror) to verify.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { makePlan } from '../plan/plan';
import { nodeExec, type Exec } from '../platform/exec';
import { readShellEnv } from '../platform/shell-env';

import { parseBrewEnv } from './brew-env';
import { homebrew } from './homebrew';
import { applyFiles, envSh, sandboxCtx } from './test-context';

const TUNA = 'https://mirrors.tuna.tsinghua.edu.cn';
const USTC = 'https://mirrors.ustc.edu.cn';

/** The mirror lines of `brew config` (Homebrew 4.3.3, TUNA mirror), as a user posted them. */
const CONFIG_TUNA = `HOMEBREW_VERSION: 4.3.3
ORIGIN: https://github.com/Homebrew/brew
HOMEBREW_PREFIX: /opt/homebrew
HOMEBREW_API_DOMAIN: https://mirrors.tuna.tsinghua.edu.cn/homebrew-bottles/api
HOMEBREW_BOTTLE_DOMAIN: https://mirrors.tuna.tsinghua.edu.cn/homebrew-bottles
HOMEBREW_BREW_GIT_REMOTE: https://mirrors.tuna.tsinghua.edu.cn/git/homebrew/brew.git
HOMEBREW_CASK_OPTS: []
HOMEBREW_CORE_GIT_REMOTE: https://mirrors.tuna.tsinghua.edu.cn/git/homebrew/homebrew-core.git
HOMEBREW_MAKE_JOBS: 10
`;

describe('homebrew target (brew does not run here: read-back and documented output)', () => {
  it('Linux: env.sh gets the five variables TUNA’s help page documents; official removes them all', async () => {
    const { ctx, cleanup } = await sandboxCtx({ files: { 'home/.bashrc': '# mine\n' } });
    try {
      const api = `${TUNA}/homebrew-bottles/api`;
      const tp = await homebrew.plan(ctx, { target: 'homebrew', provider: 'tuna', urls: [api] }, {});
      assert.deepEqual(readShellEnv(envSh(tp.changes)!.after), {
        HOMEBREW_API_DOMAIN: api,
        HOMEBREW_BOTTLE_DOMAIN: `${TUNA}/homebrew-bottles`,
        HOMEBREW_BREW_GIT_REMOTE: `${TUNA}/git/homebrew/brew.git`,
        HOMEBREW_CORE_GIT_REMOTE: `${TUNA}/git/homebrew/homebrew-core.git`,
        HOMEBREW_PIP_INDEX_URL: 'https://pypi.tuna.tsinghua.edu.cn/simple',
      });
      assert.deepEqual(
        tp.warnings.map((w) => w.code),
        ['homebrew.new-shells'],
      );
      await applyFiles(tp.changes);
      const r = await homebrew.read(ctx);
      assert.equal(r.value, api);
      assert.equal(r.match?.provider, 'tuna');
      const back = await homebrew.plan(
        ctx,
        { target: 'homebrew', provider: 'official', urls: ['https://formulae.brew.sh/api'] },
        {},
      );
      assert.deepEqual(readShellEnv(envSh(back.changes)!.after), {});
    } finally {
      await cleanup();
    }
  });

  it('USTC’s own paths (brew.git at the site root), and no pip index: its help page gives none, and the plan says so', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const api = `${USTC}/homebrew-bottles/api`;
      const tp = await homebrew.plan(ctx, { target: 'homebrew', provider: 'ustc', urls: [api] }, {});
      assert.deepEqual(readShellEnv(envSh(tp.changes)!.after), {
        HOMEBREW_API_DOMAIN: api,
        HOMEBREW_BOTTLE_DOMAIN: `${USTC}/homebrew-bottles`,
        HOMEBREW_BREW_GIT_REMOTE: `${USTC}/brew.git`,
        HOMEBREW_CORE_GIT_REMOTE: `${USTC}/homebrew-core.git`,
      });
      assert.deepEqual(
        tp.warnings.find((w) => w.code === 'homebrew.not-served'),
        { code: 'homebrew.not-served', params: { names: 'HOMEBREW_PIP_INDEX_URL' } },
      );
    } finally {
      await cleanup();
    }
  });

  it('the user’s brew.env ($XDG_CONFIG_HOME/homebrew when set, else ~/.homebrew) beats the shell: read reports it as the winning layer and the plan warns', async () => {
    const own = 'https://brew.corp.example/api';
    const { ctx, root, cleanup } = await sandboxCtx({
      files: { 'home/.config/homebrew/brew.env': `# mine\nHOMEBREW_API_DOMAIN=${own}\nHOMEBREW_NO_ANALYTICS=1\n` },
    });
    try {
      const r = await homebrew.read(ctx);
      assert.equal(r.value, own);
      assert.deepEqual(r.origin, {
        kind: 'file',
        path: path.join(root, 'home/.config/homebrew/brew.env'),
        key: 'HOMEBREW_API_DOMAIN',
      });
      const tp = await homebrew.plan(
        ctx,
        { target: 'homebrew', provider: 'tuna', urls: [`${TUNA}/homebrew-bottles/api`] },
        {},
      );
      assert.equal(tp.after, own);
      assert.ok(
        tp.warnings.some((w) => w.code === 'homebrew.env-file-wins' && w.params?.name === 'HOMEBREW_API_DOMAIN'),
      );
    } finally {
      await cleanup();
    }
  });

  it('brew.env is read as bin/brew reads it: HOMEBREW_ lines only, trimmed, quotes kept, no last line without newline', () => {
    assert.deepEqual(parseBrewEnv('  HOMEBREW_A=1 \nPATH=/x\nHOMEBREW_B="q"\n# c\nHOMEBREW_C=last'), {
      HOMEBREW_A: '1',
      HOMEBREW_B: '"q"',
    });
  });

  it('Windows: not a Windows tool; the plan skips with its reason and makePlan says not supported', async () => {
    const { ctx, cleanup } = await sandboxCtx({ platform: 'win32', env: { USERPROFILE: 'C:\\Users\\li' } });
    try {
      const tp = await homebrew.plan(ctx, { target: 'homebrew', urls: [`${TUNA}/homebrew-bottles/api`] }, {});
      assert.equal(tp.status, 'skipped');
      assert.deepEqual(tp.reason, { code: 'homebrew.windows' });
      assert.equal((await homebrew.detect(ctx)).supported, false);
      const plan = await makePlan(ctx, { selection: { kind: 'preset', preset: 'tuna' }, only: ['homebrew'] });
      assert.deepEqual(plan.targets[0]?.reason, { code: 'skip.not-supported', params: { target: 'homebrew' } });
    } finally {
      await cleanup();
    }
  });

  it('verify: `brew config` output as brew prints it; without brew, a new shell reads the variable back', async () => {
    const exec: Exec = (cmd, args) => {
      if (cmd === '/bin/sh' && args.includes('config'))
        return Promise.resolve({ code: 0, stdout: CONFIG_TUNA, stderr: '' });
      return Promise.resolve({ code: null, stdout: '', stderr: '', failure: 'not-found' });
    };
    const { ctx: base, root, cleanup } = await sandboxCtx({ exec, files: { 'brew/bin/brew': '' } });
    try {
      await fs.chmod(path.join(root, 'brew/bin/brew'), 0o755);
      const ctx = { ...base, env: { ...base.env, PATH: path.join(root, 'brew/bin') } };
      const ok = await homebrew.verify(ctx, `${TUNA}/homebrew-bottles/api`);
      assert.equal(ok.ok, true, JSON.stringify(ok));
      assert.equal((await homebrew.verify(ctx, null)).ok, false);
    } finally {
      await cleanup();
    }
    const { ctx: real, cleanup: done } = await sandboxCtx({ exec: nodeExec });
    try {
      const ctx = { ...real, env: { ...real.env, PATH: '/usr/bin:/bin' } };
      const api = `${USTC}/homebrew-bottles/api`;
      await applyFiles((await homebrew.plan(ctx, { target: 'homebrew', provider: 'ustc', urls: [api] }, {})).changes);
      const v = await homebrew.verify(ctx, api);
      assert.equal(v.ok, true, JSON.stringify(v));
      assert.equal(v.observed, api);
    } finally {
      await done();
    }
  });
});
