import fs from 'node:fs/promises';
import path from 'node:path';

import type { Ctx } from '../../electron/core/context';
import { nodeExec, type Exec } from '../../electron/core/platform/exec';
import { sandboxCtx } from '../../electron/core/targets/test-context';

/**
 * A Windows context over the wsl.exe STAND-IN (test/support/wsl-exe-standin.cjs): %SystemRoot% points into the
 * sandbox, where the stand-in sits as System32\wsl.exe beside one folder per distro. The core computes the
 * Windows path `<SystemRoot>\System32\wsl.exe` exactly as on Windows; this Linux host spells the same path with
 * `/`, which is the only translation the runner below makes.
 */
export interface WslSandbox {
  ctx: Ctx;
  root: string;
  /** `<SystemRoot>\System32\wsl.exe`, as the core names it. */
  wslExe: string;
  /** Make a distro: its files by absolute Linux path; `running: false` makes it a stopped one. */
  distro(name: string, files: Record<string, string | Buffer>, opts?: { running?: boolean }): Promise<string>;
  /** Make `linuxPath` a symbolic link whose text is `target` (absolute targets mean the distro's own `/`). */
  link(distro: string, linuxPath: string, target: string): Promise<void>;
  /** Where a distro's Linux path lives on this host. */
  hostPath(distro: string, linuxPath: string): string;
  /** The argument lists wsl.exe was called with, in order. */
  calls(): Promise<string[][]>;
  cleanup(): Promise<void>;
}

const STANDIN = path.join(import.meta.dirname, 'wsl-exe-standin.cjs');

export const UBUNTU_OS =
  'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\n';
export const DEBIAN_OS = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_CODENAME=bookworm\n';
export const ALPINE_OS = 'NAME="Alpine Linux"\nID=alpine\nPRETTY_NAME="Alpine Linux v3.20"\n';

export async function wslSandbox(env: Record<string, string> = {}): Promise<WslSandbox> {
  const toHost = (p: string) => p.replaceAll('\\', '/');
  const exec: Exec = (command, args, opts) => nodeExec(toHost(command), args, opts);
  const pathVar = [
    path.dirname(process.execPath),
    '/usr/local/sbin',
    '/usr/local/bin',
    '/usr/sbin',
    '/usr/bin',
    '/sbin',
    '/bin',
  ];
  const made = await sandboxCtx({ platform: 'win32', exec, env: { PATH: pathVar.join(':'), ...env } });
  const systemRoot = path.join(made.root, 'Windows');
  const system32 = path.join(systemRoot, 'System32');
  await fs.mkdir(path.join(system32, 'wsl-standin-distros'), { recursive: true });
  await fs.copyFile(STANDIN, path.join(system32, 'wsl.exe'));
  await fs.chmod(path.join(system32, 'wsl.exe'), 0o755);
  // The env is read-only on Ctx; the sandbox owns this one and completes it before the first use.
  (made.ctx.env as Record<string, string>).SystemRoot = systemRoot;
  const distroRoot = (name: string) => path.join(system32, 'wsl-standin-distros', name);
  const hostPath = (d: string, linuxPath: string) => path.join(distroRoot(d), ...linuxPath.split('/'));
  return {
    ctx: made.ctx,
    root: made.root,
    wslExe: `${systemRoot.replaceAll('/', '\\')}\\System32\\wsl.exe`,
    async distro(name, files, opts = {}) {
      for (const dir of ['/etc/apt/sources.list.d', '/tmp']) await fs.mkdir(hostPath(name, dir), { recursive: true });
      if (opts.running === false) await fs.writeFile(path.join(distroRoot(name), '.standin-stopped'), '');
      for (const [p, text] of Object.entries(files)) {
        await fs.mkdir(path.dirname(hostPath(name, p)), { recursive: true });
        await fs.writeFile(hostPath(name, p), text);
      }
      return distroRoot(name);
    },
    async link(d, linuxPath, target) {
      await fs.mkdir(path.dirname(hostPath(d, linuxPath)), { recursive: true });
      await fs.symlink(target, hostPath(d, linuxPath));
    },
    hostPath,
    async calls() {
      const log = await fs.readFile(path.join(system32, 'wsl-standin.log'), 'utf8').catch(() => '');
      return log
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]);
    },
    cleanup: made.cleanup,
  };
}
