import type { CoreDeps } from './api';
import { createContext, type ContextOverrides, type Ctx } from './context';
import { createElevator } from './elevate/broker';
import { nodeExec } from './platform/exec';
import { isElevated } from './platform/win32/admin';
import { createWin32EnvStore } from './platform/win32/env-store';

/**
 * The context for the machine this process runs on. On Windows that means the registry-backed user/machine
 * environment and the token's real elevation; tests and the harness pass overrides instead.
 */
export async function createHostContext(o: ContextOverrides = {}): Promise<Ctx> {
  const platform = o.platform ?? (process.platform === 'win32' ? 'win32' : undefined);
  if (platform !== 'win32' || process.platform !== 'win32') return createContext(o);
  const env = o.env ?? { ...process.env };
  const exec = o.exec ?? nodeExec;
  return createContext({
    ...o,
    platform,
    env,
    exec,
    envStore: o.envStore ?? createWin32EnvStore(exec, { env }),
    isAdmin: o.isAdmin ?? (await isElevated(exec, env)),
  });
}

/**
 * The platform-specific pieces of the engine: on Windows the elevation broker (one UAC prompt per apply);
 * elsewhere none, and admin changes need the process to run as root.
 */
export function hostDeps(ctx: Ctx): CoreDeps {
  return ctx.platform === 'win32' && ctx.envStore.supported ? { elevate: createElevator(ctx) } : {};
}
