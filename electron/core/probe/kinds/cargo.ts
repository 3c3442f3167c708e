import { compareVersions } from '../version';

import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'config.json';
/** A crate released often, with a small download. */
export const CARGO_PROBE_CRATE = 'syn';
const TAIL_BYTES = 16 * 1024;

/**
 * Cargo sparse index: `config.json` must be JSON naming the download host (`dl`); then the probe crate's index
 * file (its tail: newest versions come last). Freshness: the newest non-yanked version. Throughput: that crate
 * file from the `dl` host, which is often another host than the index.
 */
export const cargo: KindSpec = {
  h2: true,
  profile: { bytes: 1 * MB, requests: 20 },
  async check(fetch, rawBase, probe) {
    const base = new URL(rawBase.href.replace(/^sparse\+/i, ''));
    const res = await fetch(under(base, probe ?? DEFAULT_PROBE));
    requireStatus(res);
    let dl: unknown;
    try {
      dl = (JSON.parse(res.text) as { dl?: unknown }).dl;
    } catch {
      dl = undefined;
    }
    if (typeof dl !== 'string' || dl === '') throw wrongProtocol('Cargo sparse index config.json');
    const index = await fetch(under(base, indexPath(CARGO_PROBE_CRATE)), {
      headers: { range: `bytes=-${TAIL_BYTES}` },
    });
    requireStatus(index, [200, 206]);
    const entries = index.text
      .split('\n')
      .map((l) => {
        try {
          return JSON.parse(l) as { name?: string; vers?: string; yanked?: boolean; cksum?: string };
        } catch {
          return undefined;
        }
      })
      .filter(
        (e): e is { name: string; vers: string; yanked?: boolean; cksum?: string } =>
          typeof e?.vers === 'string' && e.name === CARGO_PROBE_CRATE,
      );
    if (entries.length === 0) throw wrongProtocol(`Cargo sparse index (${CARGO_PROBE_CRATE})`);
    const top = entries.filter((e) => !e.yanked).sort((a, b) => compareVersions(b.vers, a.vers))[0];
    if (!top) return {};
    const complete = index.status === 206 || !index.truncated;
    return {
      ...(complete ? { version: top.vers } : {}),
      throughputUrl: new URL(downloadUrl(dl, CARGO_PROBE_CRATE, top.vers, top.cksum ?? ''), res.url),
    };
  },
};

/** The sparse index layout: 1/a, 2/ab, 3/a/abc, ab/cd/abcd…. */
export function indexPath(crate: string): string {
  const c = crate.toLowerCase();
  if (c.length <= 2) return `${c.length}/${c}`;
  if (c.length === 3) return `3/${c[0]}/${c}`;
  return `${c.slice(0, 2)}/${c.slice(2, 4)}/${c}`;
}

/** Cargo's `dl` template: markers if present, else `<dl>/<crate>/<version>/download`. */
export function downloadUrl(dl: string, crate: string, version: string, cksum: string): string {
  const markers = /\{(crate|version|prefix|lowerprefix|sha256-checksum)\}/;
  if (!markers.test(dl)) return `${dl.replace(/\/+$/, '')}/${crate}/${version}/download`;
  const prefix = indexPath(crate).replace(/\/[^/]+$/, '');
  return dl
    .replaceAll('{crate}', crate)
    .replaceAll('{version}', version)
    .replaceAll('{prefix}', prefix)
    .replaceAll('{lowerprefix}', prefix.toLowerCase())
    .replaceAll('{sha256-checksum}', cksum);
}
