import { readFileSync } from 'node:fs';
import path from 'node:path';

import { npmrcGet } from '../edit/npmrc';

/**
 * `npm run`, `npm start` and `npx` (and yarn/pnpm script runners, which mimic them) put a copy of their own
 * effective configuration into every child's environment as lowercase `npm_config_*` variables. Those copies
 * are not a layer the user set: a new terminal does not have them, and treating them as one makes MirrorKit
 * report a shadowing variable that does not exist and verify against a stale value. This module tells the
 * copies from a user's real variable, once, when the process starts.
 */

type Env = Record<string, string | undefined>;

/** Keys npm always exports about itself; none of them is ever a user's mirror setting. */
const BOOKKEEPING = new Set([
  'cache',
  'global_prefix',
  'globalconfig',
  'init_module',
  'local_prefix',
  'node_gyp',
  'npm_version',
  'prefix',
  'user_agent',
  'userconfig',
]);

const PREFIX = 'npm_config_';

/** True when this process was started by a package manager's script runner (npm, npx, yarn, pnpm). */
export function startedByScriptRunner(env: Env): boolean {
  return Boolean(env.npm_execpath || env.npm_command || env.npm_lifecycle_event);
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function trimSlash(v: string): string {
  return v.replace(/\/+$/, '');
}

/**
 * npm's file layers as the runner that started us saw them (project, then user, then global), using the paths
 * it exported. A key's copy carries the value of the highest file that sets it.
 */
function fileValue(env: Env, key: string, read: (file: string) => string | null): string | undefined {
  const files = [
    env.npm_config_local_prefix ? path.join(env.npm_config_local_prefix, '.npmrc') : undefined,
    env.npm_config_userconfig,
    env.npm_config_globalconfig,
  ];
  for (const f of files) {
    if (!f) continue;
    const text = read(f);
    if (text === null) continue;
    const v = npmrcGet(text, key.replace(/_/g, '-')) ?? npmrcGet(text, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

export interface ScriptEnvSplit {
  /** The environment as a new terminal would have it, as far as npm's copies go. */
  env: Env;
  /** The names that were npm's copies and are left out. */
  injected: string[];
}

/**
 * Leave out the `npm_config_*` variables that are the runner's copies. A copy is lowercase (npm writes only
 * that spelling) and is either npm's own bookkeeping, the twin of a user's differently spelled variable, or
 * equal to what npm's config files say. A value that no file explains came from the user's environment or
 * the runner's command line, and is kept as the layer it really is.
 */
export function splitScriptRunnerEnv(env: Env, read: (file: string) => string | null = readOrNull): ScriptEnvSplit {
  if (!startedByScriptRunner(env)) return { env, injected: [] };
  const out: Env = { ...env };
  const injected: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || value === undefined) continue;
    const key = name.slice(PREFIX.length);
    const twin = Object.keys(env).find((k) => k !== name && k.toLowerCase() === name);
    const copy =
      BOOKKEEPING.has(key) ||
      (twin !== undefined && env[twin] === value) ||
      (() => {
        const f = fileValue(env, key, read);
        return f !== undefined && trimSlash(f) === trimSlash(value);
      })();
    if (copy) {
      delete out[name];
      injected.push(name);
    }
  }
  return { env: out, injected };
}
