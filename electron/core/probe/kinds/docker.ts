import { header, MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'v2/';

/**
 * Docker registry API: `/v2/` answers 200, or 401 with `Docker-Distribution-API-Version` (pulls need a token).
 * There is no anonymous blob to time without the token flow, so Docker mirrors are ranked by latency only.
 */
export const docker: KindSpec = {
  h2: true,
  profile: { bytes: 100 * MB, requests: 3 },
  async check(fetch, base, probe) {
    const res = await fetch(under(base, probe ?? DEFAULT_PROBE), { headers: { accept: 'application/json' } });
    const api = header(res, 'docker-distribution-api-version');
    if (res.status === 401 && api) return {};
    if (res.status === 200 && (api || /^\s*\{/.test(res.text))) return {};
    if (res.status === 200 || res.status === 401) throw wrongProtocol('Docker Registry API /v2/');
    requireStatus(res, [200, 401]);
    return {};
  },
};
