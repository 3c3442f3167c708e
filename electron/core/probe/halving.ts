import type { Judgement } from './judge';
import type { Mirror } from './mirror';
import { MIN_TIED, TIED_SHARE } from './tuning';
import type { ArtifactProfile } from './types';

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
