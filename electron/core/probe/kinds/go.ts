import { newest } from '../version';

import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

const DEFAULT_PROBE = 'golang.org/x/text/@v/list';
const VERSION_LINE = /^v\d+\.\d+\.\d+[-+.\w]*$/;

/**
 * GOPROXY protocol: `<proxy>/golang.org/x/text/@v/list` is a plain-text list of tagged versions. Freshness: the
 * newest tag. Throughput: that version's module zip (several MB).
 */
export const go: KindSpec = {
  h2: true,
  profile: { bytes: 5 * MB, requests: 3 },
  async check(fetch, base, probe) {
    const path = probe ?? DEFAULT_PROBE;
    const res = await fetch(under(base, path));
    requireStatus(res);
    const lines = res.text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    // A cut list still proves the protocol; its last line may be a fragment, so it is dropped.
    const whole = res.truncated ? lines.slice(0, -1) : lines;
    if (whole.length === 0 || !whole.every((l) => VERSION_LINE.test(l))) throw wrongProtocol('GOPROXY version list');
    const top = newest(whole);
    const module = path.replace(/\/@v\/list$/, '');
    return {
      ...(top && !res.truncated ? { version: top } : {}),
      ...(top ? { throughputUrl: under(base, `${module}/@v/${top}.zip`) } : {}),
    };
  },
};
