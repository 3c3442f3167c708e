// Oracle: "verified" only when the tool itself reports the new mirror. A copy of npm's config that `npm run` /
// `npx` put into MirrorKit's environment is not a layer; a real variable in the user's shell is, and then the
// apply is "applied, not in effect" (exit 4) with the variable named — never verified.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import type { ApplyResult, TargetResult } from '../../shared/types/core';
import type { ToolStatus } from '../../shared/types/api';
import { createSandbox, describeRun, runCli, seed, type Env, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

const which = (name: string): string | null => findExecutable(name, process.env);

const DEAD = 'https://registry.npm.taobao.org/';
const NEW = 'https://registry.npmmirror.com/';

/** What `npm run harness` / `npx mirrorkit` puts into the child's environment (npm 11's set-envs). */
function runnerEnv(sb: Sandbox, copies: Env): Env {
  return {
    npm_command: 'exec',
    npm_lifecycle_event: 'npx',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_config_userconfig: path.join(sb.home, '.npmrc'),
    npm_config_local_prefix: sb.dir('checkout'),
    npm_config_user_agent: 'npm/11.0.0 node/v20.0.0 linux x64 workspaces/false',
    npm_config_cache: path.join(sb.home, '.npm'),
    ...copies,
  };
}

function json<T>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

function targetOf(stdout: string, id: string): TargetResult {
  const doc = json<{ result: ApplyResult }>(stdout);
  const r = doc.result.targets.find((x) => x.target === id);
  assert.ok(r, stdout);
  return r;
}

async function statusOf(sb: Sandbox, id: string, env: Env): Promise<ToolStatus> {
  const r = await runCli(sb, ['status', id, '--json'], env);
  assert.equal(r.code, 0, describeRun(r));
  const s = json<{ tools: ToolStatus[] }>(r.stdout).tools.find((x) => x.target === id);
  assert.ok(s, r.stdout);
  return s;
}

describe('shadowing layers and verification', () => {
  const sandboxes: Sandbox[] = [];
  const sandbox = (): Sandbox => {
    const sb = createSandbox('mk-shadow-');
    sandboxes.push(sb);
    return sb;
  };
  after(() => {
    for (const sb of sandboxes) sb.cleanup();
  });

  const hasNpm = which('npm') !== null;

  test(
    'npm, started by npx: the copy of ~/.npmrc is not a layer; the file is the origin and npm verifies the new URL',
    { skip: !hasNpm && 'npm is not installed' },
    async () => {
      const sb = sandbox();
      seed(path.join(sb.home, '.npmrc'), `registry=${DEAD}\n`);
      const env = runnerEnv(sb, { npm_config_registry: DEAD });
      const st = await statusOf(sb, 'npm', env);
      assert.equal(st.reading?.origin.kind, 'file', JSON.stringify(st.reading));
      assert.ok(!st.reading?.layers.some((l) => l.origin.kind === 'env'), JSON.stringify(st.reading?.layers));

      const r = await runCli(sb, ['set', 'npm', NEW, '--yes', '--json'], env);
      assert.equal(r.code, 0, describeRun(r));
      const t = targetOf(r.stdout, 'npm');
      assert.equal(t.verification?.ok, true, JSON.stringify(t));
      assert.equal(t.verification?.observed, NEW);
    },
  );

  test(
    'npm, a real NPM_CONFIG_REGISTRY in the shell: applied, not in effect, exit 4, the variable named',
    { skip: !hasNpm && 'npm is not installed' },
    async () => {
      const sb = sandbox();
      seed(path.join(sb.home, '.npmrc'), `registry=${DEAD}\n`);
      const env = { NPM_CONFIG_REGISTRY: DEAD };
      const r = await runCli(sb, ['set', 'npm', NEW, '--yes', '--json'], env);
      assert.equal(r.code, 4, describeRun(r));
      const t = targetOf(r.stdout, 'npm');
      assert.equal(t.outcome, 'applied');
      assert.equal(t.verification?.ok, false);
      assert.deepEqual(t.verification?.notInEffect?.origin, {
        kind: 'env',
        name: 'NPM_CONFIG_REGISTRY',
        scope: 'process',
      });
      assert.equal(t.verification?.message?.code, 'verify.not-in-effect.env-posix');

      // Again, with the file already right: "already set" is no excuse to claim the tool uses it.
      const again = await runCli(sb, ['set', 'npm', NEW, '--yes', '--lang', 'en'], env);
      assert.equal(again.code, 4, describeRun(again));
      assert.match(again.stdout + again.stderr, /not in effect/i);
      assert.doesNotMatch(again.stdout + again.stderr, /verified:/);
    },
  );

  test(
    'npm, started by npm with a lowercase variable no config file explains: a real layer, exit 4',
    { skip: !hasNpm && 'npm is not installed' },
    async () => {
      const sb = sandbox();
      seed(path.join(sb.home, '.npmrc'), `registry=${DEAD}\n`);
      const env = runnerEnv(sb, { npm_config_registry: 'https://npm.corp.example/' });
      const st = await statusOf(sb, 'npm', env);
      assert.equal(st.reading?.origin.kind, 'env', JSON.stringify(st.reading));
      const r = await runCli(sb, ['set', 'npm', NEW, '--yes', '--json'], env);
      assert.equal(r.code, 4, describeRun(r));
      assert.equal(targetOf(r.stdout, 'npm').verification?.notInEffect?.value, 'https://npm.corp.example/');
    },
  );

  test(
    'pip, a real PIP_INDEX_URL: the plan aims at the new URL, pip reports the variable, exit 4',
    { skip: which('python3') === null && 'python3 is not installed' },
    async () => {
      const sb = sandbox();
      const env = { PIP_INDEX_URL: 'https://pypi.corp.example/simple' };
      const dry = await runCli(
        sb,
        ['set', 'pip', 'https://mirrors.aliyun.com/pypi/simple/', '--dry-run', '--json'],
        env,
      );
      assert.equal(dry.code, 0, describeRun(dry));
      const plan = json<{ plan: { targets: { target: string; after: string | null }[] } }>(dry.stdout).plan;
      assert.equal(plan.targets.find((x) => x.target === 'pip')?.after, 'https://mirrors.aliyun.com/pypi/simple/');

      const r = await runCli(sb, ['set', 'pip', 'https://mirrors.aliyun.com/pypi/simple/', '--yes', '--json'], env);
      assert.equal(r.code, 4, describeRun(r));
      const t = targetOf(r.stdout, 'pip');
      assert.equal(t.verification?.observed, 'https://pypi.corp.example/simple');
      assert.equal(t.verification?.notInEffect?.origin.kind, 'env');
    },
  );

  test(
    'pip under npm: npm copies do not touch pip, verified',
    { skip: which('python3') === null && 'python3 is not installed' },
    async () => {
      const sb = sandbox();
      const r = await runCli(
        sb,
        ['set', 'pip', 'https://mirrors.aliyun.com/pypi/simple/', '--yes', '--json'],
        runnerEnv(sb, { npm_config_registry: DEAD }),
      );
      assert.equal(r.code, 0, describeRun(r));
      assert.equal(targetOf(r.stdout, 'pip').verification?.ok, true);
    },
  );

  test(
    'go, a real GOPROXY in the shell beats go env -w: exit 4 with the variable named',
    { skip: which('go') === null && 'go is not installed' },
    async () => {
      const sb = sandbox();
      const r = await runCli(sb, ['set', 'go', 'goproxy-cn', '--yes', '--json'], {
        GOPROXY: 'https://proxy.corp.example',
      });
      assert.equal(r.code, 4, describeRun(r));
      const t = targetOf(r.stdout, 'go');
      assert.equal(t.verification?.observed, 'https://proxy.corp.example');
      assert.deepEqual(t.verification?.notInEffect?.origin, { kind: 'env', name: 'GOPROXY', scope: 'process' });
    },
  );
});
