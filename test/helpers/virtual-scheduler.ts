import type { Scheduler } from '../../electron/main/compliance-timer';

/** A clock that only moves when `advance` is called, firing the timers that come due on the way. */
export function virtualScheduler(): Scheduler & { advance(ms: number): Promise<void>; pending(): number[] } {
  let now = Date.parse('2026-12-07T08:00:00Z');
  let next = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++next;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    pending: () => [...timers.values()].map((t) => t.at - now),
    async advance(ms) {
      const end = now + ms;
      await settle();
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await settle();
      }
      now = end;
      await settle();
    },
  };
}
