import { header, MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'formula.jws.json';

/**
 * Homebrew's formula API (HOMEBREW_API_DOMAIN, brew ≥ 4): `formula.jws.json`, the signed JSON `brew update`
 * downloads (targets-wave2 §19). Liveness reads its first bytes (`{"payload":`); its Last-Modified day is the
 * freshness (mirrors sync it from formulae.brew.sh); the file itself (tens of MB) is the throughput file.
 */
export const homebrew: KindSpec = {
  h2: true,
  // `brew install` of a small formula with its dependencies: ~5 bottles of ~10 MB, after the API files.
  profile: { bytes: 60 * MB, requests: 12 },
  async check(fetch, base, probe) {
    const url = under(base, probe ?? DEFAULT_PROBE);
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    requireStatus(res);
    if (!/^\s*\{\s*"payload"\s*:/.test(res.text)) throw wrongProtocol('formula.jws.json');
    const modified = header(res, 'last-modified');
    const day = modified && !Number.isNaN(Date.parse(modified)) ? new Date(modified).toISOString().slice(0, 10) : '';
    return { ...(day ? { version: day.replaceAll('-', '.') } : {}), throughputUrl: url };
  },
};
