/**
 * The speed test: which mirror is fastest from here. Used by `mirrorkit test`, `apply --fastest` and the app's
 * Test step. The README's "Speed test" section documents the algorithm, the per-kind checks and the JSON shape.
 */
export { probeMirrors } from './probe';
export { DEFAULT_BUDGET, DEFAULT_TIMEOUT_MS, QUICK_BUDGET } from './tuning';
export { candidatesFor, choicesFromReport, type TargetCandidate } from './candidates';
export { cachedProbe, readProbeCache, probeCachePath, type CachedResult } from './cache';
export { PROBE_OUTCOMES } from './types';
export type {
  ArtifactProfile,
  BestPick,
  CurrentComparison,
  ProbeCandidate,
  ProbeDeadline,
  ProbeOptions,
  ProbeOutcome,
  ProbeProxy,
  ProbeReport,
  ProbeResult,
} from './types';
export { KINDS } from './kinds';
