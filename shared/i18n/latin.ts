/**
 * Latin words a Chinese sentence may keep: product, tool, vendor and host names, acronyms, and the literal
 * names a person types or sees elsewhere (variables, commands, keys). Anything else in a zh-CN string is
 * untranslated English. Used by the message-table test and by the e2e scan of the rendered pages.
 */
export const LATIN_ALLOWED: ReadonlySet<string> = new Set([
  // product, tools, vendors, systems
  'MirrorKit',
  'mirrorkit',
  'npm',
  'pip',
  'uv',
  'PDM',
  'pdm',
  'Poetry',
  'poetry',
  'Go',
  'go',
  'Cargo',
  'cargo',
  'Rust',
  'rustup',
  'Docker',
  'docker',
  'Desktop',
  'Hub',
  'APT',
  'apt',
  'Debian',
  'Ubuntu',
  'Maven',
  'Java',
  'Gradle',
  'Python',
  'PyPI',
  'Node.js',
  'Windows',
  'macOS',
  'Linux',
  'Intune',
  'devpi',
  'minisign',
  'MirrorZ',
  'TUNA',
  'GitHub',
  'Central',
  'settings',
  'registry',
  'crate',
  'Android',
  'pnpm',
  'yarn',
  'Yarn',
  'bun',
  'Bun',
  'conda',
  'Anaconda',
  'Miniconda',
  'mamba',
  'Homebrew',
  'brew',
  'NuGet',
  'Composer',
  'PHP',
  'Packagist',
  'RubyGems',
  'gem',
  'Bundler',
  'Ruby',
  'Flutter',
  'Dart',
  'pub',
  'Google',
  'Hugging',
  'Face',
  'Notebook',
  'Jupyter',
  'classworlds',
  'huggingface-cli',
  'Anaconda',
  'shell',
  'sudo',
  'root',
  'setx',
  'systemd',
  'npmmirror',
  'goproxy.cn',
  'cnpm',
  'nvm',
  'nvm-windows',
  'fnm',
  'Volta',
  'node-gyp',
  'dnf',
  'Rocky',
  'Fedora',
  'Stream',
  'openEuler',
  'Anolis',
  'Electron',
  // acronyms
  'URL',
  'HTTP',
  'HTTPS',
  'http',
  'https',
  'TLS',
  'DNS',
  'TCP',
  'UDP',
  'JSON',
  'TOML',
  'INI',
  'XML',
  'ASCII',
  'UTF-8',
  'SHA-256',
  'ID',
  'IT',
  'IPv4',
  'IPv6',
  'CA',
  'MB',
  'KB',
  'kB',
  'ms',
  's',
  'Ed',
  // what Docker Desktop's own button says
  'Apply',
  'Restart',
  // file extensions named in the profile import (.json, .minisig)
  'json',
  'minisig',
  // WinGet (the winget target)
  'WinGet',
  'winget',
]);

/** Latin words of a text not in the allowlist, placeholders, variable names (UPPER_CASE), flags, paths and URLs aside. */
export function unexpectedLatin(text: string, extra: ReadonlySet<string> = new Set()): string[] {
  const cleaned = text
    .replace(/\{\w+\}/g, ' ')
    .replace(/`[^`]*`/g, ' ') // code spans
    .replace(/\b[A-Z][A-Z0-9_]*=\S*/g, ' ') // assignments such as GOENV=off
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ') // URLs
    .replace(/(?:^|\s)[~./\\]\S*/g, ' ') // paths
    .replace(/(^|[\s(（：:，])--?[a-z][\w-]*/gi, '$1 ') // flags
    .replace(/\b[a-z]+(?:-[a-z]+)+\b/g, ' ') // keys such as trusted-host, index-url
    .replace(/\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b/g, ' ') // variables (PIP_INDEX_URL, npm_config_registry)
    .replace(/\b\d+(?:\.\d+)+[-+~][\w.+~-]*/g, ' '); // versions a tool reports, such as 20.10.24+dfsg1, 1.2.3-rc.1
  const words = cleaned.match(/[A-Za-z][A-Za-z0-9_.+-]*[A-Za-z0-9]|[A-Za-z]/g) ?? [];
  // Identifiers pass: ACRONYMS, CamelCase policy names (ProfileUrl), file names (mvn.cmd).
  const identifier = (w: string) =>
    /^[A-Z]{2,}[A-Z0-9]*$/.test(w) || /^[A-Z][a-z]+[A-Z]/.test(w) || /\.\w{2,}$/.test(w);
  return words.filter((w) => !LATIN_ALLOWED.has(w) && !extra.has(w) && !identifier(w));
}
