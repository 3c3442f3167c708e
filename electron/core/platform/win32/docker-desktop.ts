import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Message } from '../../../../shared/types/core';
import type { Ctx } from '../../context';
import { homeDir, programData, systemPath } from '../paths';

import { envValue, system32 } from './search-path';

/**
 * Docker Desktop on Windows: it reads %USERPROFILE%\.docker\daemon.json (the Settings → Docker Engine page edits
 * the same file) and applies it only when it restarts. A managed machine may lock the engine settings in
 * %ProgramData%\DockerDesktop\admin-settings.json, and then whatever daemon.json says is overridden.
 */
export const DOCKER_DESKTOP_IMAGE = 'Docker Desktop.exe';

export interface DockerDesktopPaths {
  exe: string;
  cli: string;
  daemonJson: string;
  adminSettings: string;
}

export function dockerDesktopPaths(ctx: Pick<Ctx, 'platform' | 'env' | 'sysroot'>): DockerDesktopPaths {
  const programFiles = systemPath(ctx, envValue(ctx.env, 'ProgramFiles') ?? 'C:\\Program Files');
  const app = path.win32.join(programFiles, 'Docker', 'Docker');
  return {
    exe: path.win32.join(app, DOCKER_DESKTOP_IMAGE),
    cli: path.win32.join(app, 'resources', 'bin', 'docker.exe'),
    daemonJson: path.win32.join(homeDir(ctx), '.docker', 'daemon.json'),
    adminSettings: path.win32.join(programData(ctx), 'DockerDesktop', 'admin-settings.json'),
  };
}

export function tasklistArgv(image: string = DOCKER_DESKTOP_IMAGE): string[] {
  return ['/FI', `IMAGENAME eq ${image}`, '/FO', 'CSV', '/NH'];
}

/**
 * PIDs of `image` in `tasklist /FO CSV /NH` output. With no match tasklist prints a localized "INFO: …" line
 * instead of CSV, which simply yields no PID.
 */
export function parseTasklistCsv(stdout: string, image: string = DOCKER_DESKTOP_IMAGE): number[] {
  const pids: number[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^"([^"]*)","(\d+)"/.exec(line.trim());
    if (m && m[1]?.toLowerCase() === image.toLowerCase()) pids.push(Number(m[2]));
  }
  return pids;
}

/** Which engine settings an administrator locked: `linuxVM` and/or `windowsContainers` dockerDaemonOptions. */
export function parseAdminSettingsLocks(text: string): { locked: string[] } | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (typeof doc !== 'object' || doc === null) return { error: 'not a JSON object' };
  const locked: string[] = [];
  for (const section of ['linuxVM', 'windowsContainers']) {
    const opts = (doc as Record<string, unknown>)[section];
    const daemon =
      typeof opts === 'object' && opts !== null ? (opts as Record<string, unknown>).dockerDaemonOptions : undefined;
    if (typeof daemon === 'object' && daemon !== null && (daemon as Record<string, unknown>).locked === true)
      locked.push(section);
  }
  return { locked };
}

export interface DockerDesktopStatus {
  installed: boolean;
  running: boolean;
  warnings: Message[];
}

export interface DockerDesktopDeps {
  exists?: (p: string) => boolean;
  readText?: (p: string) => string;
}

export async function dockerDesktopStatus(
  ctx: Pick<Ctx, 'platform' | 'env' | 'sysroot' | 'exec'>,
  deps: DockerDesktopDeps = {},
): Promise<DockerDesktopStatus> {
  const exists = deps.exists ?? existsSync;
  const readText = deps.readText ?? ((p: string) => readFileSync(p, 'utf8'));
  const p = dockerDesktopPaths(ctx);
  const warnings: Message[] = [];
  const installed = exists(p.exe);
  if (!installed) warnings.push({ code: 'windows.docker-desktop-not-installed', params: { path: p.exe } });
  const r = await ctx.exec(system32(ctx.env, 'tasklist.exe'), tasklistArgv(), {
    env: { ...ctx.env },
    timeoutMs: 15_000,
  });
  const running = r.code === 0 && parseTasklistCsv(r.stdout).length > 0;
  if (exists(p.adminSettings)) {
    let text: string | null = null;
    try {
      text = readText(p.adminSettings);
    } catch (e) {
      warnings.push({
        code: 'windows.docker-admin-settings-unreadable',
        params: { path: p.adminSettings, reason: String(e) },
      });
    }
    if (text !== null) {
      const locks = parseAdminSettingsLocks(text);
      if ('error' in locks) {
        warnings.push({
          code: 'windows.docker-admin-settings-unreadable',
          params: { path: p.adminSettings, reason: locks.error },
        });
      } else if (locks.locked.length > 0) {
        warnings.push({
          code: 'windows.docker-admin-locked',
          params: { path: p.adminSettings, sections: locks.locked.join(', ') },
        });
      }
    }
  }
  if (installed && running) warnings.push({ code: 'warn.docker-desktop-restart' });
  return { installed, running, warnings };
}

/**
 * `docker desktop restart` (Docker Desktop 4.37 and later) by the CLI that ships with it. Older versions have no
 * such command; the caller then shows warn.docker-desktop-restart and lets the user restart from the tray, rather
 * than killing the UI process, which leaves the backend half running.
 */
export function dockerDesktopRestartArgv(ctx: Pick<Ctx, 'platform' | 'env' | 'sysroot'>): {
  command: string;
  args: string[];
} {
  return { command: dockerDesktopPaths(ctx).cli, args: ['desktop', 'restart'] };
}

export async function restartDockerDesktop(
  ctx: Pick<Ctx, 'platform' | 'env' | 'sysroot' | 'exec'>,
): Promise<{ restarted: true } | { restarted: false; message: Message }> {
  const { command, args } = dockerDesktopRestartArgv(ctx);
  const r = await ctx.exec(command, args, { env: { ...ctx.env }, timeoutMs: 180_000 });
  if (r.code === 0) return { restarted: true };
  return {
    restarted: false,
    message: {
      code: 'windows.docker-desktop-restart-manual',
      params: { reason: (r.stderr.trim() || r.failureDetail) ?? `exit ${r.code}` },
    },
  };
}
