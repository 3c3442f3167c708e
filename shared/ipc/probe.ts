import type { Message, MirrorKind, TargetId } from '../types/core';

/**
 * The speed test as it crosses the IPC boundary: the fields of the probe engine's results
 * (electron/core/probe/types.ts) that the wizard shows. They are restated here because shared/ must not import
 * the Node-side engine; the binding hands the engine's values over unchanged, and the compiler checks there
 * that they fit these shapes.
 */
export type ProbeOutcome =
  | 'ok'
  | 'slow'
  | 'stale'
  | 'http-error'
  | 'wrong-protocol'
  | 'tls-error'
  | 'dns-error'
  | 'refused'
  | 'connect-timeout'
  | 'ttfb-timeout'
  | 'stalled';

/** One mirror about to be probed. */
export interface ProbeTarget {
  target: TargetId | null;
  kind: MirrorKind;
  url: string;
  provider?: string;
  /** This is the mirror the tool uses now. */
  current?: boolean;
}

/** One finished probe. Times in milliseconds, throughput in bytes per second; absent when never measured. */
export interface ProbeResultData extends ProbeTarget {
  outcome: ProbeOutcome;
  /** Why it failed or how it was ranked. */
  reason?: Message;
  latencyMs?: number;
  ttfbMs?: number;
  throughputBps?: number;
  estimateMs?: number;
  /** 100 for the best usable mirror of its tool, less for slower ones, 0 when unusable. */
  score?: number;
  bytes: number;
}

export interface BestPickData {
  url: string;
  provider?: string;
  marginPct?: number;
  confident: boolean;
}

export interface ProbeReportData {
  results: ProbeResultData[];
  /** The pick per target; null when no mirror of that target is usable. */
  best: Partial<Record<string, BestPickData | null>>;
  wallMs: number;
  bytes: number;
}

/** Streamed on `probe:progress`: the list of mirrors when a run starts, then each result as it finishes. */
export type ProbeEvent =
  | { type: 'start'; runId: number; candidates: ProbeTarget[] }
  | { type: 'result'; runId: number; result: ProbeResultData }
  | { type: 'end'; runId: number; cancelled: boolean };
