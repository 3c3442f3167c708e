import type { CatalogView } from '../../../shared/ipc/contract';
import { TARGET_IDS, type Lang, type Message } from '../../../shared/types/core';
import { useLang, useT } from '../i18n';
import { useWizard } from '../wizard/store';

import { providerName } from './labels';

/** Messages that say a mirror is dead or deprecated: a person reads the catalog's sentence, not its evidence. */
const MIRROR_STATUS_CODES = new Set(['warn.dead-mirror-in-use', 'skip.dead-mirror']);

/** The catalog entry a message is about, when it has a human note. */
function entryOf(catalog: CatalogView | undefined, msg: Message) {
  const url = msg.params?.url;
  if (!catalog || !MIRROR_STATUS_CODES.has(msg.code) || typeof url !== 'string') return undefined;
  const norm = (u: string) => u.replace(/\/+$/, '').toLowerCase();
  return catalog.mirrors.find((m) => m.status !== 'active' && m.note && norm(m.url) === norm(url));
}

/**
 * One source reference as a link when it names one: a URL, or `owner/repo#123` (a GitHub issue). Anything else
 * (a commit, a file path) stays text. Shown in the details only, never in the sentence itself.
 */
export function sourceLinks(source: string): { text: string; href?: string }[] {
  return source.split(/;\s*/).map((part) => {
    const url = /https?:\/\/\S+/.exec(part)?.[0];
    if (url) return { text: part, href: url };
    const gh = /^([\w.-]+\/[\w.-]+)#(\d+)/.exec(part);
    if (gh) return { text: part, href: `https://github.com/${gh[1]}/issues/${gh[2]}` };
    return { text: part };
  });
}

/** Ids inside a core message (a status word, a preset or provider id) replaced by what a person calls them. */
function localParams(msg: Message, catalog: CatalogView | undefined, lang: Lang): Message {
  const p = msg.params;
  if (!p) return msg;
  const params = { ...p };
  if (typeof p.status === 'string' && ['active', 'deprecated', 'dead'].includes(p.status))
    params.status = `app.mirror-status.${p.status}`;
  if (typeof p.preset === 'string')
    params.preset = catalog?.presets.find((x) => x.id === p.preset)?.name[lang] ?? p.preset;
  if (typeof p.provider === 'string') params.provider = providerName(catalog, lang, p.provider);
  // A tool id becomes the tool's name (a message code, which t() translates in place).
  if (typeof p.target === 'string' && (TARGET_IDS as readonly string[]).includes(p.target))
    params.target = `app.tool.${p.target}`;
  return { ...msg, params };
}

/**
 * A core message in the user's language. A dead or deprecated mirror is explained in a sentence from the
 * catalog (its note), with where that comes from one click away; a status word inside any other message is
 * translated rather than shown in English.
 */
export function MessageText({ msg }: { msg: Message }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const catalog = useWizard((s) => s.info?.catalog);
  const entry = entryOf(catalog, msg);
  if (entry?.note) {
    return (
      <span className="mirror-reason" data-status={entry.status}>
        {t(entry.status === 'dead' ? 'app.mirror.dead' : 'app.mirror.deprecated', {
          name: providerName(catalog, lang, entry.provider),
          note: entry.note[lang],
        })}{' '}
        <details className="source-details">
          <summary>{t('app.mirror.source')}</summary>
          <ul>
            {sourceLinks(entry.source).map((s, i) => (
              <li key={i}>
                {s.href ? (
                  <a href={s.href} target="_blank" rel="noreferrer noopener">
                    {s.text}
                  </a>
                ) : (
                  s.text
                )}
              </li>
            ))}
          </ul>
        </details>
      </span>
    );
  }
  return <>{t(localParams(msg, catalog, lang))}</>;
}
