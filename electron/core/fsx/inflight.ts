import { readFileSync, rmSync } from 'node:fs';

/**
 * What this process has on disk that must not outlive it: the temp files of writes in progress (one may be a full
 * copy of an `.npmrc` with its token) and the apply locks it holds. A process stopped by a signal removes them
 * at once, synchronously, before it exits (the CLI's interrupt handler); a crash leaves them for the next run's
 * recovery (apply/recover.ts), which is all a SIGKILL allows.
 */
const temps = new Set<string>();
/** Lock file → the token this process wrote into it. */
const locks = new Map<string, string>();

export function trackTemp(file: string): void {
  temps.add(file);
}

export function untrackTemp(file: string): void {
  temps.delete(file);
}

export function trackLock(file: string, token: string): void {
  locks.set(file, token);
}

export function untrackLock(file: string): void {
  locks.delete(file);
}

/** Does this process hold an apply lock now (an apply or restore is between its first and last write)? */
export function holdsLock(): boolean {
  return locks.size > 0;
}

/** The temp files of writes in progress (for tests). */
export function trackedTemps(): string[] {
  return [...temps];
}

function tokenIn(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { token?: unknown }).token as string | undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remove every tracked temp file and release every lock still ours, synchronously: safe in a signal handler or
 * an 'exit' listener, where no promise will run again. A lock another process has taken over is left alone.
 */
export function releaseAllSync(): void {
  for (const t of temps) quietRm(t);
  temps.clear();
  for (const [file, token] of locks) if (tokenIn(file) === token) quietRm(file);
  locks.clear();
}

function quietRm(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // The process is stopping: what cannot be removed now is swept by the next run's recovery.
  }
}
