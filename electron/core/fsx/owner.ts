import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Who holds a lock, and whether that process still exists. A process id alone is not enough: ids are reused,
 * so the owner also records when its process started, and a live process with the same id but another start
 * time is somebody else.
 */
export interface LockOwner {
  pid: number;
  /** Process start time as the OS reports it (Linux: clock ticks since boot, /proc/<pid>/stat field 22); null where unknown. */
  start: string | null;
  host: string;
  /** Random per acquisition: tells this holder's lock from a newer one at the same path. */
  token: string;
}

interface ProcInfo {
  state: string;
  start: string;
}

/** Linux: the state letter and start time of a process, or null when it does not exist. */
function procStat(pid: number): ProcInfo | null | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ESRCH' ? null : undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and ')': split after the last one.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  const start = rest[19];
  return state && start ? { state, start } : undefined;
}

const hasProc = process.platform === 'linux';

/** This process's start time, as `alive` will later read it back. */
export function processStart(pid = process.pid): string | null {
  if (!hasProc) return null;
  return procStat(pid)?.start ?? null;
}

export function currentOwner(token: string): LockOwner {
  return { pid: process.pid, start: processStart(), host: os.hostname(), token };
}

/**
 * Is the owner's process still running on this host? The same id with another start time is a reused id:
 * the owner is gone.
 */
export function ownerAlive(owner: LockOwner): boolean {
  if (!pidAlive(owner.pid)) return false;
  if (owner.start === null) return true;
  const now = processStart(owner.pid);
  return now === null || now === owner.start;
}

/** Same host: the owner's liveness can be checked here. Another host (a shared state folder): it cannot. */
export function sameHost(owner: LockOwner): boolean {
  return owner.host === os.hostname();
}

export function parseOwner(text: string): LockOwner | null {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (!Number.isInteger(v.pid) || (v.pid as number) <= 0) return null;
    if (typeof v.host !== 'string' || typeof v.token !== 'string') return null;
    if (v.start !== null && typeof v.start !== 'string') return null;
    return { pid: v.pid as number, start: v.start, host: v.host, token: v.token };
  } catch {
    return null;
  }
}

/**
 * Does process `pid` exist and can it still run? A zombie (killed, not yet reaped by its parent) cannot: it
 * will never write again. Where there is no /proc, `kill(pid, 0)` tells whether the id exists.
 */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (hasProc) {
    const info = procStat(pid);
    if (info === null) return false;
    if (info !== undefined) return info.state !== 'Z' && info.state !== 'X' && info.state !== 'x';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
