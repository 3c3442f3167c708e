import type { Change, EnvScope, Layer, Message, PersistentScope, TargetId } from '../../../shared/types/core';
import type { Ctx } from '../context';
import type { ExecResult } from '../platform/exec';
import { execInNewShell, readShellEnv, shellEnvChanges, shellEnvPaths } from '../platform/shell-env';

import { envLayers, exists, rank, readText, shellShadow, windowsEnvWarnings } from './common';
import { setEnv } from './plan-helpers';

/**
 * What tools that read only environment variables (HF_ENDPOINT, ELECTRON_MIRROR, RUSTUP_DIST_SERVER …) share:
 * where a variable is set, how a plan sets several of them, and how to ask the tool as a new terminal would.
 * On Windows the variables are the user's (or the machine's) environment; on Linux and macOS MirrorKit's own
 * env files (platform/shell-env.ts).
 */
const io = { read: readText, exists };

export interface EnvVarLayers {
  layers: Layer[];
  /** The variable in this process and the persistent scopes, as `shellShadow` reads them. */
  env: { scope: EnvScope; value: string }[];
}

/** Every layer that sets `name`: this process, then user and machine (Windows) or MirrorKit's env.sh. */
export async function envVarLayers(ctx: Ctx, name: string): Promise<EnvVarLayers> {
  const env = await envLayers(ctx, name);
  const layers: Omit<Layer, 'effective'>[] = env.map((e) => ({
    origin: { kind: 'env', name, scope: e.scope },
    value: e.value,
  }));
  if (ctx.platform !== 'win32') {
    const paths = await shellEnvPaths(ctx, exists);
    const v = readShellEnv(await readText(paths.sh))[name];
    if (v !== undefined) {
      layers.push({ origin: { kind: 'file', path: paths.sh, key: name }, value: v });
      // This shell sourced env.sh: its copy is explained by the file and hides nothing.
      const i = env.findIndex((e) => e.scope === 'process' && e.value === v);
      if (i >= 0) env.splice(i, 1);
    }
  }
  return { layers: rank(layers), env };
}

/** The variables MirrorKit's env.sh holds now (Linux, macOS); empty on Windows. */
async function inEnvFile(ctx: Ctx): Promise<Record<string, string>> {
  if (ctx.platform === 'win32') return {};
  return readShellEnv(await readText((await shellEnvPaths(ctx, exists)).sh));
}

/**
 * The changes that make new terminals see `set` (null removes a variable), and the warnings that go with them:
 * a value this shell set that will still win, and on Windows a machine value the user one hides.
 */
export async function planEnvVars(
  ctx: Ctx,
  target: TargetId,
  set: Record<string, string | null>,
  envScope: PersistentScope | undefined,
): Promise<{ changes: Change[]; warnings: Message[] }> {
  const warnings: Message[] = [];
  const changes: Change[] = [];
  if (ctx.envStore.supported) {
    const scope = envScope ?? 'user';
    for (const [name, value] of Object.entries(set)) {
      const before = await ctx.envStore.get(name, scope);
      if (value !== before && !(value === null && before === null))
        changes.push(setEnv(target, name, value, scope, before));
      // A user value would hide a machine one: clear it when writing machine-wide.
      const user = scope === 'machine' ? await ctx.envStore.get(name, 'user') : null;
      if (user !== null) changes.push(setEnv(target, name, null, 'user', user));
      warnings.push(...(await windowsEnvWarnings(ctx, name, scope)));
    }
  } else {
    const held = await inEnvFile(ctx);
    // Removing what the file does not hold changes nothing: the files are not created for it.
    const needed = Object.entries(set).some(([k, v]) => v !== null || k in held);
    if (needed) changes.push(...(await shellEnvChanges(ctx, target, set, io)));
  }
  for (const name of Object.keys(set)) {
    const shadow = shellShadow(ctx, name, (await envVarLayers(ctx, name)).env);
    if (shadow) warnings.push(shadow);
  }
  return { changes, warnings };
}

/**
 * Run the tool as a new terminal would see it. Windows: the environment verification was given already holds
 * the apply's variables (api.ts `verifyContext`); elsewhere MirrorKit's env.sh is sourced first.
 */
export async function runAsNewShell(
  ctx: Ctx,
  exe: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<{ command: string[]; result: ExecResult }> {
  if (ctx.platform === 'win32')
    return { command: [exe, ...args], result: await ctx.exec(exe, args, { env: { ...ctx.env }, timeoutMs }) };
  return execInNewShell(ctx, exe, args, io, timeoutMs);
}
