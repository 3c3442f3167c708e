import type { ProbeCandidate, ProbeOptions, ProbeReport } from '../../../electron/core/probe';
import type { MirrorKind } from '../../../shared/types/core';
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
  /** The URL each mirror would be configured with (`http://<id>.sim/…`), for its first kind. */
  url: Record<string, string>;
  /** The URL of host `id` for `kind` (a host serving several kinds has one per kind). */
  urlFor(id: string, kind: MirrorKind): string;
  stats: Record<string, MirrorStats>;
  /** One candidate per host and kind it serves (target null: grouped by kind). */
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
    specs.map((s) => [s.id, { bytes: 0, requests: 0, credentialsSeen: false, open: 0, blobs: 0 }]),
  );
  const deps = { clock, link, specs: byId, stats, blobBytes: opts.blobBytes ?? 8 * 1024 * 1024 };
  const world: World = { clock, connect: (url, env) => simConnect(deps, url, env) };
  const urlFor = (id: string, kind: MirrorKind): string =>
    `${byId.get(id)?.tls ? 'https' : 'http'}://${id}.sim${BASE_PATH[kind]}`;
  const url = Object.fromEntries(specs.map((s) => [s.id, urlFor(s.id, s.kind)]));
  const candidates = (list: readonly MirrorSpec[] = specs): ProbeCandidate[] =>
    list.flatMap((s) =>
      (s.kinds ?? [s.kind]).map((kind) => ({ target: null, kind, url: urlFor(s.id, kind), provider: s.id })),
    );
  return {
    clock,
    world,
    url,
    urlFor,
    stats,
    candidates,
    probe: (cands, o) => clock.run(probeIn(world, cands, o)),
  };
}
