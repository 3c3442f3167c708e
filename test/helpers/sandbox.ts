import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { nodeExec, type ExecResult } from '../../electron/core/platform/exec';

/** The repository root (bin/mirrorkit.cjs lives there). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export type Env = Record<string, string | undefined>;

export interface Sandbox {
  root: string;
  /** The environment every tool and the CLI run with: machine settings removed, every home under `root`. */
  env: Env;
  home: string;
  xdgConfig: string;
  /** MIRRORKIT_SYSROOT: system files (/etc/docker, /etc/apt) live under it. */
  sysroot: string;
  /** A fresh empty folder under the sandbox. */
  dir(name: string): string;
  cleanup(): void;
}

/**
 * Variables through which this machine (or an `npm run` wrapper) would leak its own package-manager settings
 * into a test: pip's PIP_FIND_LINKS/PIP_CERT, npm_config_* from npm itself, a GOPROXY or GOFLAGS in the shell …
 */
const LEAKY = [
  /^PIP_/i,
  /^NPM_CONFIG_/i,
  /^GO(PROXY|FLAGS|SUMDB|NOSUMDB|NOPROXY|PRIVATE|INSECURE|ENV|PATH|CACHE|MODCACHE|TOOLCHAIN|TELEMETRY|ROOT)$/,
  /^CARGO_/,
  /^DOCKER_/,
  /^MIRRORKIT_/,
  /^XDG_/,
  /^(APPDATA|LOCALAPPDATA|USERPROFILE|HOMEDRIVE|HOMEPATH|ProgramData|PROGRAMDATA)$/,
  /^(PYTHONUSERBASE|VIRTUAL_ENV|CONDA_PREFIX|APT_CONFIG)$/,
  // A proxy would carry the tools' loopback traffic away from the fixture servers.
  /^(http|https|ftp|all|no)_proxy$/i,
  // A child node started from inside `node --test` would otherwise believe it is a test-runner child.
  /^NODE_TEST_CONTEXT$/,
];

/** Where rustup keeps the toolchains: the sandbox moves HOME, and the `cargo` proxy must still find them. */
function rustupHome(): string {
  return process.env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup');
}

function mk(p: string): string {
  mkdirSync(p, { recursive: true });
  return p;
}

/** Build an isolated environment in a new temp folder. Nothing of the machine's own configuration is visible. */
export function createSandbox(prefix = 'mk-sandbox-'): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const home = mk(path.join(root, 'home'));
  const xdgConfig = mk(path.join(home, '.config'));
  const sysroot = mk(path.join(root, 'sysroot'));
  const npmGlobal = path.join(mk(path.join(root, 'npm-global')), 'npmrc');
  // npm's global npmrc (/usr/etc/npmrc here) is found from node's prefix, not HOME: point it at an empty file.
  writeFileSync(npmGlobal, '');

  const env: Env = {};
  for (const [k, v] of Object.entries(process.env)) if (!LEAKY.some((re) => re.test(k))) env[k] = v;
  Object.assign(env, {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: xdgConfig,
    // pip reads $XDG_CONFIG_DIRS/pip/pip.conf as its global file (/etc/xdg/pip/pip.conf on this machine).
    XDG_CONFIG_DIRS: mk(path.join(root, 'xdg-dirs')),
    XDG_STATE_HOME: mk(path.join(home, '.local', 'state')),
    XDG_CACHE_HOME: mk(path.join(home, '.cache')),
    XDG_DATA_HOME: mk(path.join(home, '.local', 'share')),
    APPDATA: mk(path.join(home, 'AppData', 'Roaming')),
    LOCALAPPDATA: mk(path.join(home, 'AppData', 'Local')),
    CARGO_HOME: mk(path.join(root, 'cargo')),
    RUSTUP_HOME: rustupHome(),
    GOENV: path.join(xdgConfig, 'go', 'env'),
    GOPATH: mk(path.join(root, 'gopath')),
    GOCACHE: mk(path.join(root, 'gocache')),
    GOMODCACHE: path.join(root, 'gopath', 'pkg', 'mod'),
    // Module cache files are read-only by default, which would make cleanup fail for a non-root user.
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    DOCKER_CONFIG: mk(path.join(root, 'docker-config')),
    MIRRORKIT_HOME: mk(path.join(root, 'mirrorkit')),
    MIRRORKIT_SYSROOT: sysroot,
    npm_config_globalconfig: npmGlobal,
    npm_config_cache: mk(path.join(root, 'npm-cache')),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  });

  let n = 0;
  return {
    root,
    env,
    home,
    xdgConfig,
    sysroot,
    dir: (name) => mk(path.join(root, 'work', `${n++}-${name}`)),
    // A tool the code under test started may still be writing its cache into the home as the test ends:
    // rm retries ENOTEMPTY/EBUSY instead of failing the test on that race.
    cleanup: () => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
  };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run a program (argument array, never a shell) asynchronously: the loopback servers the tools talk to live in
 * this same process, so a synchronous spawn would deadlock them.
 */
export async function run(
  cmd: string,
  args: readonly string[],
  opts: { env: Env; cwd?: string; timeoutMs?: number },
): Promise<RunResult> {
  const r: ExecResult = await nodeExec(cmd, args, {
    env: opts.env,
    cwd: opts.cwd,
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
  if (r.failure)
    return { code: r.code, stdout: r.stdout, stderr: `${r.stderr}\n[${r.failure}] ${r.failureDetail ?? ''}` };
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `mirrorkit …` exactly as a user types it, inside the sandbox. `timeoutMs` is a hang guard only: raise it for
 * a command that runs a slow tool itself (`set dnf` verifies with dnf, a Python program).
 */
export function runCli(
  sb: Sandbox,
  args: readonly string[],
  extraEnv: Env = {},
  timeoutMs = 60_000,
): Promise<RunResult> {
  const bin = path.join(REPO_ROOT, 'bin', 'mirrorkit.cjs');
  // cwd = repo root: without a build, bin/mirrorkit.cjs runs `node --import tsx`, which resolves tsx from cwd.
  return run(process.execPath, [bin, ...args], { env: { ...sb.env, ...extraEnv }, cwd: REPO_ROOT, timeoutMs });
}

/** A file's bytes, or null when it does not exist: what restore must give back. */
export function snapshot(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Write a seed file, creating its folder. */
export function seed(file: string, content: string | Buffer): Buffer {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return Buffer.isBuffer(content) ? content : Buffer.from(content);
}

/** For assertion messages: what a run printed. */
export function describeRun(r: RunResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
