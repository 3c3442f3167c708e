// Oracle: pnpm 10 and pnpm 12 themselves report the registry MirrorKit wrote, install through it, and restore
// gives back every byte. The tools come from scripts/oracles/install.sh; without them the tests skip, saying so.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startNpmRegistry, type NpmRegistry } from '../fixtures/npm-registry';
import { npmOracle, withPath } from '../helpers/oracles';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';

const TOKEN = '//npm.corp.example/:_authToken=npm_s3cr3tT0kenValue';

describe('pnpm oracle', () => {
  let reg: NpmRegistry;
  const sandboxes: Sandbox[] = [];
  const sandbox = (bin: string): Sandbox => {
    const sb = createSandbox('mk-pnpm-');
    sb.env = withPath(sb.env, bin);
    sandboxes.push(sb);
    return sb;
  };
  const pnpm = (sb: Sandbox, args: string[], cwd = sb.home) =>
    run('pnpm', args, { env: sb.env, cwd, timeoutMs: 120_000 });
  const registryOf = async (sb: Sandbox): Promise<string> => {
    const r = await pnpm(sb, ['config', 'get', 'registry']);
    assert.equal(r.code, 0, describeRun(r));
    return r.stdout.trim();
  };
  /** `pnpm add mkdemo` in a fresh project: the tarball must come from the loopback registry. */
  const installThrough = async (sb: Sandbox): Promise<void> => {
    const seen = reg.server.served().length;
    const project = sb.dir('project');
    writeFileSync(path.join(project, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
    const r = await pnpm(sb, ['add', 'mkdemo', '--config.update-notifier=false'], project);
    assert.equal(r.code, 0, describeRun(r));
    assert.ok(
      reg.server.served().slice(seen).includes(reg.tarballPath),
      `registry log: ${reg.server.requests.join(', ')}`,
    );
  };

  before(async () => {
    const sb = createSandbox('mk-pnpm-reg-');
    sandboxes.push(sb);
    reg = await startNpmRegistry(sb.dir('pack'), sb.env);
  });
  after(async () => {
    await reg?.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  const p12 = npmOracle('pnpm', 'pnpm');
  test(
    'pnpm ≥ 11: set writes config.yaml, which beats a stale ~/.npmrc; auth.ini untouched; restore is byte for byte',
    { skip: 'skip' in p12 && p12.skip },
    async () => {
      if (!('dir' in p12)) return;
      const sb = sandbox(p12.dir);
      const npmrc = seed(path.join(sb.home, '.npmrc'), 'registry=https://registry.npmjs.org/\n');
      const authIni = path.join(sb.xdgConfig, 'pnpm', 'auth.ini');
      const auth = seed(authIni, `${TOKEN}\n`);
      const yamlFile = path.join(sb.xdgConfig, 'pnpm', 'config.yaml');
      const yaml = seed(yamlFile, '# my pnpm\nstore-dir: ~/.pnpm-store # keep\n');
      assert.equal(await registryOf(sb), 'https://registry.npmjs.org/');

      const set = await runCli(sb, ['set', 'pnpm', reg.registryUrl, '--yes']);
      assert.equal(set.code, 0, describeRun(set));
      assert.ok(!set.stdout.includes('s3cr3t') && !set.stderr.includes('s3cr3t'), 'the token is never printed');
      assert.equal(await registryOf(sb), reg.registryUrl);
      assert.equal(
        snapshot(yamlFile)?.toString(),
        `# my pnpm\nstore-dir: ~/.pnpm-store # keep\nregistry: "${reg.registryUrl}"\n`,
      );
      assert.deepEqual(snapshot(path.join(sb.home, '.npmrc')), npmrc);
      assert.deepEqual(snapshot(authIni), auth);
      await installThrough(sb);

      const restore = await runCli(sb, ['restore', '--yes']);
      assert.equal(restore.code, 0, describeRun(restore));
      assert.deepEqual(snapshot(yamlFile), yaml);
      assert.equal(await registryOf(sb), 'https://registry.npmjs.org/');
    },
  );

  test(
    'pnpm ≥ 11: npm_config_registry does not apply, pnpm_config_registry does (the layer MirrorKit reports)',
    { skip: 'skip' in p12 && p12.skip },
    async () => {
      if (!('dir' in p12)) return;
      const sb = sandbox(p12.dir);
      seed(path.join(sb.xdgConfig, 'pnpm', 'config.yaml'), `registry: ${reg.registryUrl}\n`);
      sb.env.npm_config_registry = 'https://npmenv.example/';
      assert.equal(await registryOf(sb), reg.registryUrl);
      const status = await runCli(sb, ['status', '--json']);
      assert.equal(status.code, 0, describeRun(status));
      assert.match(status.stdout, new RegExp(`"target": ?"pnpm"`));
      sb.env.pnpm_config_registry = 'https://pnpmenv.example/';
      assert.equal(await registryOf(sb), 'https://pnpmenv.example/');
    },
  );

  const p10 = npmOracle('pnpm10', 'pnpm');
  test(
    "pnpm ≤ 10 reads npm's ~/.npmrc: `set pnpm` writes it, and with npm in the same apply it is written once",
    { skip: 'skip' in p10 && p10.skip },
    async () => {
      if (!('dir' in p10)) return;
      const sb = sandbox(p10.dir);
      const npmrcFile = path.join(sb.home, '.npmrc');
      const npmrc = seed(npmrcFile, `; corp\r\n${TOKEN}\r\n`);
      const set = await runCli(sb, ['set', 'pnpm', reg.registryUrl, '--yes']);
      assert.equal(set.code, 0, describeRun(set));
      assert.equal(await registryOf(sb), reg.registryUrl);
      assert.equal(snapshot(npmrcFile)?.toString(), `; corp\r\n${TOKEN}\r\nregistry=${reg.registryUrl}\r\n`);
      await installThrough(sb);
      const restore = await runCli(sb, ['restore', '--yes']);
      assert.equal(restore.code, 0, describeRun(restore));
      assert.deepEqual(snapshot(npmrcFile), npmrc);

      const both = await runCli(sb, ['apply', '--preset', 'aliyun', '--only', 'npm,pnpm', '--yes', '--json']);
      assert.equal(both.code, 0, describeRun(both));
      assert.match(both.stdout, /warn\.shared-change/);
      assert.equal(await registryOf(sb), 'https://registry.npmmirror.com/');
      const back = await runCli(sb, ['restore', '--yes']);
      assert.equal(back.code, 0, describeRun(back));
      assert.deepEqual(snapshot(npmrcFile), npmrc);
    },
  );
});
