import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { createSandbox, type Sandbox } from '../../test/helpers/sandbox';

import { notAMirror, npmMirror, pypiMirror, refusedUrl, type Mirror } from './mirrors';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface Harness {
  url: string;
  sandbox: Sandbox;
  /** The files seeded into the sandbox, by name. */
  files: Record<'pip' | 'npmrc' | 'daemon', string>;
  /** Provider ids of the loopback mirrors, as the Test step lists them. */
  providers: { fast: string; slow: string; broken: string; refused: string; npm: string };
  stderr(): string;
  stop(): Promise<void>;
}

export interface Seed {
  pip?: string;
  npmrc?: string;
  daemon?: string;
}

export const DEFAULT_SEED: Required<Seed> = {
  pip: '# my pip settings\n[global]\nindex-url = https://pypi.tuna.tsinghua.edu.cn/simple\ntimeout = 60\n',
  npmrc: '; company settings\nregistry=https://registry.npm.taobao.org/\nfund=false\n',
  daemon: '{\n  "log-level": "warn",\n  "registry-mirrors": []\n}\n',
};

function write(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/**
 * Start the built harness (out/harness.cjs) on a fresh sandboxed home, with its Test step pointed at loopback
 * mirrors (its --probe-candidates option), and wait for the URL it prints.
 */
export async function startHarness(
  seed: Seed = {},
  env: Record<string, string> = {},
  opts: { candidates?: object[] } = {},
): Promise<Harness> {
  const s = { ...DEFAULT_SEED, ...seed };
  const sandbox = createSandbox('mk-e2e-');
  const files = {
    pip: write(path.join(sandbox.xdgConfig, 'pip', 'pip.conf'), s.pip),
    npmrc: write(path.join(sandbox.home, '.npmrc'), s.npmrc),
    daemon: write(path.join(sandbox.sysroot, 'etc', 'docker', 'daemon.json'), s.daemon),
  };
  const mirrors: Mirror[] = [
    await pypiMirror(),
    await pypiMirror({ rate: 400_000, delayMs: 150 }),
    await notAMirror(),
    await npmMirror(),
  ];
  const [fast, slow, broken, npm] = mirrors as [Mirror, Mirror, Mirror, Mirror];
  const providers = {
    fast: 'loopback-fast',
    slow: 'loopback-slow',
    broken: 'loopback-broken',
    refused: 'loopback-refused',
    npm: 'loopback-npm',
  };
  const candidates = [
    { target: 'pip', kind: 'pypi', provider: providers.fast, url: fast.url },
    { target: 'pip', kind: 'pypi', provider: providers.slow, url: slow.url },
    { target: 'pip', kind: 'pypi', provider: providers.broken, url: broken.url },
    { target: 'pip', kind: 'pypi', provider: providers.refused, url: await refusedUrl() },
    { target: 'npm', kind: 'npm', provider: providers.npm, url: npm.url },
  ];
  // A spec may name its own mirrors (an offline network: every one refusing).
  const candidateFile = write(
    path.join(sandbox.root, 'candidates.json'),
    JSON.stringify(opts.candidates ?? candidates, null, 2),
  );

  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'out', 'harness.cjs'), '--port', '0', '--probe-candidates', candidateFile],
    {
      cwd: ROOT,
      env: { ...sandbox.env, LANG: 'en_US.UTF-8', ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`harness did not start:\n${out}\n${err}`)), 15_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /MirrorKit wizard: (http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{64}\/)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`harness exited with ${code}:\n${out}\n${err}`)));
  });
  let stopped = false;
  return {
    url,
    sandbox,
    files,
    providers,
    stderr: () => err,
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((resolve) =>
        child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
      );
      child.kill('SIGTERM');
      await exited;
      await Promise.all(mirrors.map((m) => m.close()));
      sandbox.cleanup();
    },
  };
}
