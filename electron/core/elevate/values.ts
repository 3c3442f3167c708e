import { isIP } from 'node:net';

import { loadCatalog } from '../../../shared/catalog';
import { MIRROR_KINDS } from '../../../shared/types/core';
import { checkMirrorUrl } from '../../../shared/validate/url';

/**
 * Validators of the values the elevated helper may write. They are deliberately narrower than what the tools
 * accept: a value refused here can still be written at user scope without elevation, so strictness costs
 * nothing and keeps anything code-like out of the machine scope.
 */
export type ValueCheck = (value: string) => boolean;

/**
 * Only a URL already in its canonical form (what the core writes): a value the parser would rewrite (a numeric
 * host, a trailing dot, upper case, dot segments) means the batch was not made by MirrorKit's own plan. The
 * one allowance is a bare host without the '/' that serialization adds (the catalog's `https://goproxy.cn`).
 */
export const mirrorUrl: ValueCheck = (v) => {
  const r = checkMirrorUrl(v);
  if (!r.ok || (r.url !== v && r.url !== `${v}/`) || deadAnywhere(r.url)) return false;
  // A machine-wide index over plain http can be rewritten by anyone on the path, for every user: only an
  // internal host (a private or loopback address, a single-label or .local/.internal/.lan/.corp name) may.
  return r.url.startsWith('https://') || internalHost(r.host);
};

/** Hosts that cannot be reached over the public Internet, for which a plain-http internal mirror is normal. */
export function internalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  const family = isIP(h);
  if (family === 4) {
    const [a = 0, b = 0] = h.split('.').map(Number);
    return (
      a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
    );
  }
  if (family === 6) return h === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(h) || /^fe[89ab][0-9a-f]?:/.test(h);
  return h === 'localhost' || !h.includes('.') || /\.(local|internal|lan|corp|intranet|home\.arpa)$/.test(h);
}

/** The dead-mirror guard holds here too: a batch is refused a mirror the catalog knows as dead, of any kind. */
function deadAnywhere(url: string): boolean {
  const catalog = loadCatalog();
  return MIRROR_KINDS.some((k) => catalog.match(k, url)?.status === 'dead');
}

/**
 * winget's source: https only (winget itself takes no other), canonical as `mirrorUrl`, never a dead mirror. It
 * reaches winget as one argv element after `--arg`, so it cannot be read as an option or a shell word.
 */
export const wingetSourceUrl: ValueCheck = (v) => {
  return v.startsWith('https://') && mirrorUrl(v);
};

/** GOPROXY: URLs and the keywords `direct` / `off`, separated by `,` (fall back on 404/410) or `|` (on any error). */
export const goproxyList: ValueCheck = (v) => {
  return v.split(/[,|]/).every((p) => p === 'direct' || p === 'off' || mirrorUrl(p));
};

/**
 * GOSUMDB: a database name with an optional public key, optionally followed by one URL. Never `off`: turning
 * checksum verification off for every user of the machine is a downgrade no MirrorKit plan makes.
 */
export const gosumdb: ValueCheck = (v) => {
  if (v.trim().toLowerCase() === 'off') return false;
  const m = /^([A-Za-z0-9.-]+(?:\+[A-Za-z0-9+/=]+)?)(?: (\S+))?$/.exec(v);
  return m !== null && (m[2] === undefined || mirrorUrl(m[2]));
};

/**
 * GOPRIVATE / GONOPROXY / GONOSUMDB: comma-separated module path globs; no brackets, quotes or spaces. The
 * first path element must name a domain (two labels free of wildcards, as `corp.example` or
 * `*.git.corp.example`): `*` or `*.com` would take every module of the machine off the checksum database.
 */
export const moduleGlobList: ValueCheck = (v) => {
  return v.split(',').every((p) => /^[A-Za-z0-9._~*?/-]+$/.test(p) && namesADomain(p));
};

function namesADomain(pattern: string): boolean {
  const first = pattern.split('/')[0] ?? '';
  return first.split('.').filter((label) => label !== '' && !/[*?]/.test(label)).length >= 2;
}

const HOST =
  /^(?=.{1,253}(?::|$))[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/;

export function isHostPort(v: string): boolean {
  if (!HOST.test(v)) return false;
  const port = v.split(':')[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

/** PIP_TRUSTED_HOST: host or host:port names separated by single spaces (pip splits on whitespace). */
export const hostList: ValueCheck = (v) => {
  return v.split(' ').every(isHostPort);
};

/** Exactly one of `allowed` (named after them, for the allowlist snapshot). */
export const oneOf = (...allowed: string[]): ValueCheck => {
  const check: ValueCheck = (v) => allowed.includes(v);
  return Object.defineProperty(check, 'name', { value: `oneOf(${allowed.join('|')})` });
};

/** A firewall remote address: the `LocalSubnet` keyword, or one IPv4/IPv6 address with an optional prefix length. */
// One rule for the profile and the helper (issue 17: a profile accepted 1.2.3.4/99, the helper refused it).
export { isRemoteAddress } from '../../../shared/validate/address';

/** Rule names (the rule's unique ID): a fixed prefix so the helper can only ever touch MirrorKit's own rules. */
export const FIREWALL_NAME = /^MirrorKit[A-Za-z0-9._-]{0,64}$/;
