import { TARGET_SPECS } from '../targets';
import type { Lang, Message } from '../types/core';
import { app } from './messages/app';
import { appChoose } from './messages/app-choose';
import { caProxy } from './messages/ca-proxy';
import { cli } from './messages/cli';
import { core } from './messages/core';
import { corporate } from './messages/corporate';
import { complianceMessages } from './messages/compliance';
import { corpTrust } from './messages/corp-trust';
import { probe } from './messages/probe';
import { profileImport } from './messages/profile-import';
import { projectMessages } from './messages/project';
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
const areas = [
  core,
  cli,
  probe,
  app,
  appChoose,
  windows,
  wizardMessages,
  corporate,
  caProxy,
  profileImport,
  corpTrust,
  projectMessages,
  complianceMessages,
  ...targets,
];

type Dict = Record<string, string>;
const merged: Record<Lang, Dict> = { en: {}, 'zh-CN': {} };
for (const area of areas) {
  Object.assign(merged.en, area.en);
  Object.assign(merged['zh-CN'], area['zh-CN']);
}

export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

/** A dictionary entry: own properties only, so `constructor` or `__proto__` is no message. */
function lookup(dict: Dict, code: string): string | undefined {
  return Object.hasOwn(dict, code) ? dict[code] : undefined;
}

function isCode(v: unknown): v is string {
  return typeof v === 'string' && Object.hasOwn(merged.en, v);
}

/** Translate a message; an unknown code falls back to English, then to the code itself, never to nothing. */
export function t(lang: Lang, msg: Message | string, params?: Message['params']): string {
  const m: Message = typeof msg === 'string' ? { code: msg, params } : msg;
  const template = lookup(merged[lang], m.code) ?? lookup(merged.en, m.code) ?? m.code;
  const text = fill(lang, template, m.params, 1);
  // "Did you mean …" rides along with any "unknown X" message that found a close known word.
  const suggestion = m.params && Object.hasOwn(m.params, 'suggestion') ? m.params.suggestion : undefined;
  return suggestion !== undefined && !template.includes('{suggestion}')
    ? `${text}${lang === 'zh-CN' ? '' : ' '}${fill(lang, lookup(merged[lang], 'common.did-you-mean') ?? '', { suggestion }, 0)}`
    : text;
}

function fill(lang: Lang, template: string, params: Message['params'], depth: number): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params && Object.hasOwn(params, name) ? params[name] : undefined;
    if (v === undefined) return whole;
    // A mirror status is a word of the catalog's vocabulary: said in the reader's language (the CLI's `已失效`).
    if (name === 'status' && (v === 'active' || v === 'deprecated' || v === 'dead'))
      return lookup(merged[lang], `app.mirror-status.${v}`) ?? v;
    // A parameter may itself be a message code (a reason from a validator): translate it too, with the same
    // parameters (a reason's own placeholders, such as the escaped character, travel beside it).
    if (!isCode(v) || depth <= 0) return String(v);
    return fill(lang, lookup(merged[lang], v) ?? lookup(merged.en, v) ?? v, params, depth - 1);
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
