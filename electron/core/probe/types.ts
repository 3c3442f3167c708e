import type { Message, MirrorKind, TargetId } from '../../../shared/types/core';

/** How a probe ended. Every failure class names the phase that failed; `deadline` says which limit fired. */
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

/**
 * What a mirror's estimate rests on, which decides who may take first place (rank.ts, promoteMeasured):
 * `solo` measured as far as this test goes (alone in the final; or still running when the test or quick mode's
 * screening ended; or a kind ranked on latency alone), `measured` its throughput seen while it shared the link with
 * other streams, `guessed` no body in time, estimated from its latency, `none` no estimate (failed, or cut).
 */
export type Evidence = 'solo' | 'measured' | 'guessed' | 'none';

/** How a mirror ended up: its outcome, its estimate and what the estimate rests on. */
export interface Final {
  outcome: ProbeOutcome;
  estimateMs?: number;
  evidence: Evidence;
}

/** The note on a usable mirror whose throughput was not measured in time and is estimated from its latency. */
export const GUESSED_NOTE = 'probe.note.estimated';
/** The note on a mirror ranked on the stream another tool's candidate ran on the same host (host-streams.ts). */
export const HOST_NOTE = 'probe.note.host';

/**
 * Which limit ended the probe: a per-phase deadline (connect 2 s, TLS 2.5 s, first byte 3 s, body stall 1 s),
 * the run's global deadline, or the "cannot win any more" cut (still waiting although even a perfect answer
 * could not beat the best estimate).
 */
export type ProbeDeadline = 'connect' | 'tls' | 'ttfb' | 'stall' | 'global' | 'cannot-win';

export interface ProbeCandidate {
  /** The tool the mirror is for; null for `--kind … --url …` tests of arbitrary URLs. */
  target: TargetId | null;
  kind: MirrorKind;
  /** The mirror URL exactly as the tool would be configured (apt: the site root or archive URL). */
  url: string;
  provider?: string;
  /** The catalog's small probe path, relative to `url`; each kind has a default. */
  probe?: string;
  /** This is the mirror the tool uses now. */
  current?: boolean;
}

/** The typical artifact a tool fetches: its size, and how many requests it costs (latency-weighted tools). */
export interface ArtifactProfile {
  bytes: number;
  requests: number;
}

/** A forward proxy per scheme (http:// URLs), and the hosts reached without it (NO_PROXY syntax). */
export interface ProbeProxy {
  https?: string;
  http?: string;
  noProxy: string[];
}

export interface ProbeOptions {
  /** Latency phase, then only the 3 lowest-latency mirrors per tool in the throughput phase (≤ 10 MB). */
  quick?: boolean;
  /** Global deadline in ms. Default 5000; larger values only when passed explicitly. */
  timeoutMs?: number;
  /** Byte budget for the whole test (default 40 MB, quick 10 MB). */
  budgetBytes?: number;
  signal?: AbortSignal;
  /** Called once per mirror, as soon as its result is known (refused connections within ~100 ms). */
  onProgress?: (r: ProbeResult) => void;
  /** Monotonic clock in ms (tests). */
  now?: () => number;
  /** Extra trusted CA certificates (PEM), for test servers with self-signed certificates only. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Probe through this proxy, as the tools will fetch (`mirrorkit test` passes the profile's or the environment's). */
  proxy?: ProbeProxy;
  /** Rank for this artifact instead of each tool's typical one (the benchmark ranks for a 5 MB fetch). */
  artifact?: ArtifactProfile;
  /**
   * Measure a host serving several candidates (kinds, tools) once and share it (default). False streams every
   * candidate on its own: only for the benchmark's comparison (`bench:probe -- --scenario many-kinds`).
   */
  shareHosts?: boolean;
}

export interface ProbeResult {
  target: TargetId | null;
  kind: MirrorKind;
  url: string;
  provider?: string;
  outcome: ProbeOutcome;
  /** Why it failed or how it was ranked (translatable). */
  reason?: Message;
  deadline?: ProbeDeadline;
  /** DNS resolution of the mirror's host (reported, never ranked). */
  dnsMs?: number;
  /** TCP connect. */
  tcpMs?: number;
  /** TLS handshake (https only). */
  tlsMs?: number;
  /** From the start of the connection to the first response headers (fresh connection, DNS excluded). */
  ttfbMs?: number;
  /** Second request on the same kept-alive connection: what each further request of the tool costs. */
  warmRttMs?: number;
  /** Per-request latency used in ranking: the warm round trip, or first byte minus handshakes. */
  latencyMs?: number;
  /** Bytes per second, counted from the first body byte only. */
  throughputBps?: number;
  /** Estimated time to fetch the tool's typical artifact: first byte + further requests + size ÷ throughput. */
  estimateMs?: number;
  /** 100 for the best usable mirror of its tool, 100 × best estimate ÷ this estimate otherwise, 0 when unusable. */
  score?: number;
  family?: 4 | 6;
  address?: string;
  /** Negotiated protocol ("h2", "http/1.1"); absent for plain http. */
  alpn?: string;
  /** Where the liveness request ended after redirects. */
  finalUrl?: string;
  /** Host that serves the downloads, when it is not the index host ("index here, downloads from X"). */
  downloadHost?: string;
  /** Bytes read from this mirror (both phases, headers included). */
  bytes: number;
  /** Newest version of the probe package this mirror lists (freshness check). */
  newestVersion?: string;
  current?: boolean;
}

export interface BestPick {
  url: string;
  provider?: string;
  /** How much slower the runner-up is, in percent of the winner's estimate. */
  marginPct?: number;
  /** True when the runner-up is at least 10% slower (or there is no runner-up). */
  confident: boolean;
}

export interface CurrentComparison {
  url: string;
  provider?: string;
  outcome: ProbeOutcome;
  estimateMs?: number;
  /** Current estimate ÷ best estimate (1 = the current mirror is the best). */
  ratio?: number;
}

export interface ProbeReport {
  /** Grouped by tool (in the order of the candidates), best first inside each group. */
  results: ProbeResult[];
  /** The pick per target (or per kind for `--kind` tests); null when no mirror of that group is usable. */
  best: Partial<Record<string, BestPick | null>>;
  wallMs: number;
  bytes: number;
  /** Per group: how the mirror in use now fares. */
  currentComparison?: Partial<Record<string, CurrentComparison>>;
}
