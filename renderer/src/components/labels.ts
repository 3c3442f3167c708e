import type { CatalogView } from '../../../shared/ipc/contract';
import type { Lang, Origin, TargetId } from '../../../shared/types/core';
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

export function formatDate(lang: Lang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
