/**
 * Loose ordering of the version strings mirrors list (semver, Go's v-prefixed semver, PEP 440 release numbers,
 * Maven's dotted numbers). Only "is this mirror's newest version older than the others'?" depends on it, so
 * it compares release numbers numerically and ranks any pre-release below its release.
 */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  const len = Math.max(pa.nums.length, pb.nums.length);
  for (let i = 0; i < len; i++) {
    const d = (pa.nums[i] ?? 0) - (pb.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === '') return 1;
  if (pb.pre === '') return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

function parse(v: string): { nums: number[]; pre: string } {
  const m = /^v?(\d+(?:\.\d+)*)(.*)$/.exec(v.trim());
  if (!m) return { nums: [], pre: v };
  const nums = (m[1] ?? '').split('.').map(Number);
  // Build metadata (+…) never orders; PEP 440 post-releases (.post1) count as newer than the release.
  const rest = (m[2] ?? '').replace(/\+.*$/, '');
  const post = /^[.-]?post(\d+)/i.exec(rest);
  if (post) return { nums: [...nums, Number(post[1])], pre: '' };
  return { nums, pre: rest };
}

/** Whether a mirror listing `version` lags behind `reference` (the others' newest, or most mirrors' version). */
export function lagsBehind(version: string | undefined, reference: string | undefined): boolean {
  return version !== undefined && reference !== undefined && compareVersions(version, reference) < 0;
}

export function newest(versions: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const v of versions) if (best === undefined || compareVersions(v, best) > 0) best = v;
  return best;
}

/**
 * The version most mirrors list; a tie goes to upstream's (`official`) when it is among the tied, otherwise
 * to the newest. Mirrors listing an older version lag behind and are `stale`.
 */
export function referenceVersion(entries: { version: string; official: boolean }[]): string | undefined {
  if (entries.length < 2) return undefined;
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.version, (counts.get(e.version) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const tied = [...counts.entries()].filter(([, n]) => n === top).map(([v]) => v);
  const upstream = entries.find((e) => e.official && tied.includes(e.version));
  if (upstream) return upstream.version;
  return tied.sort((a, b) => compareVersions(b, a))[0];
}

/** The versions the mirrors list, as referenceVersion weighs them. Freshness is part of the measuring: the tournament skips a lagging mirror's solo run. */
export function versionsOf(
  // Structural, not `Mirror`: the kinds import this module, and Mirror imports the kinds.
  mirrors: readonly { readonly verdict?: { version?: string } | undefined; readonly cand: { provider?: string } }[],
): { version: string; official: boolean }[] {
  return mirrors.flatMap((m) =>
    m.verdict?.version ? [{ version: m.verdict.version, official: m.cand.provider === 'official' }] : [],
  );
}
