import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'index.json';

/**
 * A mirror of nodejs.org/dist: its `index.json`, which nvm-windows, fnm and Volta read to list versions (nvm
 * reads `index.tab` beside it). The file lists releases newest first, so the first bytes (the per-mirror cap)
 * carry the newest `version`: freshness. Throughput: that release's Windows zip, the file nvm-windows downloads.
 */
export const nodeDist: KindSpec = {
  h2: false,
  // One Node.js release archive (~30 MB) and the index.
  profile: { bytes: 30 * MB, requests: 3 },
  async check(fetch, base, probe) {
    const res = await fetch(under(base, probe ?? DEFAULT_PROBE), { headers: { accept: 'application/json' } });
    requireStatus(res);
    const version = /^\s*\[\s*\{\s*"version"\s*:\s*"(v\d+\.\d+\.\d+)"/.exec(res.text)?.[1];
    if (!version) throw wrongProtocol('Node.js index.json');
    return { version, throughputUrl: under(base, `${version}/node-${version}-win-x64.zip`) };
  },
};
