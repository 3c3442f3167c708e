import type { PersistentScope } from '../../../shared/types/core';

/**
 * Persistent environment variables: the user and machine environment on Windows (HKCU\Environment and
 * HKLM\…\Session Manager\Environment). POSIX has no such store: variables live in shell profiles, which
 * MirrorKit reports but does not edit.
 */
export interface EnvStore {
  readonly supported: boolean;
  get(name: string, scope: PersistentScope): Promise<string | null>;
  set(name: string, value: string | null, scope: PersistentScope): Promise<void>;
}

export const posixEnvStore: EnvStore = {
  supported: false,
  get: () => Promise.resolve(null),
  set: (name) => Promise.reject(new Error(`no persistent environment store on this platform (${name})`)),
};

/** An in-memory store for tests of the win32 logic on any OS. */
export function memoryEnvStore(initial: Partial<Record<PersistentScope, Record<string, string>>> = {}): EnvStore & {
  dump(): Record<PersistentScope, Record<string, string>>;
} {
  const data: Record<PersistentScope, Record<string, string>> = {
    user: { ...(initial.user ?? {}) },
    machine: { ...(initial.machine ?? {}) },
  };
  return {
    supported: true,
    get: (name, scope) => Promise.resolve(data[scope][name] ?? null),
    set: (name, value, scope) => {
      if (value === null) delete data[scope][name];
      else data[scope][name] = value;
      return Promise.resolve();
    },
    dump: () => structuredClone(data),
  };
}
