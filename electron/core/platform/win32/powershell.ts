import { system32 } from './search-path';

/**
 * How MirrorKit runs PowerShell: a CONSTANT script, base64-encoded as UTF-16LE for `-EncodedCommand`, with every
 * value it needs passed through environment variables of the spawned process. No value is ever spliced into
 * script text, so no quoting bug can turn a mirror URL or a rule name into code (STYLE.md §4, rule 7).
 */

/** `-EncodedCommand` takes base64 of the UTF-16LE bytes of the script. */
export function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

export function decodePowerShell(encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf16le');
}

/** Windows PowerShell 5.1 by absolute path: it ships with every supported Windows, unlike pwsh. */
export function powershellExe(env: Readonly<Record<string, string | undefined>>): string {
  return system32(env, 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

export function powershellArgs(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encodePowerShell(script)];
}

/** A variable name MirrorKit uses to hand a value to a script: a fixed prefix, so no script reads anything else. */
export type ScriptEnvName = `MIRRORKIT_${string}`;

/**
 * The env of a PowerShell child: the parent's env plus the script's inputs. Inputs are checked to be plain strings
 * without NUL (which would truncate a Windows environment block).
 */
export function scriptEnv(
  base: Readonly<Record<string, string | undefined>>,
  inputs: Readonly<Record<ScriptEnvName, string>>,
): Record<string, string | undefined> {
  for (const [k, v] of Object.entries(inputs)) {
    if (v.includes('\0')) throw new Error(`NUL in ${k}`);
  }
  return { ...base, ...inputs };
}
