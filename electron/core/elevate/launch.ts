import path from 'node:path';

import type { Exec } from '../platform/exec';
import { windowsCommandLine } from '../platform/win32/cmdline';
import { powershellArgs, powershellExe, scriptEnv } from '../platform/win32/powershell';

import { NONCE } from './workdir';

/**
 * Starting the helper elevated: the same executable, relaunched through UAC by a constant PowerShell script.
 * The script gets the executable and the (already quoted) argument line from MIRRORKIT_ELEVATE_* variables, so no
 * path or hash is ever part of script text. UAC "No" surfaces from Start-Process as a Win32Exception with
 * NativeErrorCode 1223 (ERROR_CANCELLED), which the script turns into exit code 1223; the message text is
 * localized and never parsed. `$p.Handle` is read before waiting because Windows PowerShell otherwise loses
 * the exit code of a process it did not start with a cached handle.
 */
export const ERROR_CANCELLED = 1223;

export const ELEVATE_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  'try {',
  '  $p = Start-Process -FilePath $env:MIRRORKIT_ELEVATE_EXE -ArgumentList $env:MIRRORKIT_ELEVATE_ARGS -Verb RunAs -WindowStyle Hidden -PassThru',
  '} catch {',
  '  $e = $_.Exception',
  '  while ($null -ne $e) {',
  '    if ($e -is [System.ComponentModel.Win32Exception] -and $e.NativeErrorCode -eq 1223) { exit 1223 }',
  '    $e = $e.InnerException',
  '  }',
  '  [Console]::Error.WriteLine($_.Exception.Message)',
  '  exit 1',
  '}',
  '$null = $p.Handle',
  '$p.WaitForExit()',
  'if ($null -eq $p.ExitCode) { exit 1 }',
  'exit $p.ExitCode',
].join('\n');

/** What the unelevated side passes on the helper's command line. */
export interface ElevatedCall {
  batchPath: string;
  sha256: string;
  /** The name of the helper's result folder, drawn by the caller (workdir.ts). */
  nonce: string;
  /** The invoking user, who may read the result: `*SID` or `DOMAIN\user` (as write.ts's icaclsPrincipal gives it). */
  principal: string;
}

/** This program as something to start again: the executable and the arguments that come before ours. */
export interface SelfCommand {
  exe: string;
  args: string[];
}

export interface SelfProcess {
  execPath: string;
  argv: readonly string[];
  execArgv: readonly string[];
  versions: { electron?: string };
  /** Electron sets it when run as `electron <app path>` (development). */
  defaultApp?: boolean;
}

/**
 * Packaged app: just the exe (its main routes `--elevated` before anything else). Electron in development: the
 * exe plus the app path. Node (the `mirrorkit` CLI bundle): node, its own flags, and the script. Paths are made
 * absolute because an elevated process starts in System32, not in our working directory.
 */
export function selfCommand(p: SelfProcess): SelfCommand {
  const script = p.argv[1];
  if (p.versions.electron) {
    return { exe: p.execPath, args: p.defaultApp && script ? [path.resolve(script)] : [] };
  }
  return { exe: p.execPath, args: [...p.execArgv, ...(script ? [path.resolve(script)] : [])] };
}

export function currentSelf(): SelfCommand {
  return selfCommand({
    execPath: process.execPath,
    argv: process.argv,
    execArgv: process.execArgv,
    versions: process.versions as { electron?: string },
    defaultApp: (process as { defaultApp?: boolean }).defaultApp,
  });
}

/** The helper's full argv after the executable. */
export function elevatedArgs(self: SelfCommand, call: ElevatedCall): string[] {
  return [
    ...self.args,
    '--elevated',
    call.batchPath,
    '--sha256',
    call.sha256,
    '--result',
    call.nonce,
    '--for',
    call.principal,
  ];
}

export interface Invocation {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
}

/** The exact PowerShell invocation that shows one UAC prompt and starts the helper. */
export function elevateInvocation(
  baseEnv: Readonly<Record<string, string | undefined>>,
  exe: string,
  args: readonly string[],
): Invocation {
  return {
    command: powershellExe(baseEnv),
    args: powershellArgs(ELEVATE_SCRIPT),
    env: scriptEnv(baseEnv, { MIRRORKIT_ELEVATE_EXE: exe, MIRRORKIT_ELEVATE_ARGS: windowsCommandLine(args) }),
  };
}

export interface LaunchResult {
  code: number | null;
  detail?: string;
}

/** Start the helper and wait for it. Tests replace this; only real Windows shows a prompt. */
export type LaunchFn = (exe: string, args: string[]) => Promise<LaunchResult>;

/** A UAC prompt waits for the user; fifteen minutes is "walked away", not "slow". */
const PROMPT_TIMEOUT_MS = 15 * 60_000;

export function powershellLauncher(exec: Exec, baseEnv: Readonly<Record<string, string | undefined>>): LaunchFn {
  return async (exe, args) => {
    const inv = elevateInvocation(baseEnv, exe, args);
    const r = await exec(inv.command, inv.args, { env: inv.env, timeoutMs: PROMPT_TIMEOUT_MS });
    const detail = (r.stderr.trim() || r.failureDetail) ?? '';
    return { code: r.code, ...(detail ? { detail } : {}) };
  };
}

/**
 * `--elevated <batch> --sha256 <hex> --result <nonce> --for <user>` as the CLI or the app's main receives it; null
 * when malformed. The values are checked again where they are used (read-batch.ts, workdir.ts, folder-acl.ts).
 */
export function parseElevatedArgs(args: readonly string[]): ElevatedCall | null {
  const i = args.indexOf('--elevated');
  if (i === -1) return null;
  const [batchPath, f1, sha256, f2, nonce, f3, principal] = args.slice(i + 1, i + 8);
  if (!batchPath || batchPath.startsWith('--') || f1 !== '--sha256' || f2 !== '--result' || f3 !== '--for') return null;
  if (!sha256 || !/^[0-9a-f]{64}$/i.test(sha256) || !nonce || !NONCE.test(nonce) || !principal) return null;
  return { batchPath, sha256, nonce, principal };
}
