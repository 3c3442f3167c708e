// Oracle: yarn 1.22.22 and yarn 4 (berry) themselves report the registry MirrorKit wrote and fetch through it;
// restore gives back every byte. Yarn 1 run as root reads /usr/local/share/.yarnrc whatever HOME says, so as root
// these tests run yarn 1 and MirrorKit as `nobody` (setpriv) on a sandbox owned by nobody. The tools come from
// scripts/oracles/install.sh; without them the tests skip, saying so.
import assert from 'node:assert/strict';
import { chownSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startNpmRegistry, type NpmRegistry } from '../fixtures/npm-registry';
import { npmOracle, withPath } from '../helpers/oracles';
import {
  createSandbox,
  describeRun,
  REPO_ROOT,
  run,
  seed,
  snapshot,
  type RunResult,
  type Sandbox,
} from '../helpers/sandbox';

const isRoot = process.getuid?.() === 0;
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/** Give the whole sandbox to nobody, so yarn 1 and MirrorKit can run as nobody inside it. */
function giveToNobody(dir: string): void {
  chownSync(dir, 65534, 65534);
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) giveToNobody(p);
    else chownSync(p, 65534, 65534);
  }
}

/** Run as nobody when this process is root, else as it is. */
function runAs(sb: Sandbox, cmd: string, args: string[], cwd: string): Promise<RunResult> {
  if (!isRoot) return run(cmd, args, { env: sb.env, cwd, timeoutMs: 120_000 });
  giveToNobody(sb.root);
  return run('setpriv', [...NOBODY, cmd, ...args], { env: sb.env, cwd, timeoutMs: 120_000 });
}

const mirrorkit = (sb: Sandbox, args: string[]) =>
  runAs(sb, process.execPath, [path.join(REPO_ROOT, 'bin', 'mirrorkit.cjs'), ...args], REPO_ROOT);
const noSlash = (u: string): string => u.replace(/\/+$/, '');

describe('yarn oracle', () => {
  let reg: NpmRegistry;
  const sandboxes: Sandbox[] = [];
  const sandbox = (bin: string): Sandbox => {
    const sb = createSandbox('mk-yarn-');
    sb.env = withPath(sb.env, bin);
    sandboxes.push(sb);
    return sb;
  };
  const project = (sb: Sandbox): string => {
    const dir = sb.dir('project');
    writeFileSync(path.join(dir, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
    return dir;
  };

  before(async () => {
    const sb = createSandbox('mk-yarn-reg-');
    sandboxes.push(sb);
    reg = await startNpmRegistry(sb.dir('pack'), sb.env);
  });
  after(async () => {
    await reg?.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  const y1 = npmOracle('yarn1', 'yarn');
  const classicSkip =
    'skip' in y1
      ? y1.skip
      : isRoot && statSync('/usr/bin/setpriv', { throwIfNoEntry: false }) === undefined
        ? 'running as root without setpriv: yarn 1 would write /usr/local/share/.yarnrc'
        : false;

  test(
    'yarn 1: set writes ~/.yarnrc; `yarn config list` shows it and `yarn add` fetches through it; restore is byte for byte',
    { skip: classicSkip },
    async () => {
      if (!('dir' in y1)) return;
      const sb = sandbox(y1.dir);
      const rcFile = path.join(sb.home, '.yarnrc');
      const rc = seed(rcFile, '# my yarn\r\nlastUpdateCheck 1765000000000\r\n');
      const set = await mirrorkit(sb, ['set', 'yarn', reg.registryUrl, '--yes']);
      assert.equal(set.code, 0, describeRun(set));
      assert.equal(
        snapshot(rcFile)?.toString(),
        `# my yarn\r\nlastUpdateCheck 1765000000000\r\nregistry "${reg.registryUrl}"\r\n`,
      );
      const list = await runAs(sb, 'yarn', ['config', 'list'], sb.home);
      assert.match(
        list.stdout,
        new RegExp(`info yarn config[\\s\\S]*registry: '${reg.registryUrl}'`),
        describeRun(list),
      );

      const seen = reg.server.served().length;
      const add = await runAs(sb, 'yarn', ['add', 'mkdemo', '--no-progress', '--non-interactive'], project(sb));
      assert.equal(add.code, 0, describeRun(add));
      assert.ok(
        reg.server.served().slice(seen).includes(reg.tarballPath),
        `registry log: ${reg.server.requests.join(', ')}`,
      );

      const restore = await mirrorkit(sb, ['restore', '--yes']);
      assert.equal(restore.code, 0, describeRun(restore));
      assert.deepEqual(snapshot(rcFile), rc);
    },
  );

  test(
    'yarn 1: a stale ~/.npmrc registry beats ~/.yarnrc — MirrorKit says so, and verification agrees with yarn',
    { skip: classicSkip },
    async () => {
      if (!('dir' in y1)) return;
      const sb = sandbox(y1.dir);
      seed(path.join(sb.home, '.npmrc'), 'registry=https://stale.example/\n');
      const set = await mirrorkit(sb, ['set', 'yarn', reg.registryUrl, '--yes', '--json']);
      assert.equal(set.code, 4, describeRun(set));
      assert.match(set.stdout, /yarn\.npmrc-wins/);
      assert.match(set.stdout, /https:\/\/stale\.example\//);
      const fix = await mirrorkit(sb, ['set', 'npm', reg.registryUrl, '--yes']);
      assert.equal(fix.code, 0, describeRun(fix));
      const status = await mirrorkit(sb, ['status', 'yarn', '--json']);
      assert.equal(status.code, 0, describeRun(status));
      assert.ok(status.stdout.includes(noSlash(reg.registryUrl)), status.stdout);
    },
  );

  const berry = npmOracle('berry', 'yarn');
  test(
    'berry: set writes ~/.yarnrc.yml keeping its whitelist; `yarn config get npmRegistryServer` and `yarn npm info` use it; restore is byte for byte',
    { skip: 'skip' in berry && berry.skip },
    async () => {
      if (!('dir' in berry)) return;
      const sb = sandbox(berry.dir);
      const yml = path.join(sb.home, '.yarnrc.yml');
      // Berry refuses plain http unless the host is whitelisted: the user's own line, which MirrorKit keeps.
      const original = seed(yml, '# my berry\nunsafeHttpWhitelist:\n  - 127.0.0.1\nenableTelemetry: false\n');
      const set = await mirrorkit(sb, ['set', 'yarn', reg.registryUrl, '--yes']);
      assert.equal(set.code, 0, describeRun(set));
      assert.equal(snapshot(yml)?.toString(), `${original.toString()}npmRegistryServer: "${reg.registryUrl}"\n`);
      const get = await runAs(sb, 'yarn', ['config', 'get', 'npmRegistryServer'], sb.home);
      assert.equal(get.stdout.trim(), reg.registryUrl, describeRun(get));

      const seen = reg.server.requests.length;
      const info = await runAs(sb, 'yarn', ['npm', 'info', 'mkdemo', '--fields', 'version', '--json'], project(sb));
      assert.equal(info.code, 0, describeRun(info));
      assert.match(info.stdout, /0\.1\.0/);
      assert.ok(
        reg.server.requests.slice(seen).some((r) => r.includes('/mkdemo')),
        `registry log: ${reg.server.requests.join(', ')}`,
      );

      const restore = await mirrorkit(sb, ['restore', '--yes']);
      assert.equal(restore.code, 0, describeRun(restore));
      assert.deepEqual(snapshot(yml), original);
    },
  );
});
