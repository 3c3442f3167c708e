import { MB, requireStatus, under, wrongProtocol, type KindSpec, type SmallResponse } from './common';

const DEFAULT_PROBE = 'index.json';
/** The most downloaded package on nuget.org: every mirror that serves packages has it. */
const PACKAGE = 'newtonsoft.json';

interface Resource {
  '@id'?: unknown;
  '@type'?: unknown;
}

function resources(res: SmallResponse): Resource[] {
  try {
    const doc = JSON.parse(res.text) as { resources?: unknown };
    return Array.isArray(doc.resources) ? (doc.resources as Resource[]) : [];
  } catch {
    return [];
  }
}

/** The flat container's version list of a package (`{"versions": [...]}`); empty when it is not one. */
function versionsOf(res: SmallResponse): string[] {
  try {
    const v = (JSON.parse(res.text) as { versions?: unknown }).versions;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The `@id` of the first resource of `type` (types carry a version: `PackageBaseAddress/3.0.0`). */
function resourceUrl(list: Resource[], type: string, base: URL): URL | undefined {
  for (const r of list) {
    const t = typeof r['@type'] === 'string' ? r['@type'] : '';
    if ((t === type || t.startsWith(`${type}/`)) && typeof r['@id'] === 'string' && URL.canParse(r['@id'], base.href))
      return new URL(r['@id'], base);
  }
  return undefined;
}

/**
 * A NuGet v3 source: its service index (the URL NuGet.Config names, ending in index.json; a folder URL gets
 * `index.json` added) must list where packages are (`PackageBaseAddress`) or a search service
 * (`SearchQueryService`). Freshness: the versions of Newtonsoft.Json in the flat container; throughput: the newest
 * stable one's .nupkg (~2.5 MB on nuget.org).
 */
export const nuget: KindSpec = {
  h2: true,
  // A small web app's restore: ~60 packages of ~150 kB, an index and a .nupkg each.
  profile: { bytes: 9 * MB, requests: 120 },
  async check(fetch, base, probe) {
    const url = /\.json$/i.test(base.pathname)
      ? new URL(probe ?? DEFAULT_PROBE, base)
      : under(base, probe ?? DEFAULT_PROBE);
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    requireStatus(res);
    const list = resources(res);
    const packages = resourceUrl(list, 'PackageBaseAddress', url);
    if (!packages && !resourceUrl(list, 'SearchQueryService', url)) throw wrongProtocol('NuGet v3 service index');
    if (!packages) return {};
    const dir = under(packages, `${PACKAGE}/`);
    const versions = await fetch(under(dir, 'index.json'), { headers: { accept: 'application/json' } });
    if (versions.status !== 200) return {};
    // The flat container lists versions in ascending order; prereleases carry a '-'.
    const newest = versionsOf(versions)
      .filter((x) => !x.includes('-'))
      .at(-1);
    if (!newest) return {};
    return {
      ...(versions.truncated ? {} : { version: newest }),
      throughputUrl: under(dir, `${newest}/${PACKAGE}.${newest}.nupkg`),
    };
  },
};
