import type { CatalogView } from '../../../shared/ipc/contract';
import { TARGET_IDS, type Lang, type Origin, type TargetId } from '../../../shared/types/core';
import type { Translate } from '../i18n';

export const toolName = (t: Translate, target: TargetId): string => t(`app.tool.${target}`);

/** Where a setting comes from, as a short phrase. */
export function originText(t: Translate, o: Origin): string {
  switch (o.kind) {
    case 'file':
      return t('app.origin.file', { path: o.path, key: o.key });
    case 'env':
      return t('app.origin.env', { name: o.name, scope: t(`app.scope.${o.scope}`) });
    case 'default':
      return t('app.origin.default');
  }
}

export function providerName(catalog: CatalogView | undefined, lang: Lang, id: string | undefined): string {
  if (!id) return '';
  return catalog?.providers.find((p) => p.id === id)?.name[lang] ?? id;
}

/** The host of a URL, for compact display; the whole string when it does not parse. */
export function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return u.host + (u.pathname.length > 1 ? u.pathname.replace(/\/$/, '') : '');
  } catch {
    return url;
  }
}

/**
 * A plan's label ("preset aliyun", "fastest for each" …, as the core records it in the history) in the user's
 * language, with the preset's and the tool's localized names. An unknown shape is shown as it is.
 */
export function planLabel(t: Translate, lang: Lang, catalog: CatalogView | undefined, label: string): string {
  const preset = /^preset (\S+)$/.exec(label);
  if (preset?.[1])
    return t('app.label.preset', { name: catalog?.presets.find((p) => p.id === preset[1])?.name[lang] ?? preset[1] });
  const set = /^set (\S+) (.+)$/.exec(label);
  if (set?.[1] && set[2] && (TARGET_IDS as readonly string[]).includes(set[1])) {
    return t('app.label.set', { tool: toolName(t, set[1] as TargetId), mirror: providerName(catalog, lang, set[2]) });
  }
  if (label === 'fastest for each') return t('app.label.fastest');
  if (label === 'custom choice') return t('app.label.custom');
  const profile = /^profile (.+)$/.exec(label);
  if (profile?.[1]) return t('app.label.profile', { name: profile[1] });
  return label;
}

export function formatDate(lang: Lang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
