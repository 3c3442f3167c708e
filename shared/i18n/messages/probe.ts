import { defineMessages } from '../define';

/** Messages of the probe area. */
export const probe = defineMessages({
  en: {},
  'zh-CN': {},
});
