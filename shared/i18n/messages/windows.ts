import { defineMessages } from '../define';

/** Messages of the windows area. */
export const windows = defineMessages({
  en: {},
  'zh-CN': {},
});
