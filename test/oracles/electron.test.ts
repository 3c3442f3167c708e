// Oracle: @electron/get's own getArtifactRemoteURL() (the function electron's install script downloads through),
// run by node in a new shell that sources MirrorKit's env.sh, must give the mirror's URL after `mirrorkit set
// electron npmmirror`, and GitHub's again after restore, which gives every profile back byte for byte. Nothing
// is downloaded: the library only builds the URL.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import { REMOTE_URL_SCRIPT } from '../../electron/core/targets/electron-get';
import type { ApplyResult } from '../../shared/types/core';
import {
  createSandbox,
  describeRun,
  REPO_ROOT,
  run,
  runCli,
  seed,
  snapshot,
  type Env,
  type Sandbox,
} from '../helpers/sandbox';

const ORACLE = path.join(REPO_ROOT, '.cache', 'oracles', 'electron-get', 'node_modules', '@electron', 'get');
const M = 'https://cdn.npmmirror.com/binaries/electron/';
const GITHUB = 'https://github.com/electron/electron/releases/download/';
const VERSION = 'v45.6.1';
const skip = existsSync(path.join(ORACLE, 'package.json'))
  ? false
  : '@electron/get is not installed (scripts/oracles/install.sh installs it into .cache/oracles/electron-get)';

describe('electron oracle', { skip }, () => {
  const sandboxes: Sandbox[] = [];
  after(() => {
    for (const sb of sandboxes) sb.cleanup();
  });

  /** A sandbox whose npm global prefix holds @electron/get, as `npm install -g @electron/get` would leave it. */
  const sandbox = (): { sb: Sandbox; env: Env; prefix: string; envSh: string } => {
    const sb = createSandbox('mk-electron-');
    sandboxes.push(sb);
    const prefix = path.join(sb.root, 'npm-prefix');
    const scope = path.join(prefix, 'lib', 'node_modules', '@electron');
    mkdirSync(scope, { recursive: true });
    symlinkSync(ORACLE, path.join(scope, 'get'), 'dir');
    const env: Env = {
      NPM_CONFIG_PREFIX: prefix,
      ELECTRON_MIRROR: undefined,
      npm_config_electron_mirror: undefined,
      ELECTRON_CUSTOM_DIR: undefined,
    };
    return { sb, env, prefix, envSh: path.join(sb.xdgConfig, 'mirrorkit', 'env.sh') };
  };

  /** A new shell: `sh -c '. env.sh'` (when there is one), then node asks @electron/get for the URL. */
  const remoteUrl = async (sb: Sandbox, env: Env, envSh: string, prefix: string) => {
    const script = 'if [ -f "$1" ]; then . "$1"; fi; shift; exec "$@"';
    const from = path.join(prefix, 'lib');
    const r = await run(
      '/bin/sh',
      ['-c', script, 'sh', envSh, process.execPath, '--input-type=module', '-e', REMOTE_URL_SCRIPT, from, VERSION],
      { env: { ...sb.env, ...env }, cwd: sb.home },
    );
    assert.equal(r.code, 0, describeRun(r));
    return r.stdout.trim();
  };
  const shellVar = async (sb: Sandbox, envSh: string, name: string) =>
    (await run('/bin/sh', ['-c', '. "$1"; printenv "$2" || true', 'sh', envSh, name], { env: sb.env })).stdout.trim();

  test('mirrorkit set electron npmmirror: getArtifactRemoteURL() in a new shell gives the mirror; official and restore give GitHub back, byte for byte', async () => {
    const { sb, env, prefix, envSh } = sandbox();
    const bashrc = seed(path.join(sb.home, '.bashrc'), '# my bashrc\nexport EDITOR=vi\n');
    assert.equal(await remoteUrl(sb, env, envSh, prefix), `${GITHUB}${VERSION}/electron-${VERSION}-linux-x64.zip`);

    const set = await runCli(sb, ['set', 'electron', 'npmmirror', '--yes', '--json'], env);
    assert.equal(set.code, 0, describeRun(set));
    const verification = (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0]?.verification;
    assert.equal(verification?.ok, true, set.stdout);
    assert.match(verification?.observed ?? '', /^https:\/\/cdn\.npmmirror\.com\/binaries\/electron\/v\d+\.\d+\.\d+\//);

    const url = await remoteUrl(sb, env, envSh, prefix);
    assert.equal(url, `${M}${VERSION}/electron-${VERSION}-${process.platform}-${process.arch}.zip`);
    assert.equal(await shellVar(sb, envSh, 'SASS_BINARY_SITE'), 'https://cdn.npmmirror.com/binaries/node-sass');
    assert.equal(
      await shellVar(sb, envSh, 'ELECTRON_BUILDER_BINARIES_MIRROR'),
      'https://cdn.npmmirror.com/binaries/electron-builder-binaries/',
    );

    // The official choice removes every variable again, and @electron/get is back on GitHub.
    const official = await runCli(sb, ['set', 'electron', 'official', '--yes', '--json'], env);
    assert.equal(official.code, 0, describeRun(official));
    assert.equal(await shellVar(sb, envSh, 'SASS_BINARY_SITE'), '');
    assert.equal(
      await remoteUrl(sb, env, envSh, prefix),
      `${GITHUB}${VERSION}/electron-${VERSION}-${process.platform}-${process.arch}.zip`,
    );

    // Restore undoes both applies: the profile as it was, MirrorKit's files gone.
    for (let i = 0; i < 2; i++) {
      const restore = await runCli(sb, ['restore', '--yes'], env);
      assert.equal(restore.code, 0, describeRun(restore));
    }
    assert.deepEqual(snapshot(path.join(sb.home, '.bashrc')), bashrc);
    for (const f of [path.join(sb.home, '.profile'), envSh, path.join(sb.xdgConfig, 'mirrorkit', 'env.fish')])
      assert.equal(snapshot(f), null, f);
  });

  test('an electron_mirror line in ~/.npmrc: applied, not in effect — the library, given it as npm gives it to install scripts, still names it', async () => {
    const { sb, env, prefix, envSh } = sandbox();
    const npmrcValue = 'https://npmmirror.com/mirrors/electron/';
    const npmrc = seed(path.join(sb.home, '.npmrc'), `electron_mirror=${npmrcValue}\n`);
    const set = await runCli(sb, ['set', 'electron', 'https://mirror.corp.example/electron/', '--yes', '--json'], env);
    const v = (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0]?.verification;
    assert.equal(v?.ok, false, set.stdout);
    assert.match(v?.observed ?? '', /^https:\/\/npmmirror\.com\/mirrors\/electron\/v/);
    assert.equal(v?.message?.code, 'verify.not-in-effect.file');
    assert.deepEqual(v?.notInEffect?.origin, {
      kind: 'file',
      path: path.join(sb.home, '.npmrc'),
      key: 'electron_mirror',
    });
    // Without npm in between, the new shell's ELECTRON_MIRROR is the one MirrorKit wrote.
    assert.match(await remoteUrl(sb, env, envSh, prefix), /^https:\/\/mirror\.corp\.example\/electron\/v/);
    const restore = await runCli(sb, ['restore', '--yes'], env);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(path.join(sb.home, '.npmrc')), npmrc);
    assert.equal(snapshot(envSh), null);
  });
});
