/**
 * Secrets shown to a person are masked: `****` plus the last four characters (all of it masked when the
 * secret is too short for four characters to be a hint rather than half of it). Config files are shown in
 * diffs, dry runs and JSON reports that fleet tools keep in their logs, so every format MirrorKit edits is
 * covered: .npmrc/auth.ini keys, `user:password@` in URLs, TOML/YAML/INI keys, Maven and NuGet XML.
 */

export function mask(secret: string): string {
  return secret.length < 12 ? '****' : `****${secret.slice(-4)}`;
}

// A key whose value is a credential: npm's `_authToken`, `_auth`, `_password` (also scoped `//host/:…`),
// yarn's `npmAuthToken`/`npmAuthIdent`, cargo's `token`, pip/generic `password`, `secret`, `passphrase`.
const SECRET_KEY = /(?:authtoken|_auth|_password|password|passwd|token|secret|authident|passphrase|apikey|api_key)$/i;
// `key = value` (INI, TOML, .npmrc, whose keys may hold ':' as in `//host/:_authToken`) or YAML's `key: value`;
// the value optionally quoted; comments are not keys.
const KEY_LINES = [
  /^(\s*)([^\s=#;][^=]*?)(\s*=\s*)(["']?)(.*?)\4(\s*)$/,
  /^(\s*)([A-Za-z_][\w.-]*)(\s*:\s+)(["']?)(.*?)\4(\s*)$/,
];
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)([^\s@/]+)(@)/gi;
const XML_ELEMENT = /(<(password|passphrase|privateKey|token)>)([^<]+)(<\/\2>)/gi;
const XML_ATTRIBUTE = /(key\s*=\s*"(?:ClearTextPassword|Password|ApiKey|Token)"\s+value\s*=\s*")([^"]*)(")/gi;

function maskLine(line: string): string {
  let out = line.replace(URL_CREDENTIALS, (_, a: string, s: string, b: string) => `${a}${mask(s)}${b}`);
  out = out.replace(XML_ELEMENT, (_, a: string, _n: string, s: string, b: string) => `${a}${mask(s)}${b}`);
  out = out.replace(XML_ATTRIBUTE, (_, a: string, s: string, b: string) => `${a}${mask(s)}${b}`);
  if (/^\s*[#;]/.test(out)) return out;
  for (const re of KEY_LINES) {
    const m = re.exec(out);
    if (!m) continue;
    const [, lead, key, sep, quote, value, tail] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (SECRET_KEY.test(key.trim()) && value !== '' && !/^(true|false|null)$/i.test(value))
      return `${lead}${key}${sep}${quote}${mask(value)}${quote}${tail}`;
    return out;
  }
  return out;
}

/** Mask every secret in a config file's text, keeping every other byte (line endings included). */
export function maskSecrets(text: string): string {
  return text
    .split(/(\r?\n)/)
    .map((part) => (part === '\n' || part === '\r\n' ? part : maskLine(part)))
    .join('');
}
