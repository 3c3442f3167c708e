import { defineMessages } from '../define';

/** Messages of the app area. */
export const app = defineMessages({
  en: {},
  'zh-CN': {},
});
