import { TARGET_IDS, TARGET_KIND, type TargetId } from '../../shared/targets';
import type { MirrorKind } from '../../shared/types/core';

import { BASE_PATH } from './protocols';
import { rng } from './stats';
import type { Behaviour, MirrorSpec } from './testbed';

/**
 * `mirrorkit test` with every detected tool: 20 tools (pip, npm … electron; several share a kind, as pip, uv and
 * pdm do) on 9 big mirror sites that each serve about 80 % of the kinds (as mirrors.aliyun.com serves PyPI, Maven,
 * Go, crates, conda …), one upstream per kind far away, and 6 broken hosts: 150+ candidates on ~35 hosts.
 */
export const MANY_TOOLS: readonly TargetId[] = TARGET_IDS.slice(0, 20);
const SITES = 9;
const BROKEN: Behaviour[] = ['refused', 'hang', 'stall', 'wrong-protocol', 'http404', 'blackhole'];

export function manyKindsTestbed(seed: number, opts: { blackhole?: boolean } = {}): MirrorSpec[] {
  const r = rng(seed);
  const logUniform = (lo: number, hi: number): number => Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo)));
  const kinds = [...new Set(MANY_TOOLS.map((t) => TARGET_KIND[t]))];
  const specs: MirrorSpec[] = [];
  for (let i = 0; i < SITES; i++) {
    const served = kinds.filter(() => r() < 0.8);
    if (served.length === 0) served.push(kinds[0] as MirrorKind);
    specs.push({
      id: `site${i}`,
      kind: served[0] as MirrorKind,
      kinds: served,
      behaviour: 'ok',
      rttMs: Math.round(logUniform(8, 150)),
      rateBps: Math.round(logUniform(1e6, 20e6)),
    });
  }
  for (const kind of kinds)
    specs.push({
      id: `up-${kind}`,
      kind,
      behaviour: 'ok',
      rttMs: Math.round(logUniform(60, 300)),
      rateBps: Math.round(logUniform(1e6, 20e6)),
    });
  BROKEN.forEach((b, i) => {
    const behaviour = b === 'blackhole' && opts.blackhole === false ? 'hang' : b;
    specs.push({ id: `bad${i}`, kind: kinds[(i * 5) % kinds.length] as MirrorKind, behaviour, rttMs: 20 });
  });
  return specs;
}

/** Every tool's candidates on the testbed: each host that serves the tool's kind, at `origin` + the kind's path. */
export function manyToolCandidates(
  specs: readonly MirrorSpec[],
  urlFor: (id: string, kind: MirrorKind) => string,
): { target: TargetId; kind: MirrorKind; url: string; provider: string }[] {
  return MANY_TOOLS.flatMap((target) => {
    const kind = TARGET_KIND[target];
    return specs
      .filter((s) => (s.kinds ?? [s.kind]).includes(kind))
      .map((s) => ({ target, kind, url: urlFor(s.id, kind), provider: s.id }));
  });
}

/** A testbed origin's URL for `kind` (the loopback testbed serves every kind of a host under its BASE_PATH). */
export const kindUrl = (origin: string, kind: MirrorKind): string => `${origin}${BASE_PATH[kind]}`;
