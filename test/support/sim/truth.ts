import { HostResolver } from '../../../electron/core/probe/resolve';
import { TRUTH_BYTES, TRUTH_PATH } from '../../../scripts/bench/protocols';
import type { MirrorSpec } from '../../../scripts/bench/testbed';

import { simulate, type SimOptions } from './index';

/**
 * The benchmark's ground truth in the simulated world: each host's 5 MB fetch on a fresh connection, alone on its
 * path (and on the access link, when there is one), timed on the virtual clock from the request to the last byte.
 */
export async function simTruth(specs: readonly MirrorSpec[], opts: SimOptions = {}): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const spec of specs) {
    const sim = simulate([spec], opts);
    const now = (): number => sim.clock.now();
    const env = {
      resolver: new HostResolver(now),
      now,
      signal: new AbortController().signal,
      h2: false,
      connect: sim.world.connect,
      onBytes: () => {},
      setPhase: () => {},
    };
    const fetch = async (): Promise<number> => {
      const conn = await sim.world.connect(new URL(sim.url[spec.id] as string), env);
      const res = await conn.request({ path: TRUTH_PATH, headers: {}, maxBytes: TRUTH_BYTES, collect: false });
      conn.destroy();
      if (res.bodyBytes < TRUTH_BYTES) throw new Error(`short read from ${spec.id}`);
      return now();
    };
    out[spec.id] = await sim.clock.run(fetch());
  }
  return out;
}
