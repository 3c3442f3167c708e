import type { Message } from '../types/base';

export const MAX_URL_LENGTH = 1000;

/**
 * Characters that never appear in a sane mirror URL but do matter to shells, cmd.exe, PowerShell, INI and TOML
 * writers. MirrorKit never builds shell strings, but a value refused here cannot surprise any later consumer
 * (a user's own scripts, the elevated helper, a tool's config parser).
 */
const FORBIDDEN = /[\s"'`<>\\^|;&$(){}[\]!*,]/;

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: Message };

/** Validate a mirror URL typed by a user, read from a profile, or crossing the IPC or elevation boundary. */
export function checkMirrorUrl(input: unknown): UrlCheck {
  if (typeof input !== 'string' || input.length === 0) return { ok: false, reason: { code: 'url.unparsable' } };
  if (input.length > MAX_URL_LENGTH) return { ok: false, reason: { code: 'url.too-long', params: { max: MAX_URL_LENGTH } } };
  // Control characters (newlines included) are checked apart from FORBIDDEN to keep that pattern readable.
  for (const ch of input) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c === 0x7f) return { ok: false, reason: { code: 'url.forbidden-char' } };
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(input)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return { ok: false, reason: { code: 'url.not-http' } };
  // Brackets are legal only around an IPv6 literal host.
  const rest = input.replace(/^https?:\/\/\[[0-9a-fA-F:.]+\]/i, '');
  if (FORBIDDEN.test(rest)) return { ok: false, reason: { code: 'url.forbidden-char' } };
  if (/%(?![0-9a-fA-F]{2})/.test(input)) return { ok: false, reason: { code: 'url.forbidden-char' } };
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    return { ok: false, reason: { code: 'url.unparsable' } };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, reason: { code: 'url.not-http' } };
  if (u.username || u.password) return { ok: false, reason: { code: 'url.credentials' } };
  if (!u.hostname) return { ok: false, reason: { code: 'url.unparsable' } };
  return { ok: true, url: input };
}
