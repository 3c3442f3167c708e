import { judge, type Judgement } from './judge';
import type { Mirror } from './mirror';
import { linkLooksFull } from './rotation';
import type { LinkState } from './shared-link';
import { CANNOT_WIN, EARLY_MIN_LEVELLED, EARLY_WINDOW_MS, MIN_TIED, RAMP_GRACE_MS, TIED_SHARE } from './tuning';
import type { ArtifactProfile } from './types';

type Judged = { m: Mirror } & Judgement;

/**
 * The streams that cannot win even if their rate kept doubling. A stream still ramping up gets RAMP_GRACE_MS
 * first, so that where it levels off (what ranks it) is seen rather than guessed. A rate is only a mirror's own as
 * long as no full link shares it out: until a halving has shown that the survivors did not take over the freed
 * share (`link` 'not-full'), a rate cannot prove that a stream cannot win.
 */
export function cannotWin<J extends Judged>(
  judged: readonly J[],
  now: number,
  best: (m: Mirror) => number | undefined,
  link: LinkState,
): J[] {
  return judged.filter(
    (j) =>
      link === 'not-full' &&
      j.optimistic > CANNOT_WIN * (best(j.m) ?? Infinity) &&
      (!j.ramping || now - (j.m.firstByteAt ?? now) >= RAMP_GRACE_MS),
  );
}

/**
 * The worse half of `left` (of `remaining` streams in all, `limit` to keep), to stop; streams still in slow start
 * stay unless the keys rank them as if alone (a tied link, halvingKeys): their rate so far understates them.
 */
export function worseHalf<J extends Judged>(
  left: readonly J[],
  remaining: number,
  limit: number,
  artifact: (m: Mirror) => ArtifactProfile,
  groupsOf: (m: Mirror) => readonly string[] = () => [],
): J[] {
  const { shared, key } = halvingKeys(left, artifact);
  const byNow = [...left].sort((a, b) => key(a) - key(b));
  const drop = Math.min(remaining - Math.max(limit, Math.ceil(remaining / 2)), Math.floor(byNow.length / 2));
  // The best stream of each tool stays, though others' hosts rank above it (one phase for every tool, run.ts).
  const kept = new Set<J>();
  const seen = new Set<string>();
  for (const j of byNow)
    for (const g of groupsOf(j.m))
      if (!seen.has(g)) {
        seen.add(g);
        kept.add(j);
      }
  return byNow.slice(byNow.length - drop).filter((j) => (!j.ramping || shared) && !kept.has(j));
}

/**
 * A full link shows within a few round trips: the near mirrors' streams level off at one rate together. The
 * streams judged over the early window when they do (rotation can then start before the first halving round),
 * else undefined.
 */
export function fullLinkEarly(
  streams: readonly Mirror[],
  now: number,
  artifact: (m: Mirror) => ArtifactProfile,
): Judged[] | undefined {
  const judged: Judged[] = [];
  for (const m of streams) {
    if (m.firstByteAt === undefined || now - m.firstByteAt < EARLY_WINDOW_MS) continue;
    const j = judge(m, now, EARLY_WINDOW_MS, artifact(m));
    if (j) judged.push({ m, ...j });
  }
  const levelled = judged.filter((j) => !j.ramping).map((j) => j.bps);
  return linkLooksFull(levelled, EARLY_MIN_LEVELLED) ? judged : undefined;
}

/**
 * What a halving round ranks the streams on. When several levelled streams sit together at the top rate, they
 * are most likely held to one ceiling, a full shared link's share: their rates then say only "at least this
 * much", and the differences between them are noise that would decide at random which mirror survives; a
 * stream still in slow start says even less. Every stream is then ranked on what it would take alone at that
 * ceiling, which keeps what is known of it (first byte, round trip, so slow start), except a stream clearly
 * below the ceiling: it runs at its own cap and is ranked on that. Without such a group (`shared` false) the
 * streams keep their measured estimate, and those in slow start are not judged yet.
 */
export function halvingKeys<J extends { m: Mirror } & Judgement>(
  judged: readonly J[],
  artifact: (m: Mirror) => ArtifactProfile,
): { shared: boolean; key: (j: J) => number } {
  const levelled = judged.filter((j) => !j.ramping);
  const ceiling = Math.max(0, ...levelled.map((j) => j.bps));
  const shared = levelled.filter((j) => j.bps >= TIED_SHARE * ceiling).length >= MIN_TIED;
  if (!shared) return { shared, key: (j) => j.steady };
  const keys = new Map<J, number>();
  for (const j of judged) {
    const ownCap = !j.ramping && j.bps < TIED_SHARE * ceiling;
    keys.set(j, j.m.soloEstimate(artifact(j.m), ownCap ? j.bps : ceiling) ?? j.steady);
  }
  return { shared, key: (j) => keys.get(j) ?? j.steady };
}

export function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * The best estimate so far per tool (TournamentCtx.groupsOf). To win for some tool measured on its host, a stream
 * must beat the largest of those tools' bests (undefined while one of them has none); with one tool, the best so far.
 */
export class Bests {
  private readonly of = new Map<string, number>();

  constructor(private readonly groupsOf: (m: Mirror) => readonly string[]) {}

  note(m: Mirror, est: number): void {
    for (const g of this.groupsOf(m)) this.of.set(g, Math.min(this.of.get(g) ?? Infinity, est));
  }

  toBeat(m: Mirror): number | undefined {
    let most: number | undefined;
    for (const g of this.groupsOf(m)) {
      const v = this.of.get(g);
      if (v === undefined) return undefined;
      most = Math.max(most ?? -Infinity, v);
    }
    return most;
  }
}
