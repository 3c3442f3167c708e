/** Types of scripts/start.mjs (imported by the Electron end-to-end spec). */
export function findElectron(
  env?: Record<string, string | undefined>,
  dir?: string,
): { path: string; missing?: undefined } | { path?: undefined; missing: string };
