import { MB, requireStatus, under, wrongProtocol, type KindSpec } from './common';

/**
 * Without a catalog probe the tree is guessed from the URL's last folder (a custom mirror is usually one
 * distribution's root, as `mirrorkit set dnf URL` takes it); a site root falls back to Rocky's BaseOS.
 */
const TREE: Record<string, string> = {
  rocky: '9/BaseOS/x86_64/os/',
  rockylinux: '9/BaseOS/x86_64/os/',
  almalinux: '9/BaseOS/x86_64/os/',
  fedora: 'releases/41/Everything/x86_64/os/',
  'centos-stream': '9-stream/BaseOS/x86_64/os/',
  openeuler: 'openEuler-24.03-LTS/OS/x86_64/',
  anolis: '8/BaseOS/x86_64/os/',
};

function defaultProbe(base: URL): string {
  const last = base.pathname.replace(/\/+$/, '').split('/').pop() ?? '';
  return `${TREE[last.toLowerCase()] ?? 'rocky/9/BaseOS/x86_64/os/'}repodata/repomd.xml`;
}

/**
 * An RPM repository: `repodata/repomd.xml` must be repository metadata naming its `primary` file, which dnf
 * downloads next (the package list, several MB for BaseOS): the throughput file.
 */
export const dnf: KindSpec = {
  h2: false,
  // `dnf makecache` of BaseOS + AppStream: primary, filelists, updateinfo and comps of two repositories.
  profile: { bytes: 40 * MB, requests: 10 },
  async check(fetch, base, probe) {
    const url = under(base, probe ?? defaultProbe(base));
    const res = await fetch(url);
    requireStatus(res);
    if (!/<repomd[\s>]/.test(res.text)) throw wrongProtocol('repodata/repomd.xml');
    const primary = /<data\s+type="primary"[\s\S]*?<location\s+href="([^"]+)"/.exec(res.text)?.[1];
    // Locations are relative to the repository root, the folder that holds repodata/.
    return primary ? { throughputUrl: new URL(primary, new URL('..', url)) } : {};
  },
};
