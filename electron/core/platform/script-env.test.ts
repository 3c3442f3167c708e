import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { splitScriptRunnerEnv, startedByScriptRunner } from './script-env';

const files: Record<string, string> = {
  '/home/u/.npmrc':
    'registry=https://registry.npm.taobao.org/\nelectron_mirror=https://npmmirror.com/mirrors/electron/\n',
  '/proj/.npmrc': 'sass_binary_site=https://npmmirror.com/mirrors/node-sass\n',
};
const read = (f: string): string | null => files[f] ?? null;
const runner = {
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_command: 'run-script',
  npm_config_userconfig: '/home/u/.npmrc',
  npm_config_local_prefix: '/proj',
  npm_config_cache: '/home/u/.npm',
};

describe('npm script-runner copies', () => {
  test('outside a script runner nothing is touched, not even npm_config_* a user exported', () => {
    const env = { npm_config_registry: 'https://x.example/' };
    assert.equal(startedByScriptRunner(env), false);
    assert.deepEqual(splitScriptRunnerEnv(env, read), { env, injected: [] });
  });

  test('a copy of a value from the user file, the project file or npm bookkeeping is left out', () => {
    const { env, injected } = splitScriptRunnerEnv(
      {
        ...runner,
        npm_config_registry: 'https://registry.npm.taobao.org', // npm may drop the slash: still the file's value
        npm_config_electron_mirror: 'https://npmmirror.com/mirrors/electron/',
        npm_config_sass_binary_site: 'https://npmmirror.com/mirrors/node-sass',
        PATH: '/usr/bin',
      },
      read,
    );
    assert.deepEqual(injected.sort(), [
      'npm_config_cache',
      'npm_config_electron_mirror',
      'npm_config_local_prefix',
      'npm_config_registry',
      'npm_config_sass_binary_site',
      'npm_config_userconfig',
    ]);
    assert.equal(env.PATH, '/usr/bin');
    assert.equal(env.npm_execpath, runner.npm_execpath);
  });

  test('a value no config file explains came from the user or the command line, and stays', () => {
    const { env, injected } = splitScriptRunnerEnv(
      { ...runner, npm_config_registry: 'https://npm.corp.example/' },
      read,
    );
    assert.equal(env.npm_config_registry, 'https://npm.corp.example/');
    assert.ok(!injected.includes('npm_config_registry'));
  });

  test('the user spelling NPM_CONFIG_REGISTRY stays; npm lowercase twin of it goes', () => {
    const { env } = splitScriptRunnerEnv(
      { ...runner, NPM_CONFIG_REGISTRY: 'https://npm.corp.example/', npm_config_registry: 'https://npm.corp.example/' },
      read,
    );
    assert.equal(env.NPM_CONFIG_REGISTRY, 'https://npm.corp.example/');
    assert.equal(env.npm_config_registry, undefined);
  });

  test('unreadable or absent config files explain nothing', () => {
    const { env } = splitScriptRunnerEnv(
      { ...runner, npm_config_userconfig: '/nowhere/.npmrc', npm_config_registry: 'https://registry.npm.taobao.org/' },
      read,
    );
    assert.equal(env.npm_config_registry, 'https://registry.npm.taobao.org/');
  });
});
