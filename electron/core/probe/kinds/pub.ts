import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'api/packages/pub_cn_mirrors_health_check';

/**
 * A pub repository (PUB_HOSTED_URL): the v2 JSON API's listing of `pub_cn_mirrors_health_check`, a package the
 * Flutter community in China publishes precisely so that mirrors can be checked for health and freshness
 * (targets-wave2 §17). Its `latest.version` is the freshness; its archive, when the mirror serves it itself, the
 * throughput file (an archive on another host would measure that host instead).
 */
export const pub: KindSpec = {
  h2: true,
  // `flutter pub get` of a small app: ~60 packages of ~100 kB, one listing each.
  profile: { bytes: 6 * MB, requests: 120 },
  async check(fetch, base, probe) {
    const res = await fetch(under(base, probe ?? DEFAULT_PROBE), {
      headers: { accept: 'application/vnd.pub.v2+json' },
    });
    requireStatus(res);
    let listing: { name?: unknown; latest?: { version?: unknown; archive_url?: unknown } };
    try {
      listing = JSON.parse(res.text) as typeof listing;
    } catch {
      throw wrongProtocol('pub package listing');
    }
    const version = listing.latest?.version;
    if (typeof listing.name !== 'string' || typeof version !== 'string') throw wrongProtocol('pub package listing');
    const archive = listing.latest?.archive_url;
    const url = typeof archive === 'string' && URL.canParse(archive) ? new URL(archive) : undefined;
    return { version, ...(url && url.host === base.host ? { throughputUrl: url } : {}) };
  },
};
