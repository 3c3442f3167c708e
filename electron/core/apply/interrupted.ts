import type { Message, TargetId, Verification } from '../../../shared/types/core';

/** Why an apply stopped: the user interrupted it (the abort reason is the signal's name, e.g. SIGINT). */
export function interrupted(signal: AbortSignal): Message {
  return { code: 'error.interrupted', params: { signal: String(signal.reason) } };
}

/**
 * The tool's answer, or, if the user interrupts first, a check given up: the change itself is complete, and a
 * tool that hangs (a dead proxy, a slow `go env`) must not keep an interrupted MirrorKit holding its lock.
 */
export function unlessInterrupted(
  target: TargetId,
  check: () => Promise<Verification>,
  signal: AbortSignal | undefined,
): Promise<Verification> {
  const givenUp = (s: AbortSignal): Verification => ({
    target,
    ok: false,
    observed: null,
    command: [],
    skipped: { code: 'verify.interrupted', params: { signal: String(s.reason) } },
  });
  if (!signal) return check();
  if (signal.aborted) return Promise.resolve(givenUp(signal));
  return new Promise((resolve, reject) => {
    const stop = (): void => resolve(givenUp(signal));
    signal.addEventListener('abort', stop, { once: true });
    check()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', stop));
  });
}
