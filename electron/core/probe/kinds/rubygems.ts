import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'versions';

/**
 * A RubyGems mirror: the compact index's `versions` file, exactly what the broken mirrors lack (targets-wave2
 * §14). It is large, so liveness reads only its first bytes (the per-mirror cap), which open with
 * `created_at:` and `---`; the same file then serves for throughput.
 */
export const rubygems: KindSpec = {
  h2: false,
  // A small Rails app's `bundle install`: ~100 gems of ~100 kB, plus their info files.
  profile: { bytes: 10 * MB, requests: 200 },
  async check(fetch, base, probe) {
    const url = under(base, probe ?? DEFAULT_PROBE);
    const res = await fetch(url);
    requireStatus(res);
    if (!/^created_at: \S+\r?\n---\r?\n/.test(res.text)) throw wrongProtocol('compact index versions');
    return { throughputUrl: url };
  },
};
