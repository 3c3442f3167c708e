import type { MirrorKind, TargetId } from '../types/core';

/**
 * The speed test as it crosses the IPC boundary. The probe engine (electron/core/probe) produces these shapes;
 * they are restated here because shared/ must not import the Node-side engine, and the binding's assignment
 * makes the compiler check that both agree.
 */
export const PROBE_OUTCOMES = [
  'ok',
  'slow',
  'stale',
  'http-error',
  'wrong-protocol',
  'tls-error',
  'dns-error',
  'refused',
  'connect-timeout',
  'ttfb-timeout',
  'stalled',
] as const;
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number];

/** One mirror about to be probed. */
export interface ProbeTarget {
  target: TargetId;
  kind: MirrorKind;
  url: string;
  provider: string;
}

/** One finished probe. Times in milliseconds, throughput in bytes per second; null when never measured. */
export interface ProbeResultData extends ProbeTarget {
  outcome: ProbeOutcome;
  latencyMs: number | null;
  throughputBps: number | null;
  estimateMs: number | null;
  score: number | null;
  reason?: string;
}

export interface ProbeReportData {
  results: ProbeResultData[];
  /** The winner per target, when any mirror of that target worked. */
  best: Partial<Record<TargetId, ProbeResultData>>;
  wallMs: number;
  bytes: number;
}

/** Streamed on `probe:progress`: the list of mirrors when a run starts, then each result as it finishes. */
export type ProbeEvent =
  | { type: 'start'; runId: number; candidates: ProbeTarget[] }
  | { type: 'result'; runId: number; result: ProbeResultData }
  | { type: 'end'; runId: number; cancelled: boolean };
