import type { Ctx } from '../context';
import type { ExecResult } from '../platform/exec';

import { runAsNewShell } from './env-tool';

/**
 * The value of `name` a new terminal would get, read back after an apply, for a tool that cannot be asked here
 * (Flutter, Homebrew). Linux and macOS: a new shell sources MirrorKit's env.sh and prints the variable. Windows:
 * the persisted value a new process inherits (the user's, else the machine's).
 */
export async function readBack(
  ctx: Ctx,
  name: string,
): Promise<{ command: string[]; value: string | null; failed?: ExecResult }> {
  if (ctx.envStore.supported) {
    const value = (await ctx.envStore.get(name, 'user')) ?? (await ctx.envStore.get(name, 'machine'));
    return { command: ['read', `HKCU\\Environment\\${name}`, `HKLM\\…\\Environment\\${name}`], value: value || null };
  }
  const { command, result } = await runAsNewShell(ctx, 'printenv', [name], 15_000);
  // printenv answers 1, silently, for a variable that is not set.
  if (result.code === 1 && result.stdout === '') return { command, value: null };
  if (result.code !== 0) return { command, value: null, failed: result };
  return { command, value: result.stdout.replace(/\r?\n$/, '') || null };
}
