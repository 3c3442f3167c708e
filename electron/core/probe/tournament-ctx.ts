import type { Mirror } from './mirror';
import type { ArtifactProfile, Evidence, ProbeOutcome } from './types';

/** What the throughput phase (tournament.ts and its phases) gets from the run (run.ts). */
export interface TournamentCtx {
  now: () => number;
  artifact: (m: Mirror) => ArtifactProfile;
  quick: boolean;
  /** Body bytes per mirror in screening, and in a finalist's solo run. */
  screenCap: number;
  perMirrorCap: number;
  /** Time left before the global deadline. */
  timeLeft: () => number;
  /** False once the byte budget is spent or the run is stopping. */
  mayDownload: () => boolean;
  /** Bytes left in the budget. */
  bytesLeft: () => number;
  settle: (m: Mirror, outcome: ProbeOutcome, estimateMs?: number, evidence?: Evidence) => void;
  unmeasured: (m: Mirror, note: string, outcome?: ProbeOutcome) => void;
  /** Usable, its throughput not measured in time: ranked on an estimate from its latency alone. */
  guessed: (m: Mirror, estimateMs: number) => void;
  /**
   * Whether a held stream may run alone in the final: not when every tool it is measured for lists an older version
   * on it than most of that tool's mirrors (stale: never picked, so a solo run would only spend the finals' time).
   */
  fresh: (m: Mirror) => boolean;
  /**
   * The tools measured on `m`'s host (its own and those of the candidates following it, hosts.ts): a host is given
   * up only when it cannot win for any of them, and each of them should have a host of its own run alone.
   */
  groupsOf: (m: Mirror) => readonly string[];
  /** A settled estimate changed: the link turned out to have been full while the stream ran (link.ts). */
  revise: (m: Mirror, estimateMs: number) => void;
}
