/**
 * Hostile and odd mirror URLs, each with what MirrorKit must do with it: refuse it (null), or write exactly the
 * canonical form given here. The expected forms are written out by hand, not computed, so the test can fail.
 */
export interface UrlCase {
  input: string;
  /** The one form written; null: refused (exit 2, nothing written). */
  canonical: string | null;
  note: string;
}

/** Characters that look like nothing or reorder what is shown: never part of a mirror URL. */
const INVISIBLE: [string, string][] = [
  ['\u200b', 'zero-width space'],
  ['\u200c', 'zero-width non-joiner'],
  ['\u200d', 'zero-width joiner'],
  ['\u2060', 'word joiner'],
  ['\ufeff', 'BOM / zero-width no-break space'],
  ['\u00ad', 'soft hyphen'],
  ['\u180e', 'Mongolian vowel separator'],
  ['\u200e', 'left-to-right mark'],
  ['\u200f', 'right-to-left mark'],
  ['\u061c', 'Arabic letter mark'],
  ['\u202a', 'LRE'],
  ['\u202b', 'RLE'],
  ['\u202c', 'PDF'],
  ['\u202d', 'LRO'],
  ['\u202e', 'RLO (right-to-left override)'],
  ['\u2066', 'LRI'],
  ['\u2067', 'RLI'],
  ['\u2068', 'FSI'],
  ['\u2069', 'PDI'],
  ['\u3000', 'ideographic space'],
  ['\u00a0', 'no-break space'],
];

/** C0 and C1 controls, DEL, and terminal escape sequences. */
const CONTROLS: [string, string][] = [
  ['\u0000', 'NUL'],
  ['\u0007', 'BEL'],
  ['\u0008', 'backspace'],
  ['\t', 'tab'],
  ['\n', 'line feed'],
  ['\r', 'carriage return'],
  ['\u001b', 'ESC'],
  ['\u007f', 'DEL'],
  ['\u0080', 'C1 PAD'],
  ['\u0085', 'C1 NEL (next line)'],
  ['\u008d', 'C1 RI'],
  ['\u009b', 'C1 CSI'],
  ['\u009d', 'C1 OSC'],
  ['\u009f', 'C1 APC'],
  ['\u001b]0;pwned\u0007\u001b[2J', 'OSC retitle + clear screen'],
  ['\u001b[31m', 'SGR colour'],
];

const placed = (ch: string, name: string): UrlCase[] => [
  { input: `https://mirror${ch}.example/simple`, canonical: null, note: `${name} in the host` },
  { input: `https://mirror.example/sim${ch}ple`, canonical: null, note: `${name} in the path` },
  { input: `https://mirror.example/simple/${ch}`, canonical: null, note: `${name} at the end` },
];

const FIXED: UrlCase[] = [
  // Non-canonical spellings of acceptable URLs: the canonical form is what gets written.
  {
    input: 'https://mirrors.aliyun.com/pypi/simple/',
    canonical: 'https://mirrors.aliyun.com/pypi/simple/',
    note: 'already canonical',
  },
  {
    input: 'HTTPS://Mirrors.Aliyun.COM/pypi/simple/',
    canonical: 'https://mirrors.aliyun.com/pypi/simple/',
    note: 'upper-case scheme and host',
  },
  {
    input: 'https://nexus.corp.example:443/repository/pypi/simple',
    canonical: 'https://nexus.corp.example/repository/pypi/simple',
    note: 'default https port',
  },
  {
    input: 'http://nexus.corp.example:80/simple',
    canonical: 'http://nexus.corp.example/simple',
    note: 'default http port',
  },
  {
    input: 'http://nexus.corp.example:080/simple',
    canonical: 'http://nexus.corp.example/simple',
    note: 'zero-padded default port',
  },
  {
    input: 'https://nexus.corp.example:8443/simple',
    canonical: 'https://nexus.corp.example:8443/simple',
    note: 'explicit port kept',
  },
  {
    input: 'https://mirror.example/a/./b/../simple/',
    canonical: 'https://mirror.example/a/simple/',
    note: 'dot segments',
  },
  {
    input: 'https://mirror.example/a/%2e%2e/simple',
    canonical: 'https://mirror.example/simple',
    note: 'encoded dot segment in the path',
  },
  { input: 'https://mirror.example', canonical: 'https://mirror.example/', note: 'bare host gains /' },
  { input: 'https://mirror.example./simple', canonical: 'https://mirror.example/simple', note: 'trailing dot removed' },
  {
    input: 'https://MIRROR.example./simple',
    canonical: 'https://mirror.example/simple',
    note: 'trailing dot and case',
  },
  // The tools append paths to a mirror URL: `registry=…/simple?x=1/` read back by npm, `?x=1/dists/…` by apt.
  { input: 'https://mirror.example/simple?x=1', canonical: null, note: 'query (tools append paths after it)' },
  { input: 'https://mirror.example/simple?', canonical: null, note: 'empty query' },
  {
    input: 'https://mirror.example/a%20b/',
    canonical: 'https://mirror.example/a%20b/',
    note: 'percent-encoded path kept',
  },
  {
    input: 'https://mirror.example/a%7e/',
    canonical: 'https://mirror.example/a%7e/',
    note: 'WHATWG keeps percent escapes as typed',
  },
  {
    input: 'https://mirror-1_a.example/x',
    canonical: 'https://mirror-1_a.example/x',
    note: 'hyphen and underscore in host',
  },
  // Numeric hosts: WHATWG reads them as IPv4; the dotted quad is written, and trusted-host is that same host.
  { input: 'http://2130706433/simple', canonical: 'http://127.0.0.1/simple', note: 'decimal IPv4' },
  { input: 'http://0x7f000001/simple', canonical: 'http://127.0.0.1/simple', note: 'hex IPv4' },
  { input: 'http://0177.0.0.1/simple', canonical: 'http://127.0.0.1/simple', note: 'octal IPv4' },
  { input: 'http://127.1/simple', canonical: 'http://127.0.0.1/simple', note: 'short IPv4' },
  { input: 'http://10.20.0.5:5000', canonical: 'http://10.20.0.5:5000/', note: 'LAN registry' },
  { input: 'http://[::1]:4873/', canonical: 'http://[::1]:4873/', note: 'IPv6 loopback' },
  { input: 'http://[0:0:0:0:0:0:0:1]/', canonical: 'http://[::1]/', note: 'IPv6 long form' },
  { input: 'http://[::ffff:127.0.0.1]/', canonical: 'http://[::ffff:7f00:1]/', note: 'IPv4-mapped IPv6' },
  { input: 'http://256.0.0.1/', canonical: null, note: 'IPv4 out of range' },
  { input: 'http://[::1/', canonical: null, note: 'unclosed IPv6' },
  // IDN: letters of any script in a host are fine; the xn-- form is written.
  { input: 'https://例子.测试/simple', canonical: 'https://xn--fsqu00a.xn--0zwm56d/simple', note: 'CJK IDN' },
  { input: 'https://bücher.example/simple', canonical: 'https://xn--bcher-kva.example/simple', note: 'Latin IDN' },
  {
    input: 'https://ｍｉｒｒｏｒ.example/simple',
    canonical: 'https://mirror.example/simple',
    note: 'full-width letters fold to ASCII',
  },
  {
    input: 'https://xn--bcher-kva.example/simple',
    canonical: 'https://xn--bcher-kva.example/simple',
    note: 'already punycode',
  },
  { input: 'https://例子。测试/simple', canonical: null, note: 'ideographic full stop as a dot' },
  { input: 'https://mirror.example/例子/', canonical: null, note: 'non-ASCII path' },
  { input: 'https://mirror.example/é', canonical: null, note: 'Latin-1 letter in the path' },
  { input: 'https://mirror.example/?q=例', canonical: null, note: 'non-ASCII query' },
  { input: 'https://ｍｉｒｒｏｒ．example/simple', canonical: null, note: 'full-width full stop' },
  // Forms that parse to another host than the one typed.
  { input: 'http:mirror.example/simple', canonical: null, note: 'http:host' },
  { input: 'https:/mirror.example/simple', canonical: null, note: 'https:/host' },
  { input: 'https:///mirror.example/simple', canonical: null, note: 'https:///host' },
  { input: 'https:\\\\mirror.example/simple', canonical: null, note: 'backslashes after the scheme' },
  { input: 'https://mirror.example\\simple', canonical: null, note: 'backslash in the path' },
  { input: '//mirror.example/simple', canonical: null, note: 'scheme-relative' },
  { input: 'mirror.example/simple', canonical: null, note: 'no scheme' },
  { input: 'https://mirror%2eexample/simple', canonical: null, note: '%2e-encoded dot in the host' },
  { input: 'https://mirror%2Eexample/simple', canonical: null, note: '%2E-encoded dot in the host' },
  { input: 'https://%6dirror.example/simple', canonical: null, note: 'percent-encoded letter in the host' },
  { input: 'https://mirror..example/simple', canonical: null, note: 'empty label' },
  { input: 'https://.mirror.example/simple', canonical: null, note: 'leading empty label' },
  { input: 'https://mirror.example../simple', canonical: null, note: 'two trailing dots' },
  { input: 'https://mirror.example:0/simple', canonical: null, note: 'port 0' },
  { input: 'https://mirror.example:65536/simple', canonical: null, note: 'port out of range' },
  { input: 'https://mirror.example:-1/simple', canonical: null, note: 'negative port' },
  { input: 'https://mirror.example:/simple', canonical: 'https://mirror.example/simple', note: 'empty port' },
  { input: `https://${'a'.repeat(64)}.example/`, canonical: null, note: 'label longer than 63' },
  // Fragments.
  { input: 'https://mirror.example/r/#x', canonical: null, note: 'fragment' },
  { input: 'https://mirror.example/r#', canonical: null, note: 'empty fragment' },
  { input: 'https://mirror.example/#/simple', canonical: null, note: 'fragment route' },
  {
    input: 'https://mirror.example/%23x',
    canonical: 'https://mirror.example/%23x',
    note: 'encoded # is a path character',
  },
  // Credentials and authority tricks.
  { input: 'https://user:pw@mirror.example/', canonical: null, note: 'credentials' },
  { input: 'https://user@mirror.example/', canonical: null, note: 'user name' },
  { input: 'https://@mirror.example/', canonical: null, note: 'empty user info' },
  { input: 'https://mirror.example@evil.example/', canonical: null, note: 'host that is user info' },
  // Not http(s), or not a URL at all.
  { input: 'ftp://mirror.example/', canonical: null, note: 'ftp' },
  { input: 'file:///etc/passwd', canonical: null, note: 'file' },
  { input: 'javascript:alert(1)', canonical: null, note: 'javascript' },
  { input: 'data:text/plain,x', canonical: null, note: 'data' },
  { input: 'sparse+https://rsproxy.cn/index/', canonical: null, note: 'cargo prefix as input' },
  { input: '', canonical: null, note: 'empty' },
  { input: ' https://mirror.example/', canonical: null, note: 'leading space' },
  { input: 'https://mirror.example/ ', canonical: null, note: 'trailing space' },
  { input: 'https://mirror.example/$(id)', canonical: null, note: 'command substitution' },
  { input: 'https://mirror.example/;calc', canonical: null, note: 'semicolon' },
  { input: 'https://mirror.example/a,direct', canonical: null, note: 'GOPROXY list separator' },
  { input: 'https://mirror.example/a|b', canonical: null, note: 'pipe' },
  { input: 'https://mirror.example/"x"', canonical: null, note: 'quotes' },
  { input: 'https://mirror.example/%zz', canonical: null, note: 'bad percent escape' },
  { input: `https://mirror.example/${'a'.repeat(1000)}`, canonical: null, note: 'too long' },
  // Dead mirrors, however spelled: refused by the guard (exit 2).
  { input: 'https://pypi.douban.com/simple', canonical: null, note: 'dead mirror (pip)' },
  { input: 'https://pypi.douban.com./simple', canonical: null, note: 'dead mirror, trailing dot' },
  { input: 'HTTPS://PYPI.DOUBAN.COM/simple/', canonical: null, note: 'dead mirror, upper case and slash' },
  { input: 'https://pypi.douban.com:443/simple', canonical: null, note: 'dead mirror, default port' },
];

/** ≥ 150 cases: every invisible and control character in three places, and the fixed list. */
export const URL_CORPUS: UrlCase[] = [
  ...[...INVISIBLE, ...CONTROLS].flatMap(([ch, name]) => placed(ch, name)),
  ...FIXED,
];

/** Cases that are refused only as pip mirrors (a dead pip mirror is a live URL for another target). */
export const PIP_ONLY_REFUSALS = new Set(
  URL_CORPUS.filter((c) => c.note.startsWith('dead mirror')).map((c) => c.input),
);
