import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

/**
 * A package every npm mirror carries, released often enough for freshness to mean something, whose tarball
 * (several MB) is big enough to measure throughput on. Only the head of its packument is read: `dist-tags`
 * comes first in the registry's abbreviated documents.
 */
export const NPM_PROBE_PACKAGE = 'typescript';
const ABBREVIATED = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';

/**
 * npm: `-/ping` on a fresh connection (any answer: it only times the round trip, and not every registry
 * implements it), then the abbreviated packument on the warm connection, which must be npm JSON for the package.
 * Freshness: `dist-tags.latest`. Throughput: that version's tarball, wherever the packument points.
 */
export const npm: KindSpec = {
  h2: false,
  profile: { bytes: 1 * MB, requests: 20 },
  async check(fetch, base, probe) {
    const pkg = probe && !probe.startsWith('-/') ? probe.replace(/^\/+|\/+$/g, '') : NPM_PROBE_PACKAGE;
    await fetch(under(base, probe?.startsWith('-/') ? probe : '-/ping'));
    const res = await fetch(under(base, pkg.replace('/', '%2f')), { headers: { accept: ABBREVIATED } });
    requireStatus(res);
    const name = /"name"\s*:\s*"([^"]+)"/.exec(res.text)?.[1];
    if (name !== pkg || !/"dist-tags"\s*:/.test(res.text)) throw wrongProtocol(`npm packument (${pkg})`);
    const latest = /"dist-tags"\s*:\s*\{[^}]*?"latest"\s*:\s*"([^"]+)"/.exec(res.text)?.[1];
    const tarballs = [...res.text.matchAll(/"tarball"\s*:\s*"([^"]+)"/g)].map((m) => m[1] ?? '');
    const basename = pkg.split('/').pop() ?? pkg;
    let tarball = latest ? tarballs.find((t) => t.endsWith(`-${latest}.tgz`)) : undefined;
    // The latest version's entry may lie past the bytes read: reuse the layout of any tarball URL seen.
    if (!tarball && latest && tarballs[0]) tarball = tarballs[0].replace(/-[^-/]+\.tgz$/, `-${latest}.tgz`);
    if (!tarball && latest) tarball = under(base, `${pkg}/-/${basename}-${latest}.tgz`).href;
    return { ...(latest ? { version: latest } : {}), ...(tarball ? { throughputUrl: new URL(tarball, res.url) } : {}) };
  },
};
