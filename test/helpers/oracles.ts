import { existsSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from './sandbox';

/**
 * The real tools scripts/oracles/install.sh puts under .cache/oracles/<name> (CI runs it; tests never download).
 * Returns the folder holding the tool's executable, to put first on the sandbox PATH, or a skip reason.
 */
export function oracleBin(name: string, exe: string): { dir: string } | { skip: string } {
  const dir = path.join(REPO_ROOT, '.cache', 'oracles', name, 'node_modules', '.bin');
  if (existsSync(path.join(dir, exe))) return { dir };
  return { skip: `${exe} (${name}) is not installed: run scripts/oracles/install.sh (CI does) to get the real tool` };
}

/** PATH with `dir` first. */
export function withPath(env: Record<string, string | undefined>, dir: string): Record<string, string | undefined> {
  return { ...env, PATH: `${dir}${path.delimiter}${env.PATH ?? ''}` };
}
