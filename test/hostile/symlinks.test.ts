// A config kept as a symlink (a dotfiles repository): `set` writes through the link to its target, live or
// dangling or in another folder, and `restore` puts back the link and the target exactly as they were.
import assert from 'node:assert/strict';
import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { captureCli } from './cli';

let root = '';
let env: Record<string, string> = {};

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-links-'));
  const home = path.join(root, 'home');
  env = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    CARGO_HOME: path.join(home, '.cargo'),
    MIRRORKIT_HOME: path.join(root, 'state'),
    MIRRORKIT_SYSROOT: path.join(root, 'sysroot'),
    PATH: '',
    LANG: 'en_US.UTF-8',
  };
});
after(() => fs.rm(root, { recursive: true, force: true }));

const cli = (argv: string[]) => captureCli(env, argv);

interface Case {
  target: string;
  config: () => string;
  original: string;
  url: string;
  /** What the written target must contain. */
  written: RegExp;
}

const CASES: Case[] = [
  {
    target: 'pip',
    config: () => path.join(env.XDG_CONFIG_HOME as string, 'pip', 'pip.conf'),
    original: '[global]\ntimeout = 60\n',
    url: 'https://nexus.corp.example/pypi/simple',
    written: /index-url = https:\/\/nexus\.corp\.example\/pypi\/simple/,
  },
  {
    target: 'npm',
    config: () => path.join(env.HOME as string, '.npmrc'),
    original: '//r.example/:_authToken=secret\n',
    url: 'https://nexus.corp.example/npm/',
    written: /registry=https:\/\/nexus\.corp\.example\/npm\//,
  },
  {
    target: 'go',
    config: () => path.join(env.XDG_CONFIG_HOME as string, 'go', 'env'),
    original: 'GOPRIVATE=corp.example/*\n',
    url: 'https://nexus.corp.example/go/',
    written: /GOPROXY=https:\/\/nexus\.corp\.example\/go\/?,direct/,
  },
  {
    target: 'cargo',
    config: () => path.join(env.CARGO_HOME as string, 'config.toml'),
    original: '[net]\ngit-fetch-with-cli = true\n',
    url: 'https://nexus.corp.example/cargo/',
    written: /nexus\.corp\.example\/cargo\//,
  },
  {
    target: 'docker',
    config: () => path.join(env.MIRRORKIT_SYSROOT as string, 'etc', 'docker', 'daemon.json'),
    original: '{\n  "log-driver": "json-file"\n}\n',
    url: 'https://docker.corp.example',
    written: /"registry-mirrors"[^\]]*https:\/\/docker\.corp\.example/,
  },
  {
    target: 'apt',
    config: () => path.join(env.MIRRORKIT_SYSROOT as string, 'etc', 'apt', 'sources.list'),
    original: 'deb http://archive.ubuntu.com/ubuntu noble main\n',
    url: 'https://mirrors.aliyun.com/ubuntu/',
    written: /deb https:\/\/mirrors\.aliyun\.com\/ubuntu\/ noble main/,
  },
];

type Kind = 'live' | 'dangling' | 'other-folder';

/** Make the config a symlink (relative, as a dotfiles manager makes them) and return its target. */
async function link(c: Case, kind: Kind): Promise<string> {
  const file = c.config();
  await fs.rm(file, { force: true });
  await fs.mkdir(path.dirname(file), { recursive: true });
  const repo = path.join(root, kind === 'other-folder' ? 'elsewhere/deep' : 'dotfiles', c.target);
  await fs.mkdir(repo, { recursive: true });
  const target = path.join(repo, `${c.target}-${kind}.conf`);
  await fs.rm(target, { force: true });
  if (kind !== 'dangling') {
    await fs.writeFile(target, c.original);
    await fs.chmod(target, 0o640);
  }
  await fs.symlink(path.relative(path.dirname(file), target), file);
  return target;
}

describe('symlinked configs', () => {
  for (const c of CASES) {
    for (const kind of ['live', 'dangling', 'other-folder'] as const) {
      it(`${c.target}, ${kind} link: written through, then link and target restored exactly`, async () => {
        const file = c.config();
        const target = await link(c, kind);
        const linkText = readlinkSync(file);
        const set = await cli(['set', c.target, c.url, '--yes']);
        if (c.target === 'apt' && kind === 'dangling') {
          // No sources to rewrite: nothing is written, and the link is left as it was.
          assert.ok(set.code === 0 || set.code === 2, set.text);
          assert.ok(lstatSync(file).isSymbolicLink());
          assert.equal(readlinkSync(file), linkText);
          await assert.rejects(fs.stat(target));
          return;
        }
        assert.equal(set.code, 0, set.text);
        assert.ok(lstatSync(file).isSymbolicLink(), 'still a link after set');
        assert.equal(readlinkSync(file), linkText);
        assert.match(readFileSync(target, 'utf8'), c.written);
        const back = await cli(['restore', '--yes']);
        assert.equal(back.code, 0, back.text);
        assert.ok(lstatSync(file).isSymbolicLink(), 'still a link after restore');
        assert.equal(readlinkSync(file), linkText);
        if (kind === 'dangling') await assert.rejects(fs.stat(target), { code: 'ENOENT' });
        else {
          assert.equal(readFileSync(target, 'utf8'), c.original);
          assert.equal(statSync(target).mode & 0o777, 0o640);
        }
      });
    }
  }
});
