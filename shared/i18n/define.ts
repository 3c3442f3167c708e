/** Define an area's dictionary; zh-CN must have exactly the keys of en (a missing or extra key is a type error). */
export function defineMessages<const E extends Record<string, string>>(m: {
  en: E;
  'zh-CN': { [K in keyof E]: string };
}): { en: E; 'zh-CN': { [K in keyof E]: string } } {
  return m;
}
