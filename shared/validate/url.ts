import { escapeChar } from '../text/escape';
import type { Message } from '../types/base';

export { escapeChar };

export const MAX_URL_LENGTH = 1000;

/**
 * Characters that never appear in a sane mirror URL but do matter to shells, cmd.exe, PowerShell, INI and TOML
 * writers. MirrorKit never builds shell strings, but a value refused here cannot surprise any later consumer
 * (a user's own scripts, the elevated helper, a tool's config parser). `#` starts a fragment, which no tool
 * sends and npm's ini and pip's configparser would read as a comment.
 */
const FORBIDDEN = /[\s"'`<>\\^|;&$(){}[\]!*,#]/;

export type UrlCheck = { ok: true; url: string; host: string } | { ok: false; reason: Message };

/** The text with every character outside printable ASCII escaped: safe to show in a terminal or a page. */
export function escapeNonPrintable(text: string): string {
  let out = '';
  for (const ch of text) out += /^[\x20-\x7e]$/.test(ch) ? ch : escapeChar(ch);
  return out;
}

function refuse(code: string, params?: Message['params']): UrlCheck {
  return { ok: false, reason: params ? { code, params } : { code } };
}

/** The host as typed (between `//` and the first `/`, `?` or `#`, without a user part or port) and where it starts. */
function typedHost(input: string): { host: string; start: number; userinfo: boolean } {
  const prefix = /^[a-z][a-z0-9+.-]*:\/\//i.exec(input)?.[0].length ?? 0;
  const authority = input.slice(prefix).split(/[/?#]/, 1)[0] ?? '';
  const at = authority.lastIndexOf('@') + 1;
  const hostPort = authority.slice(at);
  const host = hostPort.startsWith('[') ? hostPort.replace(/(\])(:.*)?$/, '$1') : hostPort.replace(/:[^:]*$/, '');
  return { host, start: prefix + at, userinfo: at > 0 };
}

/**
 * Characters outside printable ASCII are allowed only as letters, marks and digits of a host name, which IDNA
 * turns into `xn--` labels. Anything else (zero-width and bidi characters, C1 controls, non-ASCII in a path) is
 * refused and named, escaped.
 */
function badChar(input: string): UrlCheck | undefined {
  const { host, start: hostStart } = typedHost(input);
  let i = 0;
  for (const ch of input) {
    const printable = /^[\x20-\x7e]$/.test(ch);
    const inHost = i >= hostStart && i < hostStart + host.length;
    if (!printable && !(inHost && /^[\p{L}\p{M}\p{N}]$/u.test(ch)))
      return refuse('url.bad-char', { char: escapeChar(ch) });
    i += ch.length;
  }
  return undefined;
}

/**
 * Validate a mirror URL typed by a user, read from a profile, or crossing the IPC or elevation boundary, and
 * give its one canonical form: WHATWG serialization (scheme and host lower-cased, IDN hosts in `xn--` form,
 * numeric IPv4 forms as dotted quads, default ports dropped, `.`/`..` segments resolved), with a trailing dot
 * of the host removed. Only this form is ever written, and trusted-host and the dead-mirror guard are derived
 * from its host, so what is checked is what is written.
 */
export function checkMirrorUrl(input: unknown): UrlCheck {
  if (typeof input !== 'string' || input.length === 0) return refuse('url.unparsable');
  if (input.length > MAX_URL_LENGTH) return refuse('url.too-long', { max: MAX_URL_LENGTH });
  const bad = badChar(input);
  if (bad) return bad;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(input)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return refuse('url.not-http');
  // `http:h`, `https:/h` and `https:///h` are all parsed to some host by WHATWG, none of them as typed.
  if (!/^https?:\/\/[^/]/i.test(input)) return refuse('url.not-absolute');
  // Brackets are legal only around an IPv6 literal host.
  const rest = input.replace(/^https?:\/\/\[[0-9a-fA-F:.]+\]/i, '');
  if (FORBIDDEN.test(rest)) return refuse(rest.includes('#') ? 'url.fragment' : 'url.forbidden-char');
  // Every tool appends paths to a mirror URL (`<index>/<project>/`, `<registry>/<name>`, `<proxy>/<module>/@v/`,
  // `<archive>/dists/…`), which would land inside a query; dockerd refuses a mirror with one outright.
  if (rest.includes('?')) return refuse('url.query');
  if (/%(?![0-9a-fA-F]{2})/.test(input)) return refuse('url.forbidden-char');
  // A percent-encoded host (`h%2eexample`) is decoded by the parser into another host than the one shown.
  const typed = typedHost(input);
  if (typed.host.includes('%')) return refuse('url.bad-host');
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    return refuse('url.unparsable');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return refuse('url.not-http');
  if (u.username || u.password || typed.userinfo) return refuse('url.credentials');
  if (u.port === '0') return refuse('url.bad-port');
  if (!u.hostname) return refuse('url.unparsable');
  const hostname = u.hostname.replace(/\.$/, '');
  if (!hostname.startsWith('[')) {
    const labels = hostname.split('.');
    if (labels.some((l) => l === '' || l.length > 63 || !/^[a-z0-9_-]+$/.test(l))) return refuse('url.bad-host');
  }
  if (hostname !== u.hostname) u.hostname = hostname;
  const url = u.href;
  // The serialization may itself hold nothing but printable ASCII (IDN hosts are xn-- by now).
  if (!/^[\x21-\x7e]+$/.test(url)) return refuse('url.unparsable');
  return { ok: true, url, host: hostname };
}

/** The host a dead-mirror or trusted-host comparison uses: case folded, trailing dot removed, IDNA applied. */
export function canonicalHost(url: string): string | undefined {
  const r = checkMirrorUrl(url);
  return r.ok ? r.host : undefined;
}
