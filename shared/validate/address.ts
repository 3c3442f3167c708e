/**
 * A firewall rule's remote address, as both the profile and the elevated helper accept it (one rule, so a
 * profile cannot promise what the helper then refuses): `LocalSubnet`, or an IPv4/IPv6 address with an optional
 * prefix length no longer than the address. Pure JavaScript: the renderer validates the same field.
 */
export function isRemoteAddress(v: string): boolean {
  if (v === 'LocalSubnet') return true;
  const [addr = '', prefix, extra] = v.split('/');
  if (extra !== undefined) return false;
  const family = isIPv4(addr) ? 4 : isIPv6(addr) ? 6 : 0;
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return false;
  try {
    // The WHATWG URL parser is the IPv6 grammar every runtime here has.
    return new URL(`http://[${s}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}
