import type { Message } from '../../../../shared/types/core';
import { ProbeFailure } from '../failure';
import type { ArtifactProfile } from '../types';

/** A small request of the liveness phase; the body comes back as text (cut at the per-mirror byte cap). */
export interface SmallResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  truncated: boolean;
  url: URL;
}

export type Fetch = (
  url: URL,
  opts?: { method?: 'GET' | 'HEAD'; headers?: Record<string, string> },
) => Promise<SmallResponse>;

/** What the protocol check learned: enough to measure throughput and freshness. */
export interface Verdict {
  /** Newest version of the probe package the mirror lists (absent when it cannot be told). */
  version?: string;
  /** A file of this kind large enough to measure throughput on; absent = ranked by latency only. */
  throughputUrl?: URL;
}

export interface KindSpec {
  /** Offer HTTP/2, as the kind's own client does. */
  h2: boolean;
  userAgent?: string;
  /** The typical artifact of the tool, for the estimate (sizes documented in the README). */
  profile: ArtifactProfile;
  /** Run the protocol-aware requests; throw ProbeFailure('wrong-protocol' | 'http-error') when the mirror fails them. */
  check(fetch: Fetch, base: URL, probe: string | undefined): Promise<Verdict>;
}

export const MB = 1_000_000;

/** Resolve a path under a mirror URL that may or may not end with a slash. */
export function under(base: URL, path: string): URL {
  const dir = base.href.endsWith('/') ? base.href : `${base.href}/`;
  return new URL(path.replace(/^\/+/, ''), dir);
}

export function requireStatus(res: SmallResponse, ok: readonly number[] = [200]): void {
  if (!ok.includes(res.status))
    throw new ProbeFailure('http-error', {
      code: 'probe.reason.http',
      params: { status: res.status, url: res.url.href },
    });
}

export function wrongProtocol(what: string): ProbeFailure {
  const reason: Message = { code: 'probe.reason.wrong-protocol', params: { what } };
  return new ProbeFailure('wrong-protocol', reason);
}

export function header(res: SmallResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
