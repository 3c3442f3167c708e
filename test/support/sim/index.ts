import type { ProbeCandidate, ProbeOptions, ProbeReport } from '../../../electron/core/probe';
import { probeIn } from '../../../electron/core/probe/probe';
import type { World } from '../../../electron/core/probe/world';
import { BASE_PATH } from '../../../scripts/bench/protocols';
import type { MirrorSpec, MirrorStats } from '../../../scripts/bench/testbed';

import { VirtualClock } from './clock';
import { SimLink } from './link';
import { simConnect } from './mirrors';

export { VirtualClock } from './clock';

export interface SimOptions {
  /** A shared access link every mirror's bytes go through (bytes/s). */
  linkBps?: number;
  /** Size of each mirror's throughput file. Default 8 MB, as the loopback testbed's. */
  blobBytes?: number;
}

export interface Sim {
  clock: VirtualClock;
  world: World;
  /** The URL each mirror would be configured with (`http://<id>.sim/…`). */
  url: Record<string, string>;
  stats: Record<string, MirrorStats>;
  candidates(specs?: readonly MirrorSpec[]): ProbeCandidate[];
  /** One speed test in the simulated world, run on the virtual clock until it settles. */
  probe(candidates: ProbeCandidate[], opts?: ProbeOptions): Promise<ProbeReport>;
}

/**
 * The loopback testbed's mirrors (scripts/bench/testbed.ts: the same specs and protocols) in a simulated world: a
 * virtual clock, mirrors with their round trips, rate caps and failures, and an optional shared access link with
 * slow start and fair sharing. Deterministic: the same specs give the same report on any machine.
 */
export function simulate(specs: readonly MirrorSpec[], opts: SimOptions = {}): Sim {
  const clock = new VirtualClock();
  const link = new SimLink(clock, opts.linkBps);
  const byId = new Map(specs.map((s) => [s.id, s]));
  const stats = Object.fromEntries(
    specs.map((s) => [s.id, { bytes: 0, requests: 0, credentialsSeen: false, open: 0 }]),
  );
  const deps = { clock, link, specs: byId, stats, blobBytes: opts.blobBytes ?? 8 * 1024 * 1024 };
  const world: World = { clock, connect: (url, env) => simConnect(deps, url, env) };
  const url = Object.fromEntries(
    specs.map((s) => [s.id, `${s.tls ? 'https' : 'http'}://${s.id}.sim${BASE_PATH[s.kind]}`]),
  );
  const candidates = (list: readonly MirrorSpec[] = specs): ProbeCandidate[] =>
    list.map((s) => ({ target: null, kind: s.kind, url: url[s.id] as string, provider: s.id }));
  return { clock, world, url, stats, candidates, probe: (cands, o) => clock.run(probeIn(world, cands, o)) };
}
