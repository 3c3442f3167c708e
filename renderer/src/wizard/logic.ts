import type { CatalogView } from '../../../shared/ipc/contract';
import type { ProbeReportData, ProbeResultData, ProbeTarget } from '../../../shared/ipc/probe';
import type { ToolStatus } from '../../../shared/types/api';
import type { Message, PreviewItem, TargetChoice, TargetId } from '../../../shared/types/core';
import { checkMirrorUrl } from '../../../shared/validate/url';
import { TARGET_IDS, TARGET_KIND } from '../../../shared/types/core';

/** The wizard's steps, in order. */
export const STEPS = ['detect', 'test', 'choose', 'review', 'apply', 'done'] as const;
export type Step = (typeof STEPS)[number];

/** What the step machine needs to know to allow a jump (from the stepper or a Back button). */
export interface Progress {
  detected: boolean;
  planned: boolean;
  applied: boolean;
}

/**
 * Which steps can be visited now. Before an apply, any step up to the furthest reachable one; after it, only
 * Done (what was applied is history, so going back to Review would show a plan that no longer matches the disk).
 */
export function canVisit(step: Step, p: Progress): boolean {
  if (p.applied) return step === 'done';
  switch (step) {
    case 'detect':
      return true;
    case 'test':
    case 'choose':
      return p.detected;
    case 'review':
      return p.planned;
    case 'apply':
    case 'done':
      return false;
  }
}

/** The preset offered first: the one mirror provider that covers every tool for most users in China. */
export const FEATURED_PRESET = 'aliyun';

export function featuredPreset<P extends { id: string }>(presets: readonly P[]): P | undefined {
  return presets.find((p) => p.id === FEATURED_PRESET) ?? presets[0];
}

/** The tools worth probing: the installed ones, or every supported one when nothing is installed yet. */
export function probeTargets(tools: readonly ToolStatus[]): TargetId[] {
  const supported = tools.filter((t) => t.detection.supported);
  const installed = supported.filter((t) => t.detection.installed);
  return (installed.length > 0 ? installed : supported).map((t) => t.target);
}

/** The targets Detect found installed, for the core to plan without detecting again; undefined before Detect. */
export function installedTargets(tools: readonly ToolStatus[] | null): TargetId[] | undefined {
  return tools ? tools.filter((t) => t.detection.supported && t.detection.installed).map((t) => t.target) : undefined;
}

export const resultKey = (r: Pick<ProbeTarget, 'target' | 'url'>): string => `${r.target} ${r.url}`;

const USABLE = new Set(['ok', 'slow']);

/**
 * The best mirror of each target. Once the run is over, the probe's own pick (`picks`, the report's `best`)
 * decides; while results are still coming in, the highest score, then the lowest estimate, among usable ones.
 */
export function bestPerTarget(
  results: readonly ProbeResultData[],
  picks?: ProbeReportData['best'],
): Partial<Record<TargetId, ProbeResultData>> {
  const best: Partial<Record<TargetId, ProbeResultData>> = {};
  if (picks) {
    for (const target of TARGET_IDS) {
      const pick = picks[target];
      const r = pick ? results.find((x) => x.target === target && x.url === pick.url) : undefined;
      if (r) best[target] = r;
    }
    return best;
  }
  for (const r of results) {
    if (r.target === null || !USABLE.has(r.outcome)) continue;
    const cur = best[r.target];
    if (!cur || better(r, cur)) best[r.target] = r;
  }
  return best;
}

function better(a: ProbeResultData, b: ProbeResultData): boolean {
  if (a.outcome !== b.outcome) return a.outcome === 'ok';
  const sa = a.score ?? -Infinity;
  const sb = b.score ?? -Infinity;
  if (sa !== sb) return sa > sb;
  return (a.estimateMs ?? Infinity) < (b.estimateMs ?? Infinity);
}

/** Provider ids known to the catalog; others (a typed URL, a test mirror) are sent without a provider. */
function catalogProvider(catalog: CatalogView, provider: string | undefined): string | undefined {
  return provider && catalog.providers.some((p) => p.id === provider) ? provider : undefined;
}

/** "Fastest for each": one choice per target that has a usable result. */
export function fastestChoices(best: Partial<Record<TargetId, ProbeResultData>>, catalog: CatalogView): TargetChoice[] {
  return TARGET_IDS.flatMap((target) => {
    const r = best[target];
    if (!r) return [];
    const provider = catalogProvider(catalog, r.provider);
    return [provider ? { target, provider, urls: [r.url] } : { target, urls: [r.url] }];
  });
}

/** A per-tool override on the Choose step. */
export type Override =
  { mode: 'keep' } | { mode: 'mirror'; url: string; provider?: string } | { mode: 'custom'; url: string };

export function overrideChoices(overrides: Partial<Record<TargetId, Override>>, catalog: CatalogView): TargetChoice[] {
  return TARGET_IDS.flatMap((target) => {
    const o = overrides[target];
    if (!o || o.mode === 'keep' || o.url.trim() === '') return [];
    const url = o.url.trim();
    const provider = o.mode === 'mirror' ? catalogProvider(catalog, o.provider) : undefined;
    return [provider ? { target, provider, urls: [url] } : { target, urls: [url] }];
  });
}

/**
 * What is wrong with a typed mirror address, by the validator the CLI and the core use; null when it is fine.
 * An address typed without its scheme gets the one fix it needs, spelled out. An empty field chooses nothing.
 */
export function urlProblem(input: string): Message | null {
  const url = input.trim();
  if (url === '') return null; // nothing typed: that tool is simply not chosen
  const r = checkMirrorUrl(url);
  if (r.ok) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && checkMirrorUrl(`https://${url}`).ok)
    return { code: 'app.choose.url-needs-scheme', params: { example: `https://${url}` } };
  return { code: 'app.choose.url-invalid', params: { reason: r.reason.code, ...r.reason.params } };
}

/** True when some tool is set to a typed address that is not acceptable: the plan button waits for a fix. */
export function hasInvalidOverride(overrides: Partial<Record<TargetId, Override>>): boolean {
  return Object.values(overrides).some((o) => o?.mode === 'custom' && urlProblem(o.url) !== null);
}

/** The catalog's usable mirrors for a target, for the override menu. */
export function mirrorOptions(catalog: CatalogView, target: TargetId): { provider: string; url: string }[] {
  const kind = TARGET_KIND[target];
  return catalog.mirrors
    .filter((m) => m.kind === kind && m.status === 'active')
    .map((m) => ({ provider: m.provider, url: m.url }));
}

/** Preview items of one target, files first. */
export function previewFor(items: readonly PreviewItem[], target: TargetId): PreviewItem[] {
  const order = { file: 0, env: 1, tool: 2, firewall: 3 } as const;
  return items.filter((i) => i.target === target).sort((a, b) => order[a.kind] - order[b.kind]);
}

/** Human units for the Test step. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatRate(bps: number | null | undefined): string {
  if (bps === null || bps === undefined || !Number.isFinite(bps) || bps <= 0) return '–';
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(1)} MB/s`;
  return `${Math.max(1, Math.round(bps / 1e3))} kB/s`;
}

/** Bar length 0..1 relative to the largest value shown; a log scale keeps a 10x spread readable. */
export function barFraction(value: number | null | undefined, max: number): number {
  if (value === null || value === undefined || !(value > 0) || !(max > 0)) return 0;
  return Math.min(1, Math.log1p(value) / Math.log1p(max));
}

/** Split a unified diff into typed lines for display (headers dropped). */
export function diffLines(diff: string): { kind: 'add' | 'del' | 'ctx' | 'hunk'; text: string }[] {
  return diff
    .split('\n')
    .filter(
      (l) =>
        !l.startsWith('---') &&
        !l.startsWith('+++') &&
        !l.startsWith('Index:') &&
        !/^=+$/.test(l) &&
        !l.startsWith('\\'),
    )
    .filter((l, i, all) => l !== '' || i < all.length - 1)
    .map((l) => ({
      kind: l.startsWith('@@') ? 'hunk' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : 'ctx',
      text: l,
    }));
}
