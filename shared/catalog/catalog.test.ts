import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MIRROR_KINDS, TARGET_IDS, TARGET_KIND } from '../types/core';
import { checkMirrorUrl } from '../validate/url';

import { archiveUrl, loadCatalog, probeUrl } from './index';
import { CatalogSchema } from './schema';
import { CATALOG_SOURCE as data, MIRROR_FILE_KINDS } from './source';

/** Checks on the catalog that ships: it validates, and it says what the reference facts say. */
const catalog = loadCatalog();

const REQUIRED_PROVIDERS = [
  'official',
  'aliyun',
  'tuna',
  'ustc',
  'huawei',
  'tencent',
  'bfsu',
  'sjtu',
  'nju',
  'npmmirror',
  'goproxy-cn',
  'goproxy-io',
  'rsproxy',
  'daocloud',
];
const REQUIRED_PRESETS = ['aliyun', 'tuna', 'ustc', 'huawei', 'tencent', 'official'];

const entry = (kind: (typeof MIRROR_KINDS)[number], url: string) => {
  const found = catalog.mirrors.find((m) => m.kind === kind && m.url === url);
  assert.ok(found, `${kind} ${url} is in the catalog`);
  return found;
};

describe('shipped catalog', () => {
  it('validates against the schema', () => {
    const r = CatalogSchema.safeParse(data);
    assert.equal(r.success, true, r.success ? '' : r.error.message);
  });

  it('keeps each kind in its own file (mirrors/<kind>.json)', () => {
    for (const [kind, entries] of Object.entries(MIRROR_FILE_KINDS)) {
      for (const m of entries as { kind: string; url: string }[])
        assert.equal(m.kind, kind, `${m.url} in mirrors/${kind}.json`);
    }
  });

  it('has every required provider, each named in en and zh-CN', () => {
    const ids = new Set(catalog.providers.map((p) => p.id));
    for (const id of REQUIRED_PROVIDERS) assert.ok(ids.has(id), `provider ${id}`);
    for (const p of catalog.providers) {
      assert.ok(p.name.en.trim() && p.name['zh-CN'].trim(), p.id);
      assert.match(p.name['zh-CN'], /[\u4e00-\u9fff]|^[A-Za-z0-9. ()-]+$/, `${p.id} zh-CN name`);
    }
  });

  it('uses every provider and covers every kind with an active official entry', () => {
    const used = new Set(catalog.mirrors.map((m) => m.provider));
    for (const p of catalog.providers) assert.ok(used.has(p.id), `provider ${p.id} has entries`);
    for (const kind of MIRROR_KINDS) assert.ok(catalog.active(kind, 'official'), `official ${kind}`);
  });

  it('has the required presets, each choosing an active mirror of the right kind or nothing', () => {
    for (const id of REQUIRED_PRESETS) assert.ok(catalog.preset(id), `preset ${id}`);
    for (const p of catalog.presets) {
      assert.ok(p.name.en && p.name['zh-CN'] && p.description.en && p.description['zh-CN'], p.id);
      for (const t of TARGET_IDS) {
        const provider = p.choose[t];
        if (provider === undefined) continue;
        const m = catalog.active(TARGET_KIND[t], provider);
        assert.ok(m, `${p.id}.${t} → ${provider}`);
        assert.equal(m.kind, TARGET_KIND[t]);
        assert.equal(m.status, 'active');
      }
    }
  });

  it('never lets a preset reach a dead or deprecated entry', () => {
    const chosen = new Set(
      catalog.presets.flatMap((p) =>
        TARGET_IDS.map(
          (t) => (p.choose[t] === undefined ? undefined : catalog.active(TARGET_KIND[t], p.choose[t]))?.url,
        ),
      ),
    );
    const retired = catalog.mirrors.filter((m) => m.status !== 'active');
    assert.ok(retired.some((m) => m.status === 'dead') && retired.some((m) => m.status === 'deprecated'));
    for (const m of retired) assert.ok(!chosen.has(m.url), `${m.kind} ${m.url} is chosen by a preset`);
    // A provider's retired entry sits next to its live one (ustc pypi); active() must pick the live one.
    assert.equal(catalog.active('pypi', 'ustc')?.url, 'https://mirrors.ustc.edu.cn/pypi/simple');
    assert.equal(catalog.active('go', 'huawei'), undefined);
  });

  it('official preset puts every target on official; docker official means "no mirror"', () => {
    const official = catalog.preset('official');
    assert.ok(official);
    for (const t of TARGET_IDS) assert.equal(official.choose[t], 'official', t);
    assert.match(catalog.active('docker', 'official')?.note?.en ?? '', /no mirror/);
  });

  it('offers no working Docker Hub mirror, so the mirror presets leave docker alone', () => {
    const live = catalog.mirrorsOf('docker').filter((m) => m.status === 'active');
    assert.deepEqual(
      live.map((m) => m.provider),
      ['official'],
    );
    for (const p of catalog.presets) if (p.id !== 'official') assert.equal(p.choose.docker, undefined, p.id);
  });

  it('only has URLs that checkMirrorUrl accepts (urls, apt archives, probes, homepages)', () => {
    const urls = [
      ...catalog.providers.flatMap((p) => (p.homepage ? [p.homepage] : [])),
      ...catalog.mirrors.flatMap((m) => [
        m.url,
        ...Object.keys(m.paths ?? {}).map((d) => archiveUrl(m, d) ?? ''),
        ...(m.kind === 'apt'
          ? Object.keys(m.paths ?? {}).map((d) => probeUrl(m, { distro: d }) ?? '')
          : [probeUrl(m) ?? '']),
      ]),
    ];
    for (const u of urls) {
      const r = checkMirrorUrl(u);
      // Canonical as written (a bare host only lacks the path '/' that serialization adds).
      assert.ok(r.ok && (r.url === u || r.url === `${u}/`), u);
    }
  });

  it('dates nothing after the catalog date, and the catalog date is not in the future', () => {
    const day = (d: string) => (d.length === 7 ? `${d}-01` : d);
    const today = new Date().toISOString().slice(0, 10);
    assert.ok(day(catalog.updated) <= today, `updated ${catalog.updated}`);
    for (const m of catalog.mirrors) assert.ok(day(m.date) <= day(catalog.updated), `${m.kind} ${m.url} ${m.date}`);
  });

  it('explains every entry that is not active, and names a live replacement when it gives one', () => {
    for (const m of catalog.mirrors.filter((x) => x.status !== 'active')) {
      assert.ok(m.note?.en && m.note['zh-CN'], `${m.kind} ${m.url} has a note`);
      if (m.replacement) assert.ok(catalog.active(m.kind, m.replacement), `${m.kind} ${m.url} → ${m.replacement}`);
    }
  });

  it('gives a homepage to every provider that has a usable mirror (official is many sites)', () => {
    for (const p of catalog.providers) {
      if (p.id === 'official' || !catalog.mirrors.some((m) => m.provider === p.id && m.status === 'active')) continue;
      assert.ok(p.homepage, p.id);
    }
  });

  it('keeps cargo URLs as sparse index roots and apt URLs as site roots', () => {
    for (const m of catalog.mirrorsOf('cargo')) {
      assert.ok(m.url.endsWith('/') && !m.url.startsWith('sparse+'), m.url);
      assert.equal(m.probe, 'config.json');
    }
    for (const m of catalog.mirrorsOf('apt')) {
      assert.ok(m.paths && Object.keys(m.paths).length > 0, m.url);
      assert.equal(m.probe, 'ubuntu/dists/noble/InRelease');
    }
  });
});

describe('shipped catalog matches mirror-facts §3–§5', () => {
  const expected: [(typeof MIRROR_KINDS)[number], string, string, 'active' | 'deprecated' | 'dead'][] = [
    ['pypi', 'https://pypi.org/simple', 'official', 'active'],
    ['pypi', 'https://mirrors.ustc.edu.cn/pypi/simple', 'ustc', 'active'],
    ['pypi', 'https://mirror.sjtu.edu.cn/pypi/web/simple', 'sjtu', 'deprecated'],
    ['pypi', 'http://pypi.douban.com/simple', 'douban', 'dead'],
    ['pypi', 'https://pypi.mirrors.ustc.edu.cn/simple', 'ustc', 'dead'],
    ['npm', 'https://registry.npmmirror.com/', 'npmmirror', 'active'],
    ['npm', 'https://registry.npm.taobao.org/', 'taobao', 'dead'],
    ['npm', 'https://r.cnpmjs.org/', 'cnpmjs', 'dead'],
    ['npm', 'https://npmreg.proxy.ustclug.org/', 'ustc', 'dead'],
    ['go', 'https://proxy.golang.org', 'official', 'active'],
    ['go', 'https://goproxy.cn', 'goproxy-cn', 'active'],
    ['go', 'https://mirrors.huaweicloud.com/goproxy/', 'huawei', 'dead'],
    ['cargo', 'https://index.crates.io/', 'official', 'active'],
    ['cargo', 'https://rsproxy.cn/index/', 'rsproxy', 'active'],
    ['docker', 'https://docker.m.daocloud.io', 'daocloud', 'deprecated'],
    ['docker', 'https://mirror.ccs.tencentyun.com', 'tencent', 'deprecated'],
    ['docker', 'https://docker.mirrors.ustc.edu.cn', 'ustc', 'dead'],
    ['docker', 'https://registry.docker-cn.com', 'docker-cn', 'dead'],
    ['maven', 'https://maven.aliyun.com/repository/public/', 'aliyun', 'active'],
    ['apt', 'https://mirrors.tencent.com/', 'tencent', 'active'],
  ];
  for (const [kind, url, provider, status] of expected) {
    it(`${kind} ${url} is ${provider}, ${status}`, () => {
      const m = entry(kind, url);
      assert.equal(m.provider, provider);
      assert.equal(m.status, status);
      assert.equal(m.probe, probeOf[kind]);
    });
  }

  it('sets no GOSUMDB: goproxy.cn proxies sum.golang.org and no source documents an alternative', () => {
    for (const m of catalog.mirrorsOf('go')) assert.equal(m.gosumdb, undefined, m.url);
    assert.match(entry('go', 'https://goproxy.cn').note?.en ?? '', /sum\.golang\.org/);
  });
});

const probeOf: Record<(typeof MIRROR_KINDS)[number], string> = {
  pypi: 'pip/',
  npm: '-/ping',
  go: 'golang.org/x/text/@v/list',
  cargo: 'config.json',
  docker: 'v2/',
  maven: 'junit/junit/maven-metadata.xml',
  apt: 'ubuntu/dists/noble/InRelease',
  conda: 'pkgs/main/noarch/repodata.json',
  hf: 'api/models/openai-community/gpt2',
  composer: 'packages.json',
  rubygems: 'versions',
  rustup: 'dist/channel-rust-stable.toml.sha256',
  nuget: 'index.json',
  'node-dist': 'index.json',
  dnf: 'rocky/9/BaseOS/x86_64/os/repodata/repomd.xml',
  electron: 'v45.6.1/SHASUMS256.txt',
  pub: 'api/packages/pub_cn_mirrors_health_check',
  homebrew: 'formula.jws.json',
  winget: 'source.msix',
};
