import os from 'node:os';

import { holdsLock, releaseAllSync } from '../core/fsx/inflight';

/** Ctrl-C, `kill`/a service manager stopping the process, and a closed terminal. */
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface InterruptTrap {
  /** Aborted (reason: the signal's name) when an interrupt arrives while an apply or restore holds the lock. */
  signal: AbortSignal;
  /** The conventional exit code once a signal arrived (128 + its number: 130 for SIGINT, 143 for SIGTERM). */
  exitCode(): number | undefined;
}

const codeOf = (s: NodeJS.Signals): number => 128 + (os.constants.signals[s] ?? 0);

/**
 * Replace the default "die at once" of an interrupt. With no apply or restore under way nothing is half done:
 * the process removes its temp files and exits now. Inside one, the apply is told to stop (it undoes what it
 * wrote unless every change is already written; a restore completes), so the lock is released and no temp
 * file is left when the process exits. The 'exit' listener removes what is still tracked on any other way out.
 */
export function trapInterrupts(): InterruptTrap {
  const ac = new AbortController();
  let got: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals): void => {
    // A terminal's Ctrl-C reaches bin/mirrorkit.cjs and this process both, and the wrapper passes it on: once is enough.
    if (got) return;
    got = s;
    if (!holdsLock()) {
      releaseAllSync();
      process.exit(codeOf(s));
    }
    ac.abort(s);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', releaseAllSync);
  return { signal: ac.signal, exitCode: () => (got ? codeOf(got) : undefined) };
}
