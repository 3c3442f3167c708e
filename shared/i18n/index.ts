import { TARGET_SPECS } from '../targets';
import type { Lang, Message } from '../types/core';
import { app } from './messages/app';
import { cli } from './messages/cli';
import { core } from './messages/core';
import { corporate } from './messages/corporate';
import { probe } from './messages/probe';
import { windows } from './messages/windows';
import { wizardMessages } from './messages/wizard';

/** Each target's name (`app.tool.<id>`) and its own messages, from its spec. */
const targets = TARGET_SPECS.map((s) => ({
  en: { [`app.tool.${s.id}`]: s.name.en, ...s.messages?.en },
  'zh-CN': { [`app.tool.${s.id}`]: s.name['zh-CN'], ...s.messages?.['zh-CN'] },
}));

/**
 * Every area's dictionary, merged. A new area adds one import and one entry here.
 * zh-CN carries every key of en: defineMessages makes a missing translation a type error (for a target's
 * messages, the i18n test checks it).
 */
const areas = [core, cli, probe, app, windows, wizardMessages, corporate, ...targets];

type Dict = Record<string, string>;
const merged: Record<Lang, Dict> = { en: {}, 'zh-CN': {} };
for (const area of areas) {
  Object.assign(merged.en, area.en);
  Object.assign(merged['zh-CN'], area['zh-CN']);
}

export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

/** Translate a message; an unknown code falls back to English, then to the code itself, never to nothing. */
export function t(lang: Lang, msg: Message | string, params?: Message['params']): string {
  const m: Message = typeof msg === 'string' ? { code: msg, params } : msg;
  const template = merged[lang][m.code] ?? merged.en[m.code] ?? m.code;
  const text = fill(lang, template, m);
  // "Did you mean …" rides along with any "unknown X" message that found a close known word.
  const suggestion = m.params?.suggestion;
  return suggestion !== undefined && !template.includes('{suggestion}') ? `${text}${lang === 'zh-CN' ? '' : ' '}${fill(lang, merged[lang]['common.did-you-mean'] ?? '', { code: '', params: { suggestion } })}` : text;
}

function fill(lang: Lang, template: string, m: Message): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = m.params?.[name];
    if (v === undefined) return whole;
    // A parameter may itself be a message code (a reason from a validator): translate it too.
    return typeof v === 'string' && v in merged.en ? (merged[lang][v] ?? merged.en[v] ?? v) : String(v);
  });
}

/** Pick zh-CN for any Chinese locale tag (zh, zh-CN, zh_CN.UTF-8, zh-Hans …), English otherwise. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale && /^zh(?:[-_]|$)/i.test(locale) ? 'zh-CN' : 'en';
}

/** Exposed for the consistency test. */
export function dictionaries(): Readonly<Record<Lang, Readonly<Dict>>> {
  return merged;
}
