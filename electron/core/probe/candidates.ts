import { normalizeMirrorUrl } from '../../../shared/catalog';
import { TARGET_KIND, type TargetChoice, type TargetId } from '../../../shared/types/core';
import { checkMirrorUrl } from '../../../shared/validate/url';
import type { Ctx } from '../context';

import type { ProbeCandidate, ProbeReport } from './types';

/** A candidate for a target (catalog entry, or the URL the tool uses now when the catalog does not know it). */
export type TargetCandidate = ProbeCandidate & { target: TargetId };

/**
 * The mirrors worth testing for each target: the catalog's active and deprecated entries of its kind (upstream
 * `official` included, so a user abroad is not moved to a slower mirror), never dead ones. `current` marks the
 * mirror in use (null = the tool's default, i.e. upstream); a current URL the catalog does not know is tested too.
 */
export function candidatesFor(
  ctx: Ctx,
  targets: TargetId[],
  current?: Partial<Record<TargetId, string | null>>,
): TargetCandidate[] {
  const out: TargetCandidate[] = [];
  for (const target of targets) {
    const kind = TARGET_KIND[target];
    const now = current?.[target];
    const match = typeof now === 'string' ? ctx.catalog.match(kind, now) : undefined;
    for (const e of ctx.catalog.mirrorsOf(kind)) {
      if (e.status === 'dead') continue;
      const isCurrent =
        now === null
          ? e.provider === 'official'
          : match !== undefined && normalizeMirrorUrl(match.url) === normalizeMirrorUrl(e.url);
      const c: TargetCandidate = {
        target,
        kind,
        url: e.url,
        provider: e.provider,
        ...(e.probe ? { probe: e.probe } : {}),
      };
      out.push(isCurrent ? { ...c, current: true } : c);
    }
    if (typeof now === 'string' && !match) {
      const url = withoutUserInfo(now);
      if (url && checkMirrorUrl(url).ok) out.push({ target, kind, url, current: true });
    }
  }
  return out;
}

/** Per-target choices for `apply --fastest`: each target's winner, targets without a usable mirror left out. */
export function choicesFromReport(report: ProbeReport, targets: TargetId[]): TargetChoice[] {
  const out: TargetChoice[] = [];
  for (const target of targets) {
    const best = report.best[target];
    if (best) out.push({ target, urls: [best.url], ...(best.provider ? { provider: best.provider } : {}) });
  }
  return out;
}

function withoutUserInfo(url: string): string | undefined {
  try {
    const u = new URL(url.replace(/^sparse\+/i, ''));
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return undefined;
  }
}
