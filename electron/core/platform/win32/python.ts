import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Ctx } from '../../context';
import type { Exec } from '../exec';
import { localAppData } from '../paths';

import { findAllOnPath, isInside, systemRoot } from './search-path';

/**
 * Which Python runs `pip config` on Windows. The `py` launcher comes first: it is what python.org installs and it
 * picks the newest Python 3 whatever PATH says. `python.exe` under %LOCALAPPDATA%\Microsoft\WindowsApps is the
 * Microsoft Store's App Execution Alias: with no Store Python installed it opens the Store (or exits 9009) instead
 * of running anything, so it is never a candidate.
 */
export interface PipRunner {
  command: string;
  /** Arguments before pip's own: e.g. ['-3', '-m', 'pip']. */
  args: string[];
}

export interface PythonCandidate {
  command: string;
  args: string[];
  source: 'py-launcher' | 'path';
}

/** cmd.exe's "not recognized" exit code, also what the Store alias returns when no Store Python is installed. */
export const STORE_STUB_EXIT = 9009;

export function storeAliasDir(ctx: Pick<Ctx, 'platform' | 'env'>): string {
  return path.win32.join(localAppData(ctx), 'Microsoft', 'WindowsApps');
}

export function pythonCandidates(
  ctx: Pick<Ctx, 'platform' | 'env'>,
  exists: (p: string) => boolean = existsSync,
): PythonCandidate[] {
  const stubDir = storeAliasDir(ctx);
  const launchers = [
    ...findAllOnPath(ctx.env, 'py.exe', exists),
    path.win32.join(systemRoot(ctx.env), 'py.exe'),
    path.win32.join(localAppData(ctx), 'Programs', 'Python', 'Launcher', 'py.exe'),
  ].filter((p) => exists(p) && !isInside(p, stubDir));
  const pythons = findAllOnPath(ctx.env, 'python.exe', exists).filter((p) => !isInside(p, stubDir));
  const seen = new Set<string>();
  const out: PythonCandidate[] = [];
  for (const p of launchers) {
    if (seen.has(p.toLowerCase())) continue;
    seen.add(p.toLowerCase());
    out.push({ command: p, args: ['-3'], source: 'py-launcher' });
  }
  for (const p of pythons) {
    if (seen.has(p.toLowerCase())) continue;
    seen.add(p.toLowerCase());
    out.push({ command: p, args: [], source: 'path' });
  }
  return out;
}

/** The first candidate whose `-m pip --version` works; null when no usable Python with pip exists. */
export async function pickPipRunner(
  candidates: readonly PythonCandidate[],
  exec: Exec,
  env?: Record<string, string | undefined>,
): Promise<PipRunner | null> {
  for (const c of candidates) {
    const r = await exec(c.command, [...c.args, '-m', 'pip', '--version'], { env, timeoutMs: 20_000 });
    if (r.code === 0 && /^pip \d/m.test(r.stdout)) return { command: c.command, args: [...c.args, '-m', 'pip'] };
  }
  return null;
}
