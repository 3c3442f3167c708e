import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { archiveUrl, loadCatalog, normalizeMirrorUrl, probeUrl } from './index';

/** The lookups other modules rely on: match() on URLs read from users' configs, probe URLs, ordering. */
const catalog = loadCatalog();
const one = <T>(x: T | undefined, what: string): T => {
  assert.ok(x, what);
  return x;
};

describe('match()', () => {
  it('finds entries with and without a trailing slash, with sparse+, in any scheme/host case', () => {
    const cases: [Parameters<typeof catalog.match>[0], string, string][] = [
      ['pypi', 'https://mirrors.aliyun.com/pypi/simple/', 'https://mirrors.aliyun.com/pypi/simple'],
      ['pypi', 'HTTPS://Mirrors.Aliyun.COM/pypi/simple', 'https://mirrors.aliyun.com/pypi/simple'],
      ['npm', 'https://registry.npmmirror.com', 'https://registry.npmmirror.com/'],
      ['go', 'https://goproxy.cn/', 'https://goproxy.cn'],
      ['cargo', 'sparse+https://mirrors.ustc.edu.cn/crates.io-index/', 'https://mirrors.ustc.edu.cn/crates.io-index/'],
      ['cargo', 'sparse+https://rsproxy.cn/index', 'https://rsproxy.cn/index/'],
      ['docker', 'https://docker.mirrors.ustc.edu.cn/', 'https://docker.mirrors.ustc.edu.cn'],
    ];
    for (const [kind, input, url] of cases) assert.equal(catalog.match(kind, input)?.url, url, input);
  });

  it('treats http and https as the same mirror (old configs often use plain http)', () => {
    assert.equal(catalog.match('pypi', 'http://mirrors.aliyun.com/pypi/simple/')?.provider, 'aliyun');
    const douban = one(catalog.match('pypi', 'https://pypi.douban.com/simple/'), 'douban');
    assert.equal(douban.status, 'dead');
  });

  it('finds apt entries from a full archive URL, for every distribution they serve', () => {
    assert.equal(catalog.match('apt', 'https://mirrors.aliyun.com/ubuntu/')?.provider, 'aliyun');
    assert.equal(catalog.match('apt', 'http://mirrors.aliyun.com/ubuntu')?.provider, 'aliyun');
    assert.equal(catalog.match('apt', 'https://mirrors.tuna.tsinghua.edu.cn/debian')?.provider, 'tuna');
    assert.equal(catalog.match('apt', 'http://archive.ubuntu.com/ubuntu/')?.provider, 'official');
    assert.equal(catalog.match('apt', 'http://ports.ubuntu.com/ubuntu-ports/')?.provider, 'official');
    for (const m of catalog.mirrorsOf('apt'))
      for (const d of Object.keys(m.paths ?? {}))
        assert.equal(catalog.match('apt', one(archiveUrl(m, d), d)), m, `${m.provider} ${d}`);
    // SJTUG serves no Debian archive in the catalog, so its /debian is not recognised.
    assert.equal(catalog.match('apt', 'https://mirror.sjtu.edu.cn/debian/'), undefined);
    assert.equal(catalog.match('apt', 'https://mirrors.huaweicloud.com/debian/')?.provider, 'huawei');
  });

  it("matches Aliyun's per-account Docker accelerators, and only those", () => {
    const m = one(catalog.match('docker', 'https://abc123xyz.mirror.aliyuncs.com'), 'accelerator');
    assert.equal(m.provider, 'aliyun');
    assert.equal(m.status, 'dead');
    assert.equal(catalog.match('docker', 'https://evilmirror.aliyuncs.com'), undefined);
    assert.equal(catalog.match('docker', 'https://abc.mirror.aliyuncs.com/v2/other'), undefined);
    // No subdomain rule where the catalog does not ask for one.
    assert.equal(catalog.match('go', 'https://x.goproxy.cn'), undefined);
  });

  it('keeps kinds apart and returns undefined for unknown or unparsable URLs', () => {
    assert.equal(catalog.match('npm', 'https://pypi.tuna.tsinghua.edu.cn/simple'), undefined);
    assert.equal(catalog.match('pypi', 'https://pypi.example.org/simple'), undefined);
    assert.equal(catalog.match('pypi', 'not a url'), undefined);
    assert.equal(catalog.match('pypi', ''), undefined);
  });

  it('is stable under slashes, case and (cargo) sparse+ for every entry (property)', () => {
    const entries = catalog.mirrors;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: entries.length - 1 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.boolean(),
        (i, slashes, upper, sparse) => {
          const m = entries[i]!;
          const u = new URL(m.url);
          const host = upper ? u.host.toUpperCase() : u.host;
          const scheme = upper ? u.protocol.toUpperCase() : u.protocol;
          const path = u.pathname.replace(/\/+$/, '') + '/'.repeat(slashes);
          const variant = `${m.kind === 'cargo' && sparse ? 'sparse+' : ''}${scheme}//${host}${path}`;
          assert.equal(catalog.match(m.kind, variant), m, variant);
        },
      ),
    );
  });
});

describe('normalizeMirrorUrl()', () => {
  it('lower-cases, drops sparse+ and trailing slashes, keeps the scheme', () => {
    assert.equal(normalizeMirrorUrl(' sparse+HTTPS://RsProxy.cn/index// '), 'https://rsproxy.cn/index');
    assert.equal(normalizeMirrorUrl('http://a.b/c/'), 'http://a.b/c');
  });
});

describe('probeUrl()', () => {
  const get = (kind: Parameters<typeof catalog.active>[0], provider: string) =>
    one(catalog.active(kind, provider), `${kind} ${provider}`);

  it('resolves the probe under the mirror URL as a directory', () => {
    assert.equal(probeUrl(get('pypi', 'official')), 'https://pypi.org/simple/pip/');
    assert.equal(probeUrl(get('go', 'goproxy-cn')), 'https://goproxy.cn/golang.org/x/text/@v/list');
    assert.equal(probeUrl(get('npm', 'npmmirror')), 'https://registry.npmmirror.com/-/ping');
    assert.equal(probeUrl(get('cargo', 'rsproxy')), 'https://rsproxy.cn/index/config.json');
    assert.equal(probeUrl(get('docker', 'official')), 'https://registry-1.docker.io/v2/');
  });

  it('resolves the probe against a URL that names a file (a NuGet service index) as that file', () => {
    assert.equal(probeUrl(get('nuget', 'official')), 'https://api.nuget.org/v3/index.json');
    assert.equal(probeUrl(get('nuget', 'huawei')), 'https://mirrors.huaweicloud.com/repository/nuget/v3/index.json');
  });

  it('substitutes the apt distribution and suite, and says when a distribution is not served', () => {
    assert.equal(probeUrl(get('apt', 'aliyun')), 'https://mirrors.aliyun.com/ubuntu/dists/noble/InRelease');
    assert.equal(probeUrl(get('apt', 'official')), 'http://archive.ubuntu.com/ubuntu/dists/noble/InRelease');
    assert.equal(
      probeUrl(get('apt', 'official'), { distro: 'debian', suite: 'bookworm' }),
      'http://deb.debian.org/debian/dists/bookworm/InRelease',
    );
    assert.equal(
      probeUrl(get('apt', 'tuna'), { distro: 'ubuntu-ports' }),
      'https://mirrors.tuna.tsinghua.edu.cn/ubuntu-ports/dists/noble/InRelease',
    );
    assert.equal(probeUrl(get('apt', 'sjtu'), { distro: 'debian' }), undefined);
  });
});

describe('mirrorsOf() and preset()', () => {
  it('lists every entry of a kind, active before deprecated before dead', () => {
    const rank = { active: 0, deprecated: 1, dead: 2 };
    const pypi = catalog.mirrorsOf('pypi');
    assert.equal(pypi.length, catalog.mirrors.filter((m) => m.kind === 'pypi').length);
    for (let i = 1; i < pypi.length; i++) assert.ok(rank[pypi[i - 1]!.status] <= rank[pypi[i]!.status]);
    assert.ok(pypi.some((m) => m.status === 'dead'));
  });

  it('finds presets by id only', () => {
    assert.equal(catalog.preset('tuna')?.choose.pip, 'tuna');
    assert.equal(catalog.preset('nope'), undefined);
  });
});
