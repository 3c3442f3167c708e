// The tools of the hostile read-back oracle (hostile-readback.test.ts): where each keeps its file, the odd but
// valid files a user may already have, what the tool must report after `mirrorkit set`, and how the tool itself
// is asked. Every expected value here is written by hand from the tool's documented behaviour.
import path from 'node:path';

import { writeAptConfig } from '../fixtures/apt-repo';
import type { RunResult, Sandbox } from '../helpers/sandbox';

/** What the tool reads: the mirror in effect, and everything else the seed file told it (must not change). */
export interface Reading {
  mirror: string | null;
  rest: string;
}

export interface Seed {
  name: string;
  bytes: string | Buffer;
  /** The mirror the tool reads from this seed before MirrorKit touches it. */
  was: string;
}

type Ask = (args: readonly string[], env?: Record<string, string>) => Promise<RunResult>;

export interface ReadbackTool {
  id: 'npm' | 'go' | 'cargo' | 'apt';
  exe: string;
  prepare?: (sb: Sandbox) => void;
  file: (sb: Sandbox, seed: string) => string;
  seeds: Seed[];
  /** Cases MirrorKit must refuse for this tool and seed (exit 2, the file untouched), and why. */
  refuses?: (canonical: string, seed: Seed) => string | false;
  /** What the tool must report for the canonical URL MirrorKit wrote. */
  meant: (canonical: string) => string;
  read: (ask: Ask) => Promise<Reading>;
}

const LONG = 'x'.repeat(20_000);
const slash = (u: string): string => (u.endsWith('/') ? u : `${u}/`);
const noSlash = (u: string): string => u.replace(/\/+$/, '');

function ok(r: RunResult, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const NPM_KEYS = ['save-exact', '@スコープ:registry', '名字', 'user-agent', 'fetch-retries'];

const npm: ReadbackTool = {
  id: 'npm',
  exe: 'npm',
  file: (sb) => path.join(sb.home, '.npmrc'),
  seeds: [
    {
      name: 'BOM, CRLF, comments',
      bytes: '\ufeff; team settings\r\n# 注释 ☃\r\nsave-exact=true\r\nregistry=https://registry.npmjs.org/\r\n',
      was: 'https://registry.npmjs.org/',
    },
    {
      name: 'non-ASCII keys, a quoted value',
      bytes: '名字=值 ☃\n@スコープ:registry=https://npm.corp.example/\nregistry = "https://old.example/"\n',
      was: 'https://old.example/',
    },
    {
      name: 'long lines, no final newline',
      bytes: `; ${LONG}\nuser-agent=${'y'.repeat(5000)}\nregistry=https://old.example/r/`,
      was: 'https://old.example/r/',
    },
    {
      // Text that is not UTF-8 is refused (and left alone), so the odd bytes here are valid UTF-8.
      name: 'control characters, an astral emoji, U+2028, an auth token',
      bytes: '; \u0001\u007f\t😀 \u2028 \ufffd\n//npm.corp.example/:_authToken=s3cr3t\nfetch-retries=7\n',
      was: 'https://registry.npmjs.org/',
    },
    {
      name: 'registry set twice',
      bytes: 'registry=https://a.example/\nsave-exact=true\nregistry=https://b.example/\n',
      was: 'https://b.example/',
    },
  ],
  meant: slash,
  async read(ask) {
    const mirror = ok(await ask(['config', 'get', 'registry']), 'npm config get registry').trim();
    const rest = ok(await ask(['config', 'get', ...NPM_KEYS]), 'npm config get');
    return { mirror, rest };
  },
};

// GOSUMDB is not among them: MirrorKit's plan sets it with the proxy (a catalog mirror's own checksum database,
// else the default), as the plan shows.
const GO_KEYS = ['GOPRIVATE', 'GOFLAGS', 'GONOSUMDB', 'GOINSECURE'];

const go: ReadbackTool = {
  id: 'go',
  exe: 'go',
  file: (sb) => sb.env.GOENV as string,
  seeds: [
    {
      name: 'CRLF',
      bytes: 'GOPRIVATE=corp.example/*\r\nGOPROXY=https://proxy.golang.org,direct\r\n',
      // Go keeps the '\r' in a value: the seed is already broken for it, MirrorKit's line must not be.
      was: 'https://proxy.golang.org,direct\r',
    },
    {
      name: 'comment lines, non-ASCII',
      bytes: '# 中文注释 ☃ managed by ops\nGONOSUMDB=例子.example\nGOPROXY=https://old.example|https://b.example,off\n',
      was: 'https://old.example|https://b.example,off',
    },
    {
      name: 'long line, no final newline',
      bytes: `GOPRIVATE=${'a'.repeat(3000)}.example`,
      was: 'https://proxy.golang.org,direct',
    },
    {
      // Text that is not UTF-8 is refused (and left alone), so the odd bytes here are valid UTF-8.
      name: 'control characters, a line Go ignores',
      bytes: '\u0001\u007f😀\u2028\nlowercase=ignored\nGOPROXY=off\nGOINSECURE=lab.example\n',
      was: 'off',
    },
    {
      name: 'GOPROXY set twice',
      bytes: 'GOPROXY=https://a.example\nGONOSUMDB=corp.example\nGOPROXY=https://b.example\n',
      was: 'https://b.example',
    },
  ],
  meant: (u) => `${noSlash(u)},direct`,
  async read(ask) {
    const mirror = ok(await ask(['env', 'GOPROXY']), 'go env GOPROXY').replace(/\n$/, '');
    const rest = ok(await ask(['env', '-json', ...GO_KEYS]), 'go env -json');
    return { mirror, rest };
  },
};

type Toml = Record<string, unknown>;
const tomlAt = (t: Toml | undefined, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Toml)[k] : undefined), t);

const cargo: ReadbackTool = {
  id: 'cargo',
  exe: 'cargo',
  file: (sb) => path.join(sb.env.CARGO_HOME as string, 'config.toml'),
  seeds: [
    {
      name: 'BOM, CRLF, comments',
      bytes: '\ufeff# shared CI box\r\n[build]\r\njobs = 2 # why: two cores\r\n',
      was: 'crates.io',
    },
    {
      name: 'non-ASCII keys and values',
      bytes: '[env]\n"ÜNI_名前" = "wert ☃"\n\n[alias]\n"构建" = "build"\n',
      was: 'crates.io',
    },
    { name: 'long comment line', bytes: `# ${LONG}\n[net]\nretry = 3\n`, was: 'crates.io' },
    {
      name: 'an existing replacement, single quotes',
      bytes:
        "[source.crates-io]\nreplace-with = 'tuna' # old\n\n[source.tuna]\nregistry = 'sparse+https://mirrors.tuna.tsinghua.edu.cn/crates.io-index/'\n",
      was: 'sparse+https://mirrors.tuna.tsinghua.edu.cn/crates.io-index/',
    },
  ],
  meant: (u) => `sparse+${slash(u)}`,
  async read(ask) {
    const r = await ask(['-Zunstable-options', 'config', 'get', '--format', 'json'], { RUSTC_BOOTSTRAP: '1' });
    const all = JSON.parse(ok(r, 'cargo config get')) as Toml;
    const name = tomlAt(all, 'source', 'crates-io', 'replace-with');
    const mirror = typeof name === 'string' ? (tomlAt(all, 'source', name, 'registry') as string) : 'crates.io';
    const { source: _s, registries: _r, ...rest } = all;
    return { mirror, rest: JSON.stringify(rest) };
  },
};

/** Archives MirrorKit must leave alone (security updates, a third-party repository). */
const KEPT = ['http://security.debian.org/debian-security', 'http://ppa.corp.example/x'];

const apt: ReadbackTool = {
  id: 'apt',
  exe: 'apt-get',
  prepare(sb) {
    sb.env.APT_CONFIG = writeAptConfig(
      path.join(sb.root, 'apt.conf'),
      path.join(sb.sysroot, 'etc', 'apt'),
      path.join(sb.root, 'apt'),
    );
  },
  file: (sb, seed) =>
    seed.startsWith('deb822')
      ? path.join(sb.sysroot, 'etc', 'apt', 'sources.list.d', 'debian.sources')
      : path.join(sb.sysroot, 'etc', 'apt', 'sources.list'),
  seeds: [
    { name: 'CRLF', bytes: 'deb http://deb.debian.org/debian bookworm main\r\n', was: 'http://deb.debian.org/debian' },
    {
      name: 'options, comments, non-ASCII, a disabled line',
      bytes:
        '# 中文注释 ☃ Debian\ndeb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main contrib\n# deb http://old.example/debian bookworm main\ndeb http://security.debian.org/debian-security bookworm-security main\n',
      was: 'http://deb.debian.org/debian',
    },
    {
      name: 'long comment line, a third-party repository, no final newline',
      bytes: `# ${LONG}\ndeb http://ppa.corp.example/x bookworm main\ndeb http://deb.debian.org/debian bookworm main`,
      was: 'http://deb.debian.org/debian',
    },
    {
      name: 'deb822 with comments and two suites',
      bytes:
        '# managed by ops ☃\nTypes: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n',
      was: 'http://deb.debian.org/debian',
    },
  ],
  // apt decodes %-escapes in the one-line format and then requests `GET /a b/…`; deb822 keeps them as written.
  refuses: (u, s) => !s.name.startsWith('deb822') && u.includes('%') && 'a %-escape in a one-line sources.list',
  meant: noSlash,
  async read(ask) {
    const out = ok(await ask(['--print-uris', 'update']), 'apt-get --print-uris update');
    const archives = [...new Set([...out.matchAll(/^'(.+?)\/dists\//gm)].map((m) => m[1] ?? ''))];
    const mirror = archives.filter((a) => !KEPT.includes(a));
    return { mirror: mirror.join(' ') || null, rest: archives.filter((a) => KEPT.includes(a)).join(' ') };
  },
};

export const READBACK_TOOLS: ReadbackTool[] = [npm, go, cargo, apt];
