import type { FirewallRequest, PlanRequest, Selection } from '../../../shared/types/api';
import { TARGET_IDS, TARGET_KIND, type TargetChoice, type TargetId, type TargetPlan } from '../../../shared/types/core';
import type { CaEntry, ProxySettings } from '../../../shared/profile/corporate';
import { ProfileSchema } from '../../../shared/profile/schema';
import { TARGET_SPEC } from '../../../shared/targets';
import { checkMirrorUrl, escapeNonPrintable } from '../../../shared/validate/url';
import type { Ctx } from '../context';
import { MirrorKitError, withSuggestion } from '../errors';
import { skipped } from '../targets/plan-helpers';

import { parseProfileJson } from './profile-json';

export interface Resolved {
  choices: TargetChoice[];
  /** Targets the selection deliberately leaves alone, with the reason. */
  skips: TargetPlan[];
  label: string;
  /** The targets the user named explicitly (set, --only, a profile entry): planned even when not detected. */
  explicit: TargetId[];
  /** Firewall rules a profile asks for, each belonging to a target's plan. */
  firewall?: FirewallRequest[];
  /** A profile's CA certificates and proxy, for each tool's own setting (checked when the plan is made). */
  ca?: CaEntry[];
  proxy?: ProxySettings;
}

/** Turn what the user chose into one mirror choice per target, refusing bad URLs and dead mirrors up front. */
export function resolveSelection(ctx: Ctx, sel: Selection, only?: TargetId[]): Resolved {
  const wanted = (t: TargetId) => !only || only.includes(t);
  switch (sel.kind) {
    case 'preset': {
      const preset = ctx.catalog.preset(sel.preset);
      if (!preset)
        throw new MirrorKitError(
          'error.unknown-preset',
          withSuggestion(
            sel.preset,
            ctx.catalog.presets.map((p) => p.id),
            { preset: sel.preset },
          ),
        );
      const choices: TargetChoice[] = [];
      const skips: TargetPlan[] = [];
      for (const t of TARGET_IDS.filter(wanted)) {
        const provider = preset.choose[t];
        const entry = provider ? ctx.catalog.active(TARGET_KIND[t], provider) : undefined;
        if (!entry)
          skips.push(skipped(t, { code: 'skip.no-mirror-in-preset', params: { preset: preset.id, target: t } }));
        else choices.push({ target: t, provider: entry.provider, urls: [entry.url] });
      }
      return { choices, skips, label: `preset ${preset.id}`, explicit: only ?? [] };
    }
    case 'set':
      return {
        choices: [{ ...choiceFor(ctx, sel.target, sel.mirror), ...(sel.extras ? { extras: sel.extras } : {}) }],
        skips: [],
        label: `set ${sel.target} ${sel.mirror}`,
        explicit: [sel.target],
      };
    case 'profile':
      return resolveProfile(ctx, sel.text, sel.name, wanted, only);
    case 'choices': {
      const choices = sel.choices
        .filter((c) => wanted(c.target))
        .map((c) => ({ ...c, urls: assertUrls(ctx, c.target, c.urls) }));
      return { choices, skips: [], label: sel.label, explicit: only ?? [] };
    }
  }
}

/**
 * The request's own extras (the wizard's Poetry project) join the selection's choice for that target, which the
 * user has then named explicitly. A target given extras but no mirror by the selection is said to be left alone,
 * so the folder the user picked does not vanish from the Review without a word.
 */
export function addRequestExtras(r: Resolved, extras: PlanRequest['extras'], only?: TargetId[]): Resolved {
  if (!extras) return r;
  const explicit = new Set(r.explicit);
  const skips = [...r.skips];
  const choices = r.choices.map((c) => {
    const more = extras[c.target];
    if (!more) return c;
    explicit.add(c.target);
    return { ...c, extras: { ...more, ...c.extras } };
  });
  for (const t of TARGET_IDS) {
    if (!extras[t] || (only && !only.includes(t))) continue;
    if (!choices.some((c) => c.target === t) && !skips.some((s) => s.target === t))
      skips.push(skipped(t, { code: 'skip.no-mirror-chosen', params: { target: t } }));
  }
  return { ...r, choices, skips, explicit: [...explicit] };
}

/**
 * The canonical form of a mirror URL, or a refusal naming the bad part (escaped). A URL the catalog knows as
 * dead is refused however it is spelled: the comparison uses the canonical host (case folded, no trailing dot).
 */
function assertUrl(ctx: Ctx, target: TargetId, url: string): string {
  const r = checkMirrorUrl(url);
  if (!r.ok)
    throw new MirrorKitError('error.bad-url', {
      ...r.reason.params,
      url: escapeNonPrintable(url),
      reason: r.reason.code,
    });
  const known = ctx.catalog.match(TARGET_KIND[target], r.url);
  if (known && known.status === 'dead') {
    throw new MirrorKitError('skip.dead-mirror', {
      url: r.url,
      status: known.status,
      date: known.date,
      source: known.source,
    });
  }
  return r.url;
}

/** Every URL checked and made canonical; the same mirror named twice is written once. */
function assertUrls(ctx: Ctx, target: TargetId, urls: readonly string[]): string[] {
  return [...new Set(urls.map((u) => assertUrl(ctx, target, u)))];
}

/** A provider id ("aliyun") or a URL for one target. */
export function choiceFor(ctx: Ctx, target: TargetId, mirror: string): TargetChoice {
  const kind = TARGET_KIND[target];
  if (/^[a-z0-9][a-z0-9-]*$/.test(mirror)) {
    const entry = ctx.catalog.active(kind, mirror);
    if (!entry) {
      const known = [
        ...new Set(
          ctx.catalog
            .mirrorsOf(kind)
            .filter((m) => m.status === 'active')
            .map((m) => m.provider),
        ),
      ];
      throw new MirrorKitError('error.unknown-mirror', withSuggestion(mirror, known, { mirror, target }));
    }
    return { target, provider: entry.provider, urls: [entry.url] };
  }
  const url = assertUrl(ctx, target, mirror);
  const entry = ctx.catalog.match(kind, url);
  return { target, urls: [url], ...(entry ? { provider: entry.provider } : {}) };
}

function resolveProfile(
  ctx: Ctx,
  text: string,
  name: string,
  wanted: (t: TargetId) => boolean,
  only?: TargetId[],
): Resolved {
  const raw = parseProfileJson(text, name);
  const parsed = ProfileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(top level)';
    throw new MirrorKitError('error.bad-profile', { path: name, where, reason: issue?.message ?? 'invalid' });
  }
  const p = parsed.data;
  const choices: TargetChoice[] = [];
  for (const t of TARGET_IDS) {
    const entry = p.targets[t] as Record<string, unknown> | undefined;
    if (!entry || !wanted(t)) continue;
    let choice: TargetChoice;
    if (typeof entry.provider === 'string') choice = choiceFor(ctx, t, entry.provider);
    else if (Array.isArray(entry.urls)) choice = { target: t, urls: assertUrls(ctx, t, entry.urls as string[]) };
    else choice = choiceFor(ctx, t, entry.url as string);
    const extras = TARGET_SPEC[t].extras?.(entry) ?? {};
    if (Object.keys(extras).length > 0) choice.extras = extras;
    choices.push(choice);
  }
  const firewall = (p.firewall ?? []).filter((f) => wanted(f.target));
  return {
    choices,
    skips: [],
    label: `profile ${p.name}`,
    explicit: only ?? choices.map((c) => c.target),
    firewall,
    ...(p.ca ? { ca: p.ca } : {}),
    ...(p.proxy ? { proxy: p.proxy } : {}),
  };
}
