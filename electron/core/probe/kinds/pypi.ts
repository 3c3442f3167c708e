import { newest } from '../version';

import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

/** pip's own index page: the project pip itself is always on every PyPI mirror. */
const DEFAULT_PROBE = 'pip/';
/** The tail of the page lists the newest files; a mirror that ignores Range sends the page from the top. */
const TAIL_BYTES = 48 * 1024;

/**
 * PEP 503 simple index: `<index>/pip/` must be an HTML page of links to distribution files. Freshness: the
 * newest pip version linked. Throughput: the newest wheel (≈ 2 MB).
 */
export const pypi: KindSpec = {
  h2: false,
  profile: { bytes: 10 * MB, requests: 2 },
  async check(fetch, base, probe) {
    const page = under(base, probe ?? DEFAULT_PROBE);
    const res = await fetch(page, { headers: { accept: 'text/html', range: `bytes=-${TAIL_BYTES}` } });
    requireStatus(res, [200, 206]);
    const project = normalize(page.pathname.replace(/\/+$/, '').split('/').pop() ?? 'pip');
    const links = [...res.text.matchAll(/<a\s[^>]*href\s*=\s*["']([^"']+)["'][^>]*>([^<]+)<\/a>/gi)].map((m) => ({
      href: m[1] ?? '',
      name: (m[2] ?? '').trim(),
    }));
    const files = links.filter((l) => /\.(whl|tar\.gz|zip|tar\.bz2)$/i.test(l.name));
    if (files.length === 0) throw wrongProtocol('PEP 503 simple index page');
    const versioned = files
      .map((f) => ({ ...f, version: versionOf(project, f.name) }))
      .filter((f): f is typeof f & { version: string } => f.version !== undefined);
    const top = newest(versioned.map((f) => f.version));
    // A 200 cut at the byte cap shows the oldest files only: the newest version cannot be told then.
    const complete = res.status === 206 || !res.truncated;
    const pick =
      versioned.find((f) => f.version === top && f.name.endsWith('.whl')) ??
      versioned.find((f) => f.version === top) ??
      files[files.length - 1];
    const throughputUrl = pick ? new URL(pick.href.replace(/#.*$/, ''), res.url) : undefined;
    return { ...(complete && top ? { version: top } : {}), ...(throughputUrl ? { throughputUrl } : {}) };
  },
};

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `pip-24.2-py3-none-any.whl` → 24.2; `pip-24.2.tar.gz` → 24.2 (names normalised as PEP 503 says). */
function versionOf(project: string, file: string): string | undefined {
  const name = file.toLowerCase().replace(/_/g, '-');
  if (!name.startsWith(`${project}-`)) return undefined;
  const rest = name.slice(project.length + 1);
  const m = /^(\d[\w.!+]*?)(?:-|\.tar\.gz$|\.zip$|\.tar\.bz2$)/.exec(rest);
  return m?.[1];
}
