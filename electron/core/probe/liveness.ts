import type { Mirror } from './mirror';
import type { Clock } from './world';
import { LIVENESS_SLOTS, LIVENESS_WAVES, SLOT_HOLD_MS } from './tuning';

/**
 * The liveness probes, with bounded starts: at most LIVENESS_SLOTS at once, more with many candidates (all within
 * about LIVENESS_WAVES slot holds); a probe holds its slot until it ends or SLOT_HOLD_MS, so a hanging mirror
 * delays the others by that much at most. `after` gets each mirror once its probe has ended. Candidates of several
 * tools that would run the same check (`share`) run it once.
 */
export function startLiveness(
  mirrors: readonly Mirror[],
  clock: Clock,
  stopped: () => boolean,
  after: (m: Mirror) => void,
  share = true,
): void {
  // One check per URL and kind: pip, uv, pdm and poetry on one PyPI mirror, npm, pnpm, yarn and bun on one registry.
  const twins = new Map<Mirror, Mirror[]>();
  const firsts = new Map<string, Mirror>();
  const queue: Mirror[] = [];
  for (const m of mirrors) {
    const first = share ? firsts.get(m.livenessKey) : undefined;
    if (first) twins.set(first, [...(twins.get(first) ?? []), m]);
    else {
      firsts.set(m.livenessKey, m);
      queue.push(m);
    }
  }
  let free = Math.max(LIVENESS_SLOTS, Math.ceil(queue.length / LIVENESS_WAVES));
  const next = (): void => {
    while (free > 0 && queue.length > 0 && !stopped()) {
      const m = queue.shift() as Mirror;
      free--;
      let held = true;
      const release = (): void => {
        if (!held) return;
        held = false;
        free++;
        next();
      };
      const hold = clock.setTimeout(release, SLOT_HOLD_MS);
      const waiting = twins.get(m) ?? [];
      for (const t of waiting) t.awaitTwin();
      void m.liveness().then(() => {
        clock.clearTimeout(hold);
        release();
        after(m);
        for (const t of waiting) {
          t.adoptLiveness(m);
          after(t);
        }
      });
    }
  };
  next();
}
