// Oracle: npm itself must report the registry MirrorKit wrote to ~/.npmrc, and install through it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { NPM_GREETING, startNpmRegistry, type NpmRegistry } from '../fixtures/npm-registry';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';

const npmrc = (sb: Sandbox): string => path.join(sb.home, '.npmrc');
const noSlash = (u: string): string => u.replace(/\/+$/, '');

async function registryOf(sb: Sandbox): Promise<string> {
  const r = await run('npm', ['config', 'get', 'registry'], { env: sb.env, cwd: sb.root });
  assert.equal(r.code, 0, describeRun(r));
  return r.stdout.trim();
}

/** `npm install mkdemo` in a fresh project, then require it: the tarball must have come from the fixture. */
async function installThroughRegistry(sb: Sandbox, reg: NpmRegistry): Promise<void> {
  const before = reg.server.served().length;
  const project = sb.dir('project');
  writeFileSync(path.join(project, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
  const r = await run('npm', ['install', 'mkdemo'], { env: sb.env, cwd: project });
  assert.equal(r.code, 0, describeRun(r));
  assert.ok(
    reg.server.served().slice(before).includes(reg.tarballPath),
    `registry log: ${reg.server.requests.join(', ')}`,
  );
  const req = await run(process.execPath, ['-p', "require('mkdemo')"], { env: sb.env, cwd: project });
  assert.equal(req.stdout.trim(), NPM_GREETING, describeRun(req));
}

describe('npm oracle', () => {
  let reg: NpmRegistry;
  const sandboxes: Sandbox[] = [];
  const sandbox = (): Sandbox => {
    const sb = createSandbox('mk-npm-');
    sandboxes.push(sb);
    return sb;
  };

  before(async () => {
    const sb = sandbox();
    reg = await startNpmRegistry(sb.dir('pack'), sb.env);
  });
  after(async () => {
    await reg.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('sandbox: neither /usr/etc/npmrc nor the real ~/.npmrc reach npm (default registry, no nodedir)', async () => {
    const sb = sandbox();
    assert.equal(await registryOf(sb), 'https://registry.npmjs.org/');
    const r = await run('npm', ['config', 'get', 'nodedir'], { env: sb.env, cwd: sb.root });
    assert.notEqual(r.stdout.trim(), '/usr', describeRun(r));
  });

  test('fixture: a hand-written ~/.npmrc makes npm install through the static registry', async () => {
    const sb = sandbox();
    seed(npmrc(sb), `registry=${reg.registryUrl}\n`);
    await installThroughRegistry(sb, reg);
  });

  test('mirrorkit set npm: npm reports the registry and installs through it; restore removes the new ~/.npmrc', async () => {
    const sb = sandbox();
    const set = await runCli(sb, ['set', 'npm', reg.registryUrl, '--yes']);
    assert.equal(set.code, 0, describeRun(set));
    assert.equal(noSlash(await registryOf(sb)), noSlash(reg.registryUrl));
    await installThroughRegistry(sb, reg);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal(snapshot(npmrc(sb)), null, '~/.npmrc did not exist before set, so restore must remove it');
    assert.equal(await registryOf(sb), 'https://registry.npmjs.org/');
  });

  test('mirrorkit set npm leaves an auth token line and comments untouched; restore is byte for byte', async () => {
    const sb = sandbox();
    const token = '//npm.corp.example/:_authToken=s3cr3t-T0ken==';
    const original = seed(
      npmrc(sb),
      `; corp settings\r\n${token}\r\nregistry=https://registry.npmjs.org/\r\nsave-exact=true\r\n`,
    );
    const set = await runCli(sb, ['set', 'npm', reg.registryUrl, '--yes']);
    assert.equal(set.code, 0, describeRun(set));

    const lines = readFileSync(npmrc(sb), 'utf8').split(/\r?\n/);
    assert.ok(lines.includes(token), `auth token line changed:\n${lines.join('\n')}`);
    assert.ok(lines.includes('; corp settings'));
    assert.equal(noSlash(await registryOf(sb)), noSlash(reg.registryUrl));
    const exact = await run('npm', ['config', 'get', 'save-exact'], { env: sb.env, cwd: sb.root });
    assert.equal(exact.stdout.trim(), 'true');
    await installThroughRegistry(sb, reg);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(npmrc(sb)), original);
  });
});
