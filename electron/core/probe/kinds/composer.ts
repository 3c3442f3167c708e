import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'packages.json';

/**
 * A Composer repository (packagist.org or a mirror of it): its root packages.json, which every Composer 2
 * repository serves and which names where package metadata lives (`metadata-url` or the v1 `providers-url`).
 * It is small, so it is also the throughput file. No freshness: it carries no version to compare.
 */
export const composer: KindSpec = {
  h2: true,
  // A typical `composer install` of a small app: ~40 dist zips of ~150 kB, plus one metadata file each.
  profile: { bytes: 6 * MB, requests: 80 },
  async check(fetch, base, probe) {
    const url = under(base, probe ?? DEFAULT_PROBE);
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    requireStatus(res);
    if (!/"(metadata-url|providers-url|provider-includes|packages)"\s*:/.test(res.text))
      throw wrongProtocol('packages.json');
    return { throughputUrl: url };
  },
};
