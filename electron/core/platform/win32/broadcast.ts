import type { Exec, ExecResult } from '../exec';

import { powershellArgs, powershellExe } from './powershell';

/**
 * What `setx` does after writing the registry: broadcast WM_SETTINGCHANGE with lParam "Environment", so Explorer
 * reloads the environment and terminals started from it afterwards see the new value. There is no reg.exe switch
 * for it, so a constant PowerShell script P/Invokes SendMessageTimeout. The script takes no input at all.
 * HWND_BROADCAST = 0xffff, WM_SETTINGCHANGE = 0x1A, SMTO_ABORTIFHUNG = 2; 5 s per window so a hung window cannot
 * stall the apply.
 */
export const BROADCAST_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '$sig = \'[DllImport("user32.dll", SetLastError = true, CharSet = CharSet.Unicode)] public static extern IntPtr SendMessageTimeout(IntPtr hWnd, uint Msg, UIntPtr wParam, string lParam, uint fuFlags, uint uTimeout, out UIntPtr lpdwResult);\'',
  "$t = Add-Type -MemberDefinition $sig -Name 'SettingChange' -Namespace 'MirrorKit' -PassThru",
  '$r = [UIntPtr]::Zero',
  "$ok = $t::SendMessageTimeout([IntPtr]0xffff, 0x1A, [UIntPtr]::Zero, 'Environment', 2, 5000, [ref]$r)",
  'if ($ok -eq [IntPtr]::Zero) { exit 1 }',
  'exit 0',
].join('\n');

export function broadcastArgv(env: Readonly<Record<string, string | undefined>>): { command: string; args: string[] } {
  return { command: powershellExe(env), args: powershellArgs(BROADCAST_SCRIPT) };
}

/** Run the broadcast. Its failure never undoes a registry write: the value is stored and a new logon sees it. */
export async function broadcastEnvironmentChange(
  exec: Exec,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ExecResult> {
  const { command, args } = broadcastArgv(env);
  return exec(command, args, { env: { ...env }, timeoutMs: 30_000 });
}
