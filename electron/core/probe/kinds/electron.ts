import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'v45.6.1/SHASUMS256.txt';

/**
 * A mirror of Electron's GitHub releases, laid out as `<mirror>v<version>/<file>` (what @electron/get asks for).
 * Liveness: the release's SHASUMS256.txt, which @electron/get downloads anyway to check what it fetched; each
 * line is `<sha256> *<file>`. Throughput: a file it lists (chromedriver's zip, a few MB: the Electron zip itself
 * is ~100 MB). No freshness check: the probe names one release, and a mirror either has it or fails.
 */
export const electron: KindSpec = {
  h2: false,
  // `npm install electron`: one zip of ~100 MB and its checksums.
  profile: { bytes: 100 * MB, requests: 2 },
  async check(fetch, base, probe) {
    const path = probe ?? DEFAULT_PROBE;
    const res = await fetch(under(base, path));
    requireStatus(res);
    const files = [...res.text.matchAll(/^[0-9a-f]{64} [ *](\S+)$/gm)].map((m) => m[1]!);
    if (files.length === 0) throw wrongProtocol('Electron SHASUMS256.txt');
    const dir = path.slice(0, path.lastIndexOf('/') + 1);
    const file = files.find((f) => /^chromedriver-.*linux-x64\.zip$/.test(f)) ?? files.find((f) => f.endsWith('.zip'));
    return file ? { throughputUrl: under(base, dir + file) } : {};
  },
};
