import { MirrorKitError } from '../../errors';

/**
 * What MirrorKit is willing to store as a persistent Windows environment variable, whichever scope.
 * `setx` truncates at 1024 characters and the whole-PATH rewrite is the classic way to break a machine, so PATH is
 * refused outright and long values are refused rather than cut.
 */
export const SETX_MAX = 1024;

/** PATH and PATHEXT are composed from both scopes by Windows; rewriting them is never a mirror setting. */
const NEVER = new Set(['PATH', 'PATHEXT']);

/** Plain identifiers only: every variable a package manager reads is one, and it keeps reg.exe's parser out of play. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

export function checkEnvName(name: string): void {
  if (NEVER.has(name.toUpperCase())) throw new MirrorKitError('windows.env-path-refused', { name });
  if (!NAME.test(name)) throw new MirrorKitError('windows.env-bad-name', { name });
}

export function checkEnvValue(name: string, value: string): void {
  if (value.length > SETX_MAX)
    throw new MirrorKitError('windows.env-too-long', { name, length: value.length, max: SETX_MAX });
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c === 0x7f) throw new MirrorKitError('windows.env-bad-value', { name });
  }
}
