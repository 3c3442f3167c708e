import path from 'node:path';

import type { Platform } from '../../../shared/types/core';

/**
 * The part of the core's context (`Ctx`, which is built from these functions) that paths are derived from.
 * Declared here rather than picked from `Ctx`, so that context.ts and this file do not import each other.
 */
export interface PathCtx {
  platform: Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Prefix for system-wide paths (MIRRORKIT_SYSROOT); '' means the real root. */
  sysroot: string;
}

/**
 * Where things live, derived only from the variables the tools themselves read, so that a test (or a fleet
 * tool) can point HOME/USERPROFILE/APPDATA/XDG_* at a sandbox and MirrorKit follows exactly as pip, npm, go
 * and cargo would.
 */
export function pathApi(ctx: Pick<PathCtx, 'platform'>): path.PlatformPath {
  return ctx.platform === 'win32' ? path.win32 : path.posix;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v && v.trim() !== '' ? v : undefined;
}

/** The user's home: %USERPROFILE% on Windows (as Python's and Go's os.UserHomeDir), $HOME elsewhere. */
export function homeDir(ctx: Pick<PathCtx, 'platform' | 'env'>): string {
  const e = ctx.env;
  if (ctx.platform === 'win32') {
    const p = nonEmpty(e.USERPROFILE) ?? (e.HOMEDRIVE && e.HOMEPATH ? e.HOMEDRIVE + e.HOMEPATH : undefined);
    if (!p) throw new Error('USERPROFILE is not set');
    return p;
  }
  const h = nonEmpty(e.HOME);
  if (!h) throw new Error('HOME is not set');
  return h;
}

/** %APPDATA% (Roaming). */
export function appData(ctx: Pick<PathCtx, 'platform' | 'env'>): string {
  return nonEmpty(ctx.env.APPDATA) ?? path.win32.join(homeDir(ctx), 'AppData', 'Roaming');
}

/** %LOCALAPPDATA%. */
export function localAppData(ctx: Pick<PathCtx, 'platform' | 'env'>): string {
  return nonEmpty(ctx.env.LOCALAPPDATA) ?? path.win32.join(homeDir(ctx), 'AppData', 'Local');
}

/** $XDG_CONFIG_HOME, ignored when relative (the XDG spec says so, and pip/go follow it). */
export function xdgConfigHome(ctx: Pick<PathCtx, 'platform' | 'env'>): string {
  const x = nonEmpty(ctx.env.XDG_CONFIG_HOME);
  return x && path.posix.isAbsolute(x) ? x : path.posix.join(homeDir(ctx), '.config');
}

export function xdgStateHome(ctx: Pick<PathCtx, 'platform' | 'env'>): string {
  const x = nonEmpty(ctx.env.XDG_STATE_HOME);
  return x && path.posix.isAbsolute(x) ? x : path.posix.join(homeDir(ctx), '.local', 'state');
}

/** ~/Library/Application Support on macOS. */
export function macAppSupport(ctx: Pick<PathCtx, 'platform' | 'env'>): string {
  return path.posix.join(homeDir(ctx), 'Library', 'Application Support');
}

/**
 * A system-wide path (/etc/docker/daemon.json, C:\ProgramData\…) under the root prefix MIRRORKIT_SYSROOT,
 * as apt's Dir option does, so no test ever touches the machine's own /etc.
 */
export function systemPath(ctx: Pick<PathCtx, 'platform' | 'sysroot'>, absolute: string): string {
  if (!ctx.sysroot) return absolute;
  const p = pathApi(ctx);
  const parsed = p.parse(absolute);
  const rest = absolute.slice(parsed.root.length);
  return p.join(ctx.sysroot, rest);
}

/** %ProgramData% (C:\ProgramData). */
export function programData(ctx: Pick<PathCtx, 'platform' | 'env' | 'sysroot'>): string {
  return systemPath(ctx, nonEmpty(ctx.env.ProgramData) ?? nonEmpty(ctx.env.PROGRAMDATA) ?? 'C:\\ProgramData');
}

/** MirrorKit's own state (backups, journal, lock, probe cache). */
export function stateDir(ctx: Pick<PathCtx, 'platform' | 'env'>): string {
  const own = nonEmpty(ctx.env.MIRRORKIT_HOME);
  if (own) return own;
  if (ctx.platform === 'win32') return path.win32.join(localAppData(ctx), 'MirrorKit');
  return path.posix.join(xdgStateHome(ctx), 'mirrorkit');
}
