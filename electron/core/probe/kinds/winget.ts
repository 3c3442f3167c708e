import { header, MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'source.msix';

/**
 * WinGet's pre-indexed source: `<source>/source.msix`, the package `winget source update` downloads (targets-wave2
 * §20). Liveness is a HEAD of it: status 200, a length above zero (the upstream CDN has served it missing or
 * empty during outages, microsoft/winget-cli#3744, #5368) and no text type. Its Last-Modified day is the freshness;
 * the package itself (a few MB) is the throughput file. Only this index is mirrored: installers still come from
 * the vendors' own URLs, so the profile is the index plus the manifests.
 */
export const winget: KindSpec = {
  h2: true,
  profile: { bytes: 10 * MB, requests: 4 },
  async check(fetch, base, probe) {
    const url = under(base, probe ?? DEFAULT_PROBE);
    const res = await fetch(url, { method: 'HEAD' });
    requireStatus(res);
    const length = Number(header(res, 'content-length') ?? 'NaN');
    if (!(length > 0)) throw wrongProtocol('source.msix (empty or without a length)');
    // A site without winget-source often answers every path with its own page: an msix is never text.
    if (/^text\//i.test(header(res, 'content-type') ?? '')) throw wrongProtocol('source.msix (a web page)');
    const modified = header(res, 'last-modified');
    const day = modified && !Number.isNaN(Date.parse(modified)) ? new Date(modified).toISOString().slice(0, 10) : '';
    return { ...(day ? { version: day.replaceAll('-', '.') } : {}), throughputUrl: url };
  },
};
