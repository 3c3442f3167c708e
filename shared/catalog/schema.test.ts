import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CATALOG_SOURCE as data } from './source';
import { buildCatalog } from './index';
import { mirrorKey } from './schema';

/** A broken catalog must be refused at load with a message a maintainer can act on. */
type Loose = Record<string, unknown>;
type Raw = Loose & {
  providers: Loose[];
  mirrors: Loose[];
  presets: (Loose & { choose: Record<string, string | undefined> })[];
};

function mutated(change: (c: Raw) => void): Raw {
  const c = structuredClone(data) as unknown as Raw;
  change(c);
  return c;
}

const at = (kind: string, provider: string) => (c: Raw) => {
  const i = c.mirrors.findIndex((m) => m.kind === kind && m.provider === provider && m.status === 'active');
  assert.ok(i >= 0, `${kind} ${provider}`);
  return c.mirrors[i]!;
};

function rejects(change: (c: Raw) => void, ...patterns: RegExp[]): void {
  let message = '';
  assert.throws(
    () => buildCatalog(mutated(change)),
    (e: unknown) => {
      assert.ok(e instanceof Error);
      message = e.message;
      return true;
    },
  );
  assert.match(message, /^invalid mirror catalog:/);
  for (const p of patterns) assert.match(message, p);
}

describe('catalog schema', () => {
  it('accepts the shipped data unchanged', () => {
    assert.doesNotThrow(() => buildCatalog(mutated(() => {})));
  });

  it('rejects a mirror of an unknown provider, naming it and where it is', () => {
    rejects((c) => (at('pypi', 'tuna')(c).provider = 'tsinghua'), /unknown provider tsinghua/, /→ at mirrors\[\d+\]/);
  });

  it('rejects a preset that points at a dead or missing mirror', () => {
    rejects(
      (c) => (c.presets[0]!.choose.go = 'huawei'),
      /preset aliyun: no active go mirror from huawei/,
      /→ at presets\[0\]\.choose\.go/,
    );
    rejects((c) => (c.presets[0]!.choose.docker = 'ustc'), /no active docker mirror from ustc/);
    rejects((c) => (c.presets[0]!.choose.pip = 'nobody'), /no active pip mirror from nobody/);
  });

  it('rejects URLs that are not http(s)', () => {
    rejects(
      (c) => (at('npm', 'npmmirror')(c).url = 'ftp://registry.npmmirror.com/'),
      /http\(s\) URL/,
      /mirrors\[\d+\]\.url/,
    );
    rejects((c) => (at('npm', 'npmmirror')(c).url = 'https://registry.npmmirror.com/ "x"'), /http\(s\) URL/);
    rejects((c) => (c.providers[1]!.homepage = 'javascript:alert(1)'), /providers\[1\]\.homepage/);
  });

  it('rejects a duplicate provider id', () => {
    rejects(
      (c) => c.providers.push({ ...c.providers[1]! }),
      /duplicate provider id aliyun/,
      /→ at providers\[\d+\]\.id/,
    );
  });

  it('rejects two active mirrors of one provider and kind, and two entries for one URL', () => {
    rejects(
      (c) => c.mirrors.push({ ...at('go', 'aliyun')(c), url: 'https://mirrors.aliyun.com/goproxy2/' }),
      /two active go mirrors for aliyun/,
    );
    rejects(
      (c) => c.mirrors.push({ ...at('go', 'aliyun')(c), provider: 'tuna', url: 'HTTP://mirrors.aliyun.com/goproxy' }),
      /same go URL as mirrors\[\d+\]/,
    );
  });

  it('rejects dates after the catalog date and malformed dates', () => {
    rejects((c) => (at('pypi', 'tuna')(c).date = '2099-01'), /date 2099-01 is after the catalog date/);
    rejects((c) => (at('pypi', 'tuna')(c).date = '23/11/2026'), /YYYY-MM/);
  });

  it('rejects a replacement that has nothing live to offer, and a replacement on an active entry', () => {
    rejects(
      (c) => (c.mirrors.find((m) => m.url === 'https://registry.npm.taobao.org/')!.replacement = 'douban'),
      /replacement douban has no active npm mirror/,
    );
    rejects((c) => (at('pypi', 'tuna')(c).replacement = 'aliyun'), /an active entry has no replacement/);
  });

  it('enforces kind-specific shapes: apt and dnf paths and probe, cargo trailing slash, gosumdb on go only', () => {
    rejects((c) => delete at('apt', 'aliyun')(c).paths, /an apt entry needs paths/);
    rejects((c) => (at('apt', 'aliyun')(c).paths = { centos: 'centos/' }), /unknown apt distribution centos/);
    rejects((c) => (at('apt', 'aliyun')(c).paths = { ubuntu: 'ftp://x.org/ubuntu/' }), /is not an http\(s\) URL/);
    rejects((c) => (at('apt', 'aliyun')(c).paths = { ubuntu: 'ubuntu' }), /must end with \//);
    rejects((c) => (at('apt', 'aliyun')(c).probe = 'dists/noble/InRelease'), /apt probe must start with ubuntu\/dists/);
    rejects((c) => (at('pypi', 'aliyun')(c).paths = { ubuntu: 'ubuntu/' }), /paths are for apt and dnf entries only/);
    rejects((c) => (at('dnf', 'ustc')(c).paths = { ubuntu: 'ubuntu/' }), /unknown dnf distribution ubuntu/);
    rejects((c) => (at('dnf', 'ustc')(c).probe = 'rocky/9/BaseOS/x86_64/os/'), /dnf probe must end with/);
    rejects((c) => (at('cargo', 'rsproxy')(c).url = 'https://rsproxy.cn/index'), /a cargo index URL ends with \//);
    rejects((c) => (at('pypi', 'aliyun')(c).gosumdb = 'sum.golang.org'), /gosumdb is for go entries only/);
    rejects((c) => (at('go', 'aliyun')(c).probe = '/golang.org/x/text/@v/list'), /relative path/);
  });

  it('electron entries: a mirror URL ending in /, binary mirrors only of the listed variables, as http(s) URLs', () => {
    const env = (c: Raw) => at('electron', 'npmmirror')(c).env as Record<string, string>;
    assert.equal(env(mutated(() => {})).SASS_BINARY_SITE, 'https://cdn.npmmirror.com/binaries/node-sass');
    rejects(
      (c) => (at('electron', 'npmmirror')(c).url = 'https://cdn.npmmirror.com/binaries/electron'),
      /an Electron mirror URL ends with \//,
    );
    rejects((c) => (env(c).SASS_BINARY_SITE = 'file:///etc/passwd'), /http\(s\) URL/);
    // Node.js's own mirrors are the node target's; npm warns about npm_config_* names in the environment.
    rejects(
      (c) => (env(c).NVM_NODEJS_ORG_MIRROR = 'https://cdn.npmmirror.com/binaries/node'),
      /electron entries set no variable NVM_NODEJS_ORG_MIRROR/,
    );
    rejects(
      (c) => (env(c).npm_config_sharp_binary_host = 'https://cdn.npmmirror.com/binaries/sharp'),
      /electron entries set no variable npm_config_sharp_binary_host/,
    );
  });

  it('reports every problem at once', () => {
    rejects(
      (c) => {
        at('pypi', 'tuna')(c).provider = 'ghost';
        c.presets[1]!.choose.cargo = 'nju';
      },
      /unknown provider ghost/,
      /no active cargo mirror from nju/,
    );
  });
});

describe('mirrorKey()', () => {
  it('ignores scheme, case, sparse+ and trailing slashes but not the path', () => {
    assert.equal(mirrorKey('sparse+HTTPS://RsProxy.cn/index/'), mirrorKey('http://rsproxy.cn/index'));
    assert.notEqual(mirrorKey('https://rsproxy.cn/index/'), mirrorKey('https://rsproxy.cn/'));
  });
});
