import type { Layer, Message, PersistentScope } from '../../../../shared/types/core';
import type { Ctx } from '../../context';

/**
 * Precedence of one variable on Windows, as a new process sees it: a user variable replaces a machine variable of
 * the same name (PATH aside, which Windows concatenates and MirrorKit never touches). The running process's own
 * environment is a snapshot taken when it started; it differs from the registry after a change until a new
 * terminal is opened. Tool files (the Go env file, pip.ini …) rank below all of these; target modules append them.
 */
export interface EnvPrecedence {
  name: string;
  user: string | null;
  machine: string | null;
  process: string | null;
  /** The value a newly started terminal will have, and where it comes from. */
  persistent: { value: string; scope: PersistentScope } | null;
  /** Highest precedence first. */
  layers: Layer[];
  warnings: Message[];
}

function processValue(env: Ctx['env'], name: string): string | null {
  const n = name.toUpperCase();
  for (const [k, v] of Object.entries(env)) if (k.toUpperCase() === n && v !== undefined) return v;
  return null;
}

export async function envPrecedence(ctx: Pick<Ctx, 'env' | 'envStore'>, name: string): Promise<EnvPrecedence> {
  const [user, machine] = await Promise.all([ctx.envStore.get(name, 'user'), ctx.envStore.get(name, 'machine')]);
  const proc = processValue(ctx.env, name);
  const persistent =
    user !== null
      ? { value: user, scope: 'user' as const }
      : machine !== null
        ? { value: machine, scope: 'machine' as const }
        : null;
  const layers: Layer[] = [];
  const warnings: Message[] = [];
  if (user !== null) layers.push({ origin: { kind: 'env', name, scope: 'user' }, value: user, effective: true });
  if (machine !== null)
    layers.push({ origin: { kind: 'env', name, scope: 'machine' }, value: machine, effective: user === null });
  if (proc !== null && proc !== persistent?.value) {
    layers.push({ origin: { kind: 'env', name, scope: 'process' }, value: proc, effective: persistent === null });
    if (persistent) warnings.push({ code: 'windows.env-session-stale', params: { name, value: proc } });
  }
  if (user !== null && machine !== null && user !== machine) {
    warnings.push({ code: 'windows.env-user-shadows-machine', params: { name, user, machine } });
  }
  return { name, user, machine, process: proc, persistent, layers, warnings };
}

/**
 * Warnings for writing `name` at `scope`: a machine value is dead on arrival while the user has their own.
 */
export function scopeWarnings(p: EnvPrecedence, scope: PersistentScope): Message[] {
  if (scope === 'machine' && p.user !== null) {
    return [{ code: 'windows.env-machine-shadowed', params: { name: p.name, user: p.user } }];
  }
  return [];
}
