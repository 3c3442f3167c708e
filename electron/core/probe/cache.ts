import fs from 'node:fs/promises';
import path from 'node:path';

import { normalizeMirrorUrl } from '../../../shared/catalog';
import type { Ctx } from '../context';
import { atomicWrite } from '../fsx/atomic';

import { probeMirrors } from './probe';
import type { BestPick, ProbeCandidate, ProbeOptions, ProbeReport, ProbeResult } from './types';

export interface CachedResult {
  /** Target, or kind for `--kind` tests. */
  group: string;
  url: string;
  /** When it was measured (ISO 8601). */
  at: string;
  /** Its place in that test's ranking (0 = best). */
  rank: number;
  result: ProbeResult;
}

interface CacheFile {
  version: 1;
  results: Record<string, CachedResult>;
  best: Record<string, { at: string; pick: BestPick | null }>;
}

export function probeCachePath(ctx: Pick<Ctx, 'stateDir'>): string {
  return path.join(ctx.stateDir, 'probe-cache.json');
}

function key(group: string, url: string): string {
  return `${group} ${normalizeMirrorUrl(url)}`;
}

async function load(ctx: Pick<Ctx, 'stateDir'>): Promise<CacheFile> {
  try {
    const data = JSON.parse(await fs.readFile(probeCachePath(ctx), 'utf8')) as Partial<CacheFile>;
    if (data.version === 1 && data.results && data.best) return data as CacheFile;
  } catch {
    // Missing or damaged: the cache is only ever a convenience.
  }
  return { version: 1, results: {}, best: {} };
}

/** Every cached result, newest measurement per (target or kind, mirror); `maxAgeMs` drops older ones. */
export async function readProbeCache(ctx: Pick<Ctx, 'stateDir' | 'now'>, maxAgeMs?: number): Promise<CachedResult[]> {
  const file = await load(ctx);
  const limit = maxAgeMs === undefined ? -Infinity : ctx.now().getTime() - maxAgeMs;
  return Object.values(file.results).filter((r) => Date.parse(r.at) >= limit);
}

/**
 * Probe and remember the results in `<stateDir>/probe-cache.json`. With `maxAgeMs`, a test whose every
 * candidate was measured within that age is answered from the cache (wallMs 0, bytes 0) without any traffic.
 */
export async function cachedProbe(
  ctx: Pick<Ctx, 'stateDir' | 'now'>,
  candidates: ProbeCandidate[],
  opts: ProbeOptions & { maxAgeMs?: number } = {},
): Promise<ProbeReport & { cached: boolean }> {
  const file = await load(ctx);
  if (opts.maxAgeMs !== undefined) {
    const fromCache = answerFromCache(file, candidates, ctx.now().getTime() - opts.maxAgeMs);
    if (fromCache) return { ...fromCache, cached: true };
  }
  const report = await probeMirrors(candidates, opts);
  const at = ctx.now().toISOString();
  const rankIn = new Map<string, number>();
  for (const r of report.results) {
    const group = r.target ?? r.kind;
    const rank = rankIn.get(group) ?? 0;
    rankIn.set(group, rank + 1);
    file.results[key(group, r.url)] = { group, url: r.url, at, rank, result: r };
  }
  for (const [group, pick] of Object.entries(report.best)) file.best[group] = { at, pick: pick ?? null };
  await atomicWrite(probeCachePath(ctx), `${JSON.stringify(file, null, 2)}\n`);
  return { ...report, cached: false };
}

function answerFromCache(file: CacheFile, candidates: ProbeCandidate[], since: number): ProbeReport | undefined {
  const rows: CachedResult[] = [];
  for (const c of candidates) {
    const hit = file.results[key(c.target ?? c.kind, c.url)];
    if (!hit || Date.parse(hit.at) < since) return undefined;
    rows.push(hit);
  }
  const groups = [...new Set(rows.map((r) => r.group))];
  const best: ProbeReport['best'] = {};
  for (const g of groups) {
    const b = file.best[g];
    if (!b || Date.parse(b.at) < since) return undefined;
    best[g] = b.pick;
  }
  const results = groups.flatMap((g) =>
    rows
      .filter((r) => r.group === g)
      .sort((a, b) => a.rank - b.rank)
      .map((r) => r.result),
  );
  return { results, best, wallMs: 0, bytes: 0 };
}
