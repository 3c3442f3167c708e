import iconv from 'iconv-lite';

/**
 * Decode a child process's output. Tools print UTF-8 on Linux and macOS. On Windows a console program writes in
 * the console's code page unless someone ran `chcp 65001`: on a Chinese system that is GBK (936), so pip's or
 * reg's error message would reach the user as mojibake. Valid UTF-8 is taken as UTF-8 (pure ASCII is both);
 * anything else is decoded with the ANSI code page of the system locale (as dev-sidecar does, mirror-facts §7).
 */
export interface DecodeOptions {
  platform?: NodeJS.Platform;
  /** iconv-lite encoding name; by default derived from the locale. */
  codePage?: string;
  /** BCP 47 locale used to guess the code page (default: the process's Intl locale). */
  locale?: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function isValidUtf8(buf: Uint8Array): boolean {
  try {
    strictUtf8.decode(buf);
    return true;
  } catch {
    return false;
  }
}

/**
 * The ANSI/OEM code page Windows uses for a locale's console programs. Only the CJK locales differ in a way that
 * matters for readable errors; everything else falls back to Windows-1252.
 */
export function codePageForLocale(locale: string | undefined): string {
  const l = (locale ?? '').toLowerCase().replace('_', '-');
  if (/^zh-(tw|hk|mo)|^zh-hant/.test(l)) return 'cp950';
  if (l.startsWith('zh')) return 'cp936';
  if (l.startsWith('ja')) return 'shift_jis';
  if (l.startsWith('ko')) return 'cp949';
  return 'windows-1252';
}

export function decodeOutput(buf: Buffer, opts: DecodeOptions = {}): string {
  const platform = opts.platform ?? process.platform;
  if (platform !== 'win32' || buf.length === 0 || isValidUtf8(buf)) return buf.toString('utf8');
  const cp = opts.codePage ?? codePageForLocale(opts.locale ?? Intl.DateTimeFormat().resolvedOptions().locale);
  return iconv.decode(buf, iconv.encodingExists(cp) ? cp : 'cp936');
}
