import { accessSync, constants } from 'node:fs';
import path from 'node:path';

import type { Env } from './sandbox';

/** An executable on PATH (or the sbin folders a non-login PATH may lack), or null: oracles skip and say so. */
export function findExecutable(name: string, env: Env): string | null {
  const dirs = [
    ...(env.PATH ?? '').split(path.delimiter),
    '/usr/sbin',
    '/usr/bin',
    '/usr/local/sbin',
    '/usr/local/bin',
  ];
  for (const d of dirs) {
    if (!d) continue;
    const p = path.join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not in this folder
    }
  }
  return null;
}
