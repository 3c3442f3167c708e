import type { Message } from '../../../shared/types/core';

import type { ProbeDeadline, ProbeOutcome } from './types';

/** Where a probe is when something stops it; a cut from outside is classified by this phase. */
export type Phase = 'dns' | 'connect' | 'tls' | 'ttfb' | 'body';

/** A classified probe failure: thrown inside the probe, turned into a result row by the runner. */
export class ProbeFailure extends Error {
  constructor(
    readonly outcome: ProbeOutcome,
    readonly reason: Message,
    readonly deadline?: ProbeDeadline,
  ) {
    super(`${outcome} ${reason.code}`);
    this.name = 'ProbeFailure';
  }
}

/** A cut from outside the probe: the global deadline, the "cannot win" rule, or the end of the run. */
export interface Cut {
  deadline: Extract<ProbeDeadline, 'global' | 'cannot-win'>;
  elapsedMs: number;
}

export function isCut(x: unknown): x is Cut {
  return typeof x === 'object' && x !== null && 'deadline' in x && 'elapsedMs' in x && !(x instanceof Error);
}

/** What a cut means for a probe that is in `phase`: it never got further than that. */
export function cutFailure(phase: Phase, cut: Cut): ProbeFailure {
  const ms = Math.round(cut.elapsedMs);
  const reason = {
    code: cut.deadline === 'global' ? 'probe.reason.global' : 'probe.reason.cannot-win',
    params: { ms },
  };
  switch (phase) {
    case 'dns':
      return new ProbeFailure('dns-error', reason, cut.deadline);
    case 'connect':
    case 'tls':
      return new ProbeFailure('connect-timeout', reason, cut.deadline);
    case 'ttfb':
      return new ProbeFailure('ttfb-timeout', reason, cut.deadline);
    case 'body':
      return new ProbeFailure('stalled', reason, cut.deadline);
  }
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_|ERR_OSSL)/;

/** Classify a socket error raised while connecting (`phase` connect or tls). */
export function connectFailure(err: unknown, phase: Phase): ProbeFailure {
  const code = errCode(err);
  const params = { code };
  if (TLS_CODE.test(code)) return new ProbeFailure('tls-error', { code: 'probe.reason.tls', params });
  if (phase === 'tls') return new ProbeFailure('tls-error', { code: 'probe.reason.tls', params });
  if (code === 'ETIMEDOUT')
    return new ProbeFailure('connect-timeout', { code: 'probe.reason.connect-timeout', params: { ms: 0 } }, 'connect');
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL')
    return new ProbeFailure('refused', { code: 'probe.reason.unreachable', params });
  return new ProbeFailure('refused', {
    code: code === 'ECONNREFUSED' ? 'probe.reason.refused' : 'probe.reason.reset',
    params,
  });
}

export function errCode(err: unknown): string {
  const e = err as { code?: unknown; errors?: { code?: unknown }[] } | undefined;
  if (typeof e?.code === 'string') return e.code;
  // Happy eyeballs fails with an AggregateError of the per-address errors.
  const inner = e?.errors?.find((x) => typeof x?.code === 'string')?.code;
  return typeof inner === 'string' ? inner : 'UNKNOWN';
}
