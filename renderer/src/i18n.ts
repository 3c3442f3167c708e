import { useCallback } from 'react';
import { create } from 'zustand';

import { langFromLocale, t } from '../../shared/i18n';
import type { Lang, Message } from '../../shared/types/core';

const KEY = 'mirrorkit.lang';

function stored(): Lang | undefined {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === 'en' || v === 'zh-CN' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The language: the user's pick if any, else the OS language (from main), else the browser's. */
export const useLang = create<{ lang: Lang; picked: boolean }>(() => {
  const pick = stored();
  return { lang: pick ?? langFromLocale(navigator.language), picked: pick !== undefined };
});

function applyToDocument(lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = t(lang, 'app.title');
}

export function setLang(lang: Lang): void {
  try {
    window.localStorage.setItem(KEY, lang);
  } catch {
    // Private mode: the choice lasts for this session only.
  }
  useLang.setState({ lang, picked: true });
  applyToDocument(lang);
}

/** Adopt the OS language reported by main, unless the user already chose. */
export function adoptOsLang(lang: Lang): void {
  if (!useLang.getState().picked) useLang.setState({ lang });
  applyToDocument(useLang.getState().lang);
}

export type Translate = (msg: Message | string, params?: Message['params']) => string;

export function useT(): Translate {
  const lang = useLang((s) => s.lang);
  return useCallback((msg, params) => t(lang, msg, params), [lang]);
}
