import type { Clock } from '../../../electron/core/probe/world';

interface Timer {
  at: number;
  /** Creation order: timers due at the same instant fire in the order they were set, as Node's do. */
  seq: number;
  fn: () => void;
  every?: number;
}

/**
 * A clock that only moves when told to: `run` fires the earliest timer, lets every promise it released settle,
 * then fires the next one. Nothing depends on how fast the machine is, so a run gives the same answer loaded or
 * idle, and a 5 s speed test takes as long as its computation (milliseconds).
 */
export class VirtualClock implements Clock {
  private t = 0;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), seq: id, fn });
    return id;
  }

  setInterval(fn: () => void, ms: number): number {
    const every = Math.max(1, ms);
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + every, seq: id, fn, every });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  clearInterval(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Runs the world until `p` settles; fails if it cannot settle (nothing left to fire) or runs past `limitMs`. */
  async run<T>(p: Promise<T>, limitMs = 120_000): Promise<T> {
    let settled = false;
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      // Every microtask queued so far (promise chains of any length) runs before an immediate does.
      await new Promise<void>((r) => setImmediate(r));
      if (settled) return p;
      let next: [number, Timer] | undefined;
      for (const e of this.timers)
        if (!next || e[1].at < next[1].at || (e[1].at === next[1].at && e[1].seq < next[1].seq)) next = e;
      if (!next)
        throw new Error(`simulation stalled at ${this.t} ms: nothing is scheduled and the run has not finished`);
      const [id, timer] = next;
      if (timer.at > limitMs) throw new Error(`simulation ran past ${limitMs} ms`);
      this.t = timer.at;
      if (timer.every !== undefined) {
        timer.at += timer.every;
        timer.seq = ++this.seq;
      } else this.timers.delete(id);
      timer.fn();
    }
  }
}
