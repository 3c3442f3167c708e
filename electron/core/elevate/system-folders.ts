import path from 'node:path';

import type { Message } from '../../../shared/types/core';
import type { Ctx } from '../context';
import type { Exec } from '../platform/exec';
import { findValue, parseRegQuery } from '../platform/win32/reg';

/**
 * %ProgramData% and the system root as Windows itself records them, for the elevated helper. Never from the
 * helper's environment: `ProgramData`, `SystemRoot`, `windir` and `MIRRORKIT_SYSROOT` there can come from the
 * standard user who asked for the prompt, while the administrator who answers it may be another account.
 * - reg.exe is run from the System32 folder the loader took ntdll.dll from (listed in the process report):
 *   the loader never looks at %SystemRoot% for it, so no variable can slip in another reg.exe;
 * - the system root is `SystemRoot` under HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion;
 * - %ProgramData% is `ProgramData` under …\CurrentVersion\ProfileList (REG_EXPAND_SZ, `%SystemDrive%\ProgramData`),
 *   expanded from that system root alone: any other variable in it is refused.
 */
export const CURRENT_VERSION_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
export const PROFILE_LIST_KEY = `${CURRENT_VERSION_KEY}\\ProfileList`;

export interface SystemFolders {
  systemRoot: string;
  programData: string;
}

/** Where this process's ntdll.dll was loaded from (Windows), from Node's diagnostic report; null if not listed. */
export function loaderSystem32(sharedObjects: readonly string[]): string | null {
  const ntdll = sharedObjects.find((p) => path.win32.basename(p).toLowerCase() === 'ntdll.dll');
  return ntdll && path.win32.isAbsolute(ntdll) ? path.win32.dirname(ntdll) : null;
}

export function regValueArgv(key: string, name: string): string[] {
  return ['query', key, '/v', name];
}

/** `%SystemDrive%` and `%SystemRoot%` expanded from the system root; null when anything else is in the value. */
export function expandFromSystemRoot(data: string, systemRoot: string): string | null {
  const drive = /^[a-z]:/i.exec(systemRoot)?.[0];
  if (!drive) return null;
  const out = data.replace(/%([^%]+)%/g, (m, name: string) => {
    const n = name.toUpperCase();
    return n === 'SYSTEMDRIVE' ? drive : n === 'SYSTEMROOT' ? systemRoot : m;
  });
  return out.includes('%') ? null : out;
}

const bad = (reason: string): Message => ({ code: 'windows.system-folders', params: { reason } });

/** Both folders, or why they could not be read (the helper then refuses the batch: nothing is written). */
export async function systemFolders(exec: Exec, sharedObjects: readonly string[]): Promise<SystemFolders | Message> {
  const sys32 = loaderSystem32(sharedObjects);
  if (!sys32) return bad('ntdll.dll is not among the loaded modules');
  const reg = path.win32.join(sys32, 'reg.exe');
  const read = async (key: string, name: string): Promise<string | Message> => {
    const r = await exec(reg, regValueArgv(key, name), { timeoutMs: 15_000 });
    const v = r.code === 0 ? findValue(parseRegQuery(r.stdout), name) : undefined;
    if (!v || (v.type !== 'REG_SZ' && v.type !== 'REG_EXPAND_SZ') || v.data === '')
      return bad(`${key}\\${name}: ${(r.stderr || r.stdout).trim() || `exit ${r.code}`}`);
    return v.data;
  };
  const root = await read(CURRENT_VERSION_KEY, 'SystemRoot');
  if (typeof root !== 'string') return root;
  if (!/^[a-z]:\\[^%]*$/i.test(root)) return bad(`SystemRoot is ${root}`);
  const raw = await read(PROFILE_LIST_KEY, 'ProgramData');
  if (typeof raw !== 'string') return raw;
  const programData = expandFromSystemRoot(raw, root);
  if (!programData || !/^[a-z]:\\/i.test(programData)) return bad(`ProgramData is ${raw}`);
  return { systemRoot: path.win32.normalize(root), programData: path.win32.normalize(programData) };
}

/** Names Windows treats as one (case-insensitive): every spelling is replaced. */
const OVERRIDDEN = ['SYSTEMROOT', 'WINDIR', 'PROGRAMDATA', 'ALLUSERSPROFILE', 'MIRRORKIT_SYSROOT'];

/** The helper's context with the OS's folders in place of the environment's (and no sysroot prefix). */
export function withSystemFolders(ctx: Ctx, f: SystemFolders): Ctx {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(ctx.env)) if (!OVERRIDDEN.includes(k.toUpperCase())) env[k] = v;
  Object.assign(env, {
    SystemRoot: f.systemRoot,
    windir: f.systemRoot,
    ProgramData: f.programData,
    ALLUSERSPROFILE: f.programData,
  });
  return { ...ctx, env, sysroot: '' };
}

/** The paths of the modules this process has loaded, from Node's diagnostic report ([] where it lists none). */
function loadedModules(): string[] {
  const report = process.report.getReport() as unknown as { sharedObjects?: unknown };
  return Array.isArray(report.sharedObjects) ? report.sharedObjects.filter((p) => typeof p === 'string') : [];
}

/** The folders as this process's Windows records them (the unelevated side finds the helper's result with it). */
export function thisSystemFolders(exec: Exec): Promise<SystemFolders | Message> {
  return systemFolders(exec, loadedModules());
}

/** The elevated helper's context on Windows, or why the OS's folders could not be read (the batch is refused). */
export async function helperContext(ctx: Ctx, modules: readonly string[] = loadedModules()): Promise<Ctx | Message> {
  const f = await systemFolders(ctx.exec, modules);
  return 'code' in f ? f : withSystemFolders(ctx, f);
}
