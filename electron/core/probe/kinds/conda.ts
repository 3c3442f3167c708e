import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'pkgs/main/noarch/repodata.json';

/**
 * A conda channel mirror (the base that holds `pkgs/main` and `cloud/conda-forge`): a channel's repodata.json.
 * It is several MB, so liveness reads only its first bytes (the per-mirror cap) and checks they open conda's
 * index; the same file then serves for throughput. No freshness: repodata carries no version to compare.
 */
export const conda: KindSpec = {
  h2: false,
  // A package of the default channel, plus repodata for each of two channels.
  profile: { bytes: 10 * MB, requests: 3 },
  async check(fetch, base, probe) {
    const url = under(base, probe ?? DEFAULT_PROBE);
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    requireStatus(res);
    if (!/^\s*\{\s*"(info|packages|packages\.conda|repodata_version)"/.test(res.text))
      throw wrongProtocol('repodata.json');
    return { throughputUrl: url };
  },
};
