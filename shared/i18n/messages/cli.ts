import { defineMessages } from '../define';

/** Messages of the cli area. */
export const cli = defineMessages({
  en: {},
  'zh-CN': {},
});
