import type { MirrorKind } from '../../shared/types/core';

/**
 * What each emulated mirror serves: the small endpoints the real tools hit, with a version list ending at
 * `newest`, and one large file per kind for the throughput phase. Content is synthetic but in each protocol's
 * real format (PEP 503 HTML, npm packument JSON, Go version list, sparse-index NDJSON, Maven XML, InRelease).
 */
export type Served =
  | { kind: 'text'; status?: number; type: string; body: string; headers?: Record<string, string> }
  | { kind: 'blob'; size: number };

/** Where each kind lives under the server root (the URL the candidate is configured with). */
export const BASE_PATH: Record<MirrorKind, string> = {
  npm: '/',
  pypi: '/simple/',
  go: '/',
  cargo: '/index/',
  docker: '/',
  maven: '/maven2/',
  apt: '/ubuntu/',
  conda: '/anaconda/',
  hf: '/hf/',
  composer: '/composer/',
  rubygems: '/rubygems/',
  rustup: '/rustup/',
  nuget: '/nuget/v3/index.json',
  'node-dist': '/node/',
  dnf: '/rocky/',
  electron: '/electron/',
  pub: '/pub/',
  homebrew: '/homebrew/api/',
  winget: '/winget-source/',
};

export const TRUTH_PATH = '/-/truth-5mb';
export const TRUTH_BYTES = 5_000_000;

export function olderVersions(newest: string): string[] {
  const [major = 1, minor = 0] = newest.replace(/^v/, '').split('.').map(Number);
  const out: string[] = [];
  for (let m = Math.max(0, minor - 4); m < minor; m++) out.push(`${major}.${m}.0`);
  return out;
}

function json(body: unknown): Served {
  return { kind: 'text', type: 'application/json', body: JSON.stringify(body) };
}

function npmDoc(origin: string, name: string, versions: string[]): Served {
  const entries = Object.fromEntries(
    versions.map((v) => [
      v,
      { name, version: v, dist: { tarball: `${origin}/${name}/-/${name}-${v}.tgz`, shasum: '0'.repeat(40) } },
    ]),
  );
  return json({
    name,
    'dist-tags': { latest: versions[versions.length - 1] },
    versions: entries,
    modified: '2026-01-01T00:00:00.000Z',
  });
}

/** The response for `path` on a healthy mirror of `kind` listing versions up to `newest`. */
export function serve(
  kind: MirrorKind,
  path: string,
  origin: string,
  newest: string,
  blobSize: number,
  userAgent: string,
): Served | undefined {
  if (path === TRUTH_PATH) return { kind: 'blob', size: TRUTH_BYTES };
  const versions = [...olderVersions(newest), newest];
  switch (kind) {
    case 'npm': {
      if (path === '/-/ping') return json({});
      if (path === '/typescript') return npmDoc(origin, 'typescript', versions);
      if (path === '/nrm') return npmDoc(origin, 'nrm', versions);
      if (/^\/typescript\/-\/typescript-[\w.]+\.tgz$/.test(path)) return { kind: 'blob', size: blobSize };
      return undefined;
    }
    case 'pypi': {
      if (path === '/simple/pip/') {
        const links = versions
          .flatMap((v) => [`pip-${v}.tar.gz`, `pip-${v}-py3-none-any.whl`])
          .map((f) => `    <a href="../../packages/${f}#sha256=${'0'.repeat(64)}">${f}</a><br />`);
        const body = `<!DOCTYPE html>\n<html>\n  <head><title>Links for pip</title></head>\n  <body>\n    <h1>Links for pip</h1>\n${links.join('\n')}\n  </body>\n</html>\n`;
        return { kind: 'text', type: 'text/html', body };
      }
      if (/^\/packages\/pip-[\w.]+(-py3-none-any\.whl|\.tar\.gz)$/.test(path)) return { kind: 'blob', size: blobSize };
      return undefined;
    }
    case 'go': {
      const v = versions.map((x) => `v${x}`);
      if (path === '/golang.org/x/text/@v/list') return { kind: 'text', type: 'text/plain', body: `${v.join('\n')}\n` };
      if (/^\/golang\.org\/x\/text\/@v\/v[\w.]+\.zip$/.test(path)) return { kind: 'blob', size: blobSize };
      return undefined;
    }
    case 'cargo': {
      if (path === '/index/config.json') return json({ dl: `${origin}/api/v1/crates`, api: origin });
      if (path === '/index/3/s/syn') {
        const lines = versions.map((x) =>
          JSON.stringify({ name: 'syn', vers: x, deps: [], cksum: '0'.repeat(64), features: {}, yanked: false }),
        );
        return { kind: 'text', type: 'text/plain', body: `${lines.join('\n')}\n` };
      }
      if (/^\/api\/v1\/crates\/syn\/[\w.]+\/download$/.test(path)) return { kind: 'blob', size: blobSize };
      return undefined;
    }
    case 'docker':
      if (path === '/v2/') {
        return {
          kind: 'text',
          status: 401,
          type: 'application/json',
          body: '{"errors":[{"code":"UNAUTHORIZED"}]}',
          headers: { 'docker-distribution-api-version': 'registry/2.0' },
        };
      }
      return undefined;
    case 'maven': {
      // Like Aliyun's repository: anything that does not look like Maven gets a 404.
      if (!userAgent.startsWith('Maven/')) return undefined;
      if (path === '/maven2/junit/junit/maven-metadata.xml') {
        const vs = versions.map((x) => `      <version>${x}</version>`).join('\n');
        const body = `<?xml version="1.0" encoding="UTF-8"?>\n<metadata>\n  <groupId>junit</groupId>\n  <artifactId>junit</artifactId>\n  <versioning>\n    <latest>${newest}</latest>\n    <release>${newest}</release>\n    <versions>\n${vs}\n    </versions>\n  </versioning>\n</metadata>\n`;
        return { kind: 'text', type: 'text/xml', body };
      }
      if (/^\/maven2\/junit\/junit\/[\w.]+\/junit-[\w.]+\.jar$/.test(path)) return { kind: 'blob', size: blobSize };
      return undefined;
    }
    case 'conda':
      // repodata.json is both the liveness check (its first bytes) and the throughput file (its size).
      if (path === '/anaconda/pkgs/main/noarch/repodata.json')
        return {
          kind: 'text',
          type: 'application/json',
          body: `{"info":{"subdir":"noarch"},"packages":{},"pad":"${'0'.repeat(Math.max(0, blobSize - 60))}"}`,
        };
      return undefined;
    case 'nuget': {
      // A v3 service index naming its flat container; Newtonsoft.Json's versions there, and the newest .nupkg.
      if (path === '/nuget/v3/index.json')
        return json({
          version: '3.0.0',
          resources: [
            { '@id': `${origin}/nuget/v3-flatcontainer/`, '@type': 'PackageBaseAddress/3.0.0' },
            { '@id': `${origin}/nuget/v3/registration/`, '@type': 'RegistrationsBaseUrl/3.6.0' },
          ],
        });
      if (path === '/nuget/v3-flatcontainer/newtonsoft.json/index.json') return json({ versions });
      if (/^\/nuget\/v3-flatcontainer\/newtonsoft\.json\/[\w.]+\/newtonsoft\.json\.[\w.]+\.nupkg$/.test(path))
        return { kind: 'blob', size: blobSize };
      return undefined;
    }
    case 'dnf':
      // repomd.xml names the primary package list, which is the throughput file, as in the probe kind.
      if (path === '/rocky/9/BaseOS/x86_64/os/repodata/repomd.xml')
        return {
          kind: 'text',
          type: 'text/xml',
          body: `<?xml version="1.0" encoding="UTF-8"?>\n<repomd xmlns="http://linux.duke.edu/metadata/repo">\n  <revision>1</revision>\n  <data type="primary">\n    <location href="repodata/primary.xml.gz"/>\n  </data>\n</repomd>\n`,
        };
      if (path === '/rocky/9/BaseOS/x86_64/os/repodata/primary.xml.gz') return { kind: 'blob', size: blobSize };
      return undefined;
    case 'rubygems':
      // The compact index's versions file: the liveness check (its first bytes) and the throughput file.
      if (path === '/rubygems/versions')
        return {
          kind: 'text',
          type: 'text/plain',
          body: `created_at: 2026-01-01T00:00:00Z\n---\n${'rails 7.0.0 0\n'.repeat(Math.max(1, Math.floor(blobSize / 15)))}`,
        };
      return undefined;
    case 'node-dist': {
      // index.json lists releases newest first, as nodejs.org/dist does.
      if (path === '/node/index.json') {
        const entries = [...versions]
          .reverse()
          .map((v) => ({ version: `v${v}`, date: '2026-01-01', files: ['win-x64-zip'] }));
        return json(entries);
      }
      if (/^\/node\/v[\w.]+\/node-v[\w.]+-win-x64\.zip$/.test(path)) return { kind: 'blob', size: blobSize };
      return undefined;
    }
    case 'composer':
      // packages.json is both the liveness check and the throughput file, as in the probe kind.
      if (path === '/composer/packages.json')
        return {
          kind: 'text',
          type: 'application/json',
          body: `{"metadata-url":"/p2/%package%.json","pad":"${'0'.repeat(Math.max(0, blobSize - 50))}"}`,
        };
      return undefined;
    case 'apt': {
      if (path === '/ubuntu/dists/noble/InRelease') {
        const h = 'f'.repeat(64);
        const body = `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: Ubuntu\nSuite: noble\nCodename: noble\nDate: Thu, 25 Apr 2024 15:10:33 UTC\nSHA256:\n ${h}          1048 main/binary-amd64/Release\n ${h}       ${blobSize} main/Contents-amd64.gz\n ${h}          4096 main/binary-amd64/Packages.xz\n`;
        return { kind: 'text', type: 'text/plain', body };
      }
      if (path === '/ubuntu/dists/noble/main/Contents-amd64.gz') return { kind: 'blob', size: blobSize };
      return undefined;
    }
    case 'rustup': {
      // The stable channel's hash file, then the manifest it names (its date is the freshness; its size, the blob).
      if (path === '/rustup/dist/channel-rust-stable.toml.sha256')
        return { kind: 'text', type: 'text/plain', body: `${'0'.repeat(64)}  channel-rust-stable.toml\n` };
      if (path === '/rustup/dist/channel-rust-stable.toml') {
        // A date that grows with `newest`, so a lagging mirror's manifest is older.
        const [major = 1, minor = 0] = newest.replace(/^v/, '').split('.').map(Number);
        const date = new Date(Date.UTC(2020, 0, 1 + major * 400 + minor)).toISOString().slice(0, 10);
        const head = `manifest-version = "2"\ndate = "${date}"\n[pkg.rust]\nversion = "${newest}"\n`;
        return {
          kind: 'text',
          type: 'text/plain',
          body: `${head}#${'0'.repeat(Math.max(0, blobSize - head.length - 2))}\n`,
        };
      }
      return undefined;
    }
    case 'electron': {
      // A release folder as npmmirror and GitHub serve it: SHASUMS256.txt lists the files, one of them the throughput file.
      if (path === '/electron/v45.6.1/SHASUMS256.txt') {
        const h = 'f'.repeat(64);
        const body = `${h} *chromedriver-v45.6.1-linux-x64.zip\n${h} *electron-v45.6.1-linux-x64.zip\n`;
        return { kind: 'text', type: 'text/plain', body };
      }
      if (path === '/electron/v45.6.1/chromedriver-v45.6.1-linux-x64.zip') return { kind: 'blob', size: blobSize };
      return undefined;
    }
    case 'pub': {
      // The pub repository API (v2 JSON): the health-check package's versions, then its archive.
      const pkg = 'pub_cn_mirrors_health_check';
      const archive = (v: string) => `${origin}/pub/packages/${pkg}/versions/${v}.tar.gz`;
      if (path === `/pub/api/packages/${pkg}`)
        return json({
          name: pkg,
          latest: { version: newest, archive_url: archive(newest) },
          versions: versions.map((v) => ({ version: v, archive_url: archive(v) })),
        });
      if (new RegExp(`^/pub/packages/${pkg}/versions/[\\w.]+\\.tar\\.gz$`).test(path))
        return { kind: 'blob', size: blobSize };
      return undefined;
    }
    case 'homebrew':
      // The formula API's signed JSON: its opening is the liveness check, its size the throughput file.
      if (path === '/homebrew/api/formula.jws.json')
        return {
          kind: 'text',
          type: 'application/json',
          body: `{"payload":"[]","signatures":[],"pad":"${'0'.repeat(Math.max(0, blobSize - 50))}"}`,
        };
      return undefined;
    case 'winget':
      // The pre-indexed source package: its HEAD (a length above zero) is the liveness check, its size the throughput file.
      if (path === '/winget-source/source.msix') return { kind: 'blob', size: blobSize };
      return undefined;
    case 'hf': {
      if (path === '/hf/api/models/openai-community/gpt2')
        return json({ id: 'openai-community/gpt2', sha: '0'.repeat(40), lastModified: '2024-02-19T10:57:45.000Z' });
      if (path === '/hf/openai-community/gpt2/resolve/main/config.json') return { kind: 'blob', size: blobSize };
      return undefined;
    }
  }
}
