import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'dist/channel-rust-stable.toml.sha256';

/**
 * A rustup distribution server (RUSTUP_DIST_SERVER): the stable channel's `.sha256`, the very first request of
 * `rustup check` and `rustup update` (targets-wave2 §16, run), then the channel manifest it names, whose
 * `date = "YYYY-MM-DD"` (second line) is the freshness to compare. The manifest (~1 MB) is the throughput file.
 */
export const rustup: KindSpec = {
  h2: true,
  // `rustup toolchain install stable --profile minimal`: rustc, cargo and rust-std, ~80 MB compressed.
  profile: { bytes: 80 * MB, requests: 6 },
  async check(fetch, base, probe) {
    const sums = await fetch(under(base, probe ?? DEFAULT_PROBE));
    requireStatus(sums);
    const file = /^[0-9a-f]{64}\s+\*?(channel-rust-[\w.-]+\.toml)\s*$/.exec(sums.text)?.[1];
    if (!file) throw wrongProtocol('channel .sha256');
    const manifest = new URL(file, sums.url);
    const res = await fetch(manifest);
    requireStatus(res);
    const date = /^date = "(\d{4})-(\d{2})-(\d{2})"$/m.exec(res.text);
    if (!/^manifest-version = "\d+"$/m.test(res.text) || !date) throw wrongProtocol('channel manifest');
    return { version: `${date[1]}.${date[2]}.${date[3]}`, throughputUrl: manifest };
  },
};
