import type { ComplianceCheck, ComplianceVerdict } from '../../shared/ipc/compliance';
import { toMessage } from '../core/errors';

/** The clock and timers the schedule runs on: the real ones in the app, a virtual one in tests. */
export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms);
    // The harness exits when its server closes; a pending check must not keep Node alive.
    h.unref();
    return h;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Node fires a longer timeout at once (after a TimeoutOverflowWarning), and CheckIntervalHours goes up to 720 h
 * (30 days): a longer wait is taken in steps of at most this, against the clock.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const HOUR_MS = 3_600_000;

export interface ComplianceTimerDeps {
  /** The CheckIntervalHours policy when a ProfileUrl policy is set too, else undefined (then nothing is checked). */
  intervalHours: () => Promise<number | undefined>;
  /** The check `mirrorkit check --from-policy` runs. */
  check: () => Promise<ComplianceVerdict>;
  onResult: (c: ComplianceCheck) => void;
  log: (line: string) => void;
  scheduler?: Scheduler;
  /** The first check, this long after start: not while the app is detecting the tools for its first page. */
  firstDelayMs?: number;
}

export interface ComplianceTimer {
  /** The last check's result, null before the first one (or without a schedule). */
  latest(): ComplianceCheck | null;
  /** No further check; one running now is not reported. Called when the app quits. */
  stop(): void;
}

/**
 * The desktop app's periodic compliance check: with a ProfileUrl and a CheckIntervalHours policy, check once soon
 * after start and then every interval (counted from the end of the previous check, so two never overlap). The
 * policy is read again before each check: removed, and the schedule ends. A failing check is a result, not a throw.
 */
export function startComplianceTimer(d: ComplianceTimerDeps): ComplianceTimer {
  const s = d.scheduler ?? realScheduler;
  let stopped = false;
  let handle: unknown;
  let latest: ComplianceCheck | null = null;

  const waitUntil = (dueAt: number): void => {
    const wait = Math.min(Math.max(0, dueAt - s.now()), MAX_TIMEOUT_MS);
    handle = s.setTimeout(() => {
      handle = undefined;
      if (stopped) return;
      if (s.now() < dueAt) waitUntil(dueAt);
      else void tick();
    }, wait);
  };

  const interval = async (): Promise<number | undefined> => {
    try {
      return await d.intervalHours();
    } catch (e) {
      d.log(`compliance schedule: the policy cannot be read: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };

  async function tick(): Promise<void> {
    const hours = await interval();
    if (stopped || hours === undefined) return;
    let result: ComplianceCheck;
    try {
      result = { ...(await d.check()), at: new Date(s.now()).toISOString(), intervalHours: hours };
    } catch (e) {
      const error = toMessage(e);
      if (error.code === 'error.internal')
        d.log(`compliance check failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      result = { verdict: 'failed', at: new Date(s.now()).toISOString(), intervalHours: hours, error };
    }
    if (stopped) return;
    latest = result;
    try {
      d.onResult(result);
    } catch (e) {
      d.log(`compliance listener failed: ${String(e)}`);
    }
    waitUntil(s.now() + hours * HOUR_MS);
  }

  // Without the policies nothing is scheduled at all.
  void interval().then((hours) => {
    if (!stopped && hours !== undefined) waitUntil(s.now() + (d.firstDelayMs ?? 0));
  });

  return {
    latest: () => latest,
    stop: () => {
      stopped = true;
      if (handle !== undefined) s.clearTimeout(handle);
      handle = undefined;
    },
  };
}
