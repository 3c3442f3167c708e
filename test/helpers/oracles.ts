import { accessSync, constants } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './sandbox';

/**
 * Where scripts/oracles/install.sh puts the real tools the oracle tests run (uv, pdm …): folders to put in
 * front of a sandbox's PATH, and a lookup that tells a test to skip (with the reason) when a tool is absent.
 */
export const ORACLE_BIN_DIRS = [
  path.join(REPO_ROOT, '.cache', 'oracles', 'venv', 'bin'),
  path.join(REPO_ROOT, '.cache', 'oracles', 'npm', 'node_modules', '.bin'),
  path.join(REPO_ROOT, '.cache', 'oracles', 'poetry', 'bin'),
];

export function oracleBin(name: string): string | null {
  for (const d of ORACLE_BIN_DIRS) {
    const p = path.join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not installed here
    }
  }
  return null;
}

/** The skip reason for a missing oracle, or false when it is there. */
export function skipUnless(name: string): string | false {
  return oracleBin(name) === null ? `${name} is not installed (scripts/oracles/install.sh installs it)` : false;
}

/**
 * An npm-published tool scripts/oracles/install.sh put under .cache/oracles/<name> (one prefix per version:
 * pnpm10, pnpm, yarn1, berry, bun). The folder holding its executable, to put first on a sandbox PATH, or the
 * reason to skip.
 */
export function npmOracle(name: string, exe: string): { dir: string } | { skip: string } {
  const dir = path.join(REPO_ROOT, '.cache', 'oracles', name, 'node_modules', '.bin');
  try {
    accessSync(path.join(dir, exe), constants.X_OK);
    return { dir };
  } catch {
    return { skip: `${exe} (${name}) is not installed: run scripts/oracles/install.sh (CI does) to get the real tool` };
  }
}

/** `env` with `dir` first on PATH. */
export function withPath(env: Record<string, string | undefined>, dir: string): Record<string, string | undefined> {
  return { ...env, PATH: `${dir}${path.delimiter}${env.PATH ?? ''}` };
}
