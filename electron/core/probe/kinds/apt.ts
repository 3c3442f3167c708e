import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

/** Largest index file worth sampling; Contents files of big suites run to hundreds of MB. */
const MAX_SAMPLE_FILE = 500 * MB;

/**
 * Debian archive: `dists/<suite>/InRelease` must be a Release file (Suite/Codename and a checksum list).
 * Throughput: the largest compressed index file it lists (Contents-*.gz, Packages.xz…), read up to the cap.
 * Without a catalog probe path the suite is guessed from the URL: `…/debian` → stable, otherwise Ubuntu noble.
 */
export const apt: KindSpec = {
  h2: false,
  profile: { bytes: 20 * MB, requests: 5 },
  async check(fetch, base, probe) {
    const url = under(base, probe ?? defaultProbe(base));
    const res = await fetch(url);
    requireStatus(res);
    const isRelease = /^(Suite|Codename):/m.test(res.text) && /^(SHA256|MD5Sum|SHA1):/m.test(res.text);
    if (!isRelease) throw wrongProtocol('Debian InRelease');
    let pick: { path: string; size: number } | undefined;
    for (const m of res.text.matchAll(/^\s+[0-9a-f]{32,}\s+(\d+)\s+(\S+\.(?:gz|xz|bz2))$/gm)) {
      const size = Number(m[1]);
      if (size <= MAX_SAMPLE_FILE && (!pick || size > pick.size)) pick = { path: m[2] ?? '', size };
    }
    return pick ? { throughputUrl: new URL(pick.path, res.url) } : {};
  },
};

function defaultProbe(base: URL): string {
  const path = base.pathname.replace(/\/+$/, '');
  if (/\/debian$/.test(path)) return 'dists/stable/InRelease';
  if (/\/ubuntu(-ports)?$/.test(path)) return 'dists/noble/InRelease';
  return 'ubuntu/dists/noble/InRelease';
}
