import type { Mirror } from './mirror';
import type { ProbeOutcome, ProbeResult } from './types';

/** A mirror's row as it stands (ranking fields are filled in by rank.ts). */
export function resultOf(m: Mirror, outcome: ProbeOutcome, estimateMs?: number): ProbeResult {
  const s = m.session;
  const f = m.failure;
  const r: ProbeResult = {
    target: m.cand.target,
    kind: m.cand.kind,
    url: m.cand.url,
    ...(m.cand.provider ? { provider: m.cand.provider } : {}),
    outcome,
    bytes: m.bytes,
  };
  if (f?.reason ?? m.note) r.reason = f?.reason ?? m.note;
  if (f?.deadline ?? m.cutBy) r.deadline = f?.deadline ?? m.cutBy;
  if (s.first) {
    r.dnsMs = round(s.first.dnsMs);
    r.tcpMs = round(s.first.tcpMs);
    if (s.first.tlsMs !== undefined) r.tlsMs = round(s.first.tlsMs);
    r.family = s.first.family;
    r.address = s.first.address;
    if (s.first.alpn) r.alpn = s.first.alpn;
  }
  if (s.coldTtfbMs !== undefined) r.ttfbMs = round(s.coldTtfbMs);
  if (s.warmRttMs !== undefined) r.warmRttMs = round(s.warmRttMs);
  const latency = m.latencyMs();
  if (latency !== undefined) r.latencyMs = round(latency);
  if (m.throughputBps !== undefined) r.throughputBps = Math.round(m.throughputBps);
  if (estimateMs !== undefined) r.estimateMs = round(estimateMs);
  if (m.finalUrl) r.finalUrl = m.finalUrl;
  if (m.downloadHost) r.downloadHost = m.downloadHost;
  if (m.verdict?.version) r.newestVersion = m.verdict.version;
  if (m.cand.current) r.current = true;
  return r;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
