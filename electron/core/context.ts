import { langFromLocale } from '../../shared/i18n';
import type { Lang, Platform } from '../../shared/types/core';
import { loadCatalog, type Catalog } from '../../shared/catalog';

import { posixEnvStore, type EnvStore } from './platform/env-store';
import { nodeExec, type Exec } from './platform/exec';
import { stateDir } from './platform/paths';
import { splitScriptRunnerEnv } from './platform/script-env';

/**
 * Everything the core needs from the outside world, in one value. Tests build one over a sandboxed env;
 * the CLI and the app build one over the real process.
 */
export interface Ctx {
  platform: Platform;
  /**
   * The environment the tools will see (and from which every path is derived): the process's own, less the
   * copies of npm's configuration that a script runner (`npm start`, `npx`) put there.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** The `npm_config_*` names left out of `env` as a script runner's copies. */
  runnerCopies: readonly string[];
  /** Prefix for system-wide paths (MIRRORKIT_SYSROOT); '' means the real root. */
  sysroot: string;
  /** MirrorKit's state folder. */
  stateDir: string;
  exec: Exec;
  envStore: EnvStore;
  /** Whether this process may write system locations (root, or an elevated Windows token). */
  isAdmin: boolean;
  catalog: Catalog;
  lang: Lang;
  now: () => Date;
}

export interface ContextOverrides {
  platform?: Platform;
  env?: Record<string, string | undefined>;
  exec?: Exec;
  envStore?: EnvStore;
  isAdmin?: boolean;
  lang?: Lang;
  now?: () => Date;
}

function asPlatform(p: NodeJS.Platform): Platform {
  return p === 'win32' || p === 'darwin' ? p : 'linux';
}

function localeOf(env: Record<string, string | undefined>): string | undefined {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
}

/** Build the context for this process; every field may be overridden (tests, the elevated helper). */
export function createContext(o: ContextOverrides = {}): Ctx {
  const { env, injected } = splitScriptRunnerEnv(o.env ?? { ...process.env });
  const platform = o.platform ?? asPlatform(process.platform);
  const partial = { platform, env };
  return {
    platform,
    env,
    runnerCopies: injected,
    sysroot: env.MIRRORKIT_SYSROOT ?? '',
    stateDir: stateDir(partial),
    exec: o.exec ?? nodeExec,
    envStore: o.envStore ?? posixEnvStore,
    isAdmin: o.isAdmin ?? (typeof process.getuid === 'function' ? process.getuid() === 0 : false),
    catalog: loadCatalog(),
    lang: o.lang ?? langFromLocale(localeOf(env)),
    now: o.now ?? (() => new Date()),
  };
}
