import { archiveUrl } from '../../../shared/catalog';
import { DNF_DISTROS } from '../../../shared/catalog/schema';
import type { Ctx } from '../context';
import type { RepoSection } from '../edit/dnf-repo';
import { systemPath } from '../platform/paths';

import { readText } from './common';

/**
 * Which dnf distribution this machine runs (from os-release), and where in one of its repo URLs the host
 * prefix ends and the distribution's own tree (with its `$releasever`, `$basearch`, `$contentdir` …) begins.
 * That split is the recipe of the mirrors' help pages: keep the tree, swap the prefix.
 */
export type Distro = (typeof DNF_DISTROS)[number];

export interface OsRelease {
  id: string;
  idLike: string[];
  versionId: string;
  prettyName: string;
}

/** os-release(5): shell-style assignments, values optionally quoted. */
export function parseOsRelease(text: string): OsRelease {
  const v: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let val = (m[2] ?? '').trim();
    const q = val[0];
    if ((q === '"' || q === "'") && val.endsWith(q) && val.length >= 2)
      val = val.slice(1, -1).replace(/\\(["'$`\\])/g, '$1');
    v[m[1] ?? ''] = val;
  }
  return {
    id: (v.ID ?? '').toLowerCase(),
    idLike: (v.ID_LIKE ?? '').toLowerCase().split(/\s+/).filter(Boolean),
    versionId: v.VERSION_ID ?? '',
    prettyName: v.PRETTY_NAME ?? v.NAME ?? v.ID ?? '',
  };
}

/** /etc/os-release, else /usr/lib/os-release (the order os-release(5) gives); null when neither exists. */
export async function readOsRelease(ctx: Ctx): Promise<OsRelease | null> {
  for (const p of ['/etc/os-release', '/usr/lib/os-release']) {
    const text = await readText(systemPath(ctx, p));
    if (text !== null) return parseOsRelease(text);
  }
  return null;
}

const BY_ID: Record<string, Distro> = {
  rocky: 'rocky',
  almalinux: 'almalinux',
  fedora: 'fedora',
  centos: 'centos-stream',
  openeuler: 'openeuler',
  anolis: 'anolis',
};

/**
 * The distribution whose trees MirrorKit may rewrite. ID first, then ID_LIKE (a derivative's sections only
 * change where they really point at that distribution's hosts). CentOS before Stream 9 (CentOS Linux, Stream 8)
 * is end of life with another layout: not handled.
 */
export function distroOf(os: OsRelease): Distro | undefined {
  const major = Number.parseInt(os.versionId, 10);
  if (os.id === 'centos') return major >= 9 ? 'centos-stream' : undefined;
  return BY_ID[os.id] ?? os.idLike.map((id) => (id === 'centos' ? undefined : BY_ID[id])).find(Boolean);
}

/** The section dnf uses first for the system itself: what "the mirror in use" means here. */
export const MAIN_REPO: Record<Distro, string> = {
  rocky: 'baseos',
  almalinux: 'baseos',
  fedora: 'fedora',
  'centos-stream': 'baseos',
  openeuler: 'OS',
  anolis: 'BaseOS',
};

/** The distribution's own files in /etc/yum.repos.d (others, such as epel.repo, are third-party). */
export const OWN_FILES: Record<Distro, RegExp> = {
  rocky: /^rocky.*\.repo$/i,
  almalinux: /^almalinux.*\.repo$/i,
  fedora: /^fedora.*\.repo$/i,
  'centos-stream': /^centos.*\.repo$/i,
  openeuler: /^openEuler\.repo$/i,
  anolis: /^AnolisOS-.*\.repo$/i,
};

/**
 * Upstream prefixes as the distributions' own repo files spell them, besides the catalog's official entry
 * (Rocky's `$contentdir` is `pub/rocky`; Fedora ships the `download.example` placeholder).
 */
const UPSTREAM: Record<Distro, string[]> = {
  rocky: ['http://dl.rockylinux.org/$contentdir/', 'https://download.rockylinux.org/pub/rocky/'],
  almalinux: ['https://repo.almalinux.org/almalinux/'],
  fedora: ['http://download.example/pub/fedora/linux/', 'https://download.fedoraproject.org/pub/fedora/linux/'],
  'centos-stream': ['https://mirror.stream.centos.org/'],
  openeuler: ['http://repo.openeuler.org/'],
  anolis: ['http://mirrors.openanolis.cn/anolis/'],
};

/** The distribution's own roots: as its files spell them, and the catalog's official entry. */
export function upstreamRoots(ctx: Ctx, distro: Distro): string[] {
  const official = ctx.catalog.active('dnf', 'official');
  return [...UPSTREAM[distro], ...(official ? [archiveUrl(official, distro) ?? []].flat() : [])];
}

/** Every root known to serve `distro`: its upstreams and each catalog mirror's tree for it. */
export function knownRoots(ctx: Ctx, distro: Distro): string[] {
  const fromCatalog = ctx.catalog.mirrorsOf('dnf').flatMap((m) => archiveUrl(m, distro) ?? []);
  return [...UPSTREAM[distro], ...fromCatalog];
}

const bare = (u: string) => u.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');

/** `url` split at the end of the known root it starts with (scheme and host case ignored), or undefined. */
export function splitAtRoot(url: string, roots: readonly string[]): { root: string; tree: string } | undefined {
  const b = bare(url);
  let best: string | undefined;
  for (const r of roots) {
    const rb = bare(r.endsWith('/') ? r : `${r}/`);
    if (b.toLowerCase().startsWith(rb.toLowerCase()) && (!best || rb.length > bare(best).length)) best = r;
  }
  if (!best) return undefined;
  return { root: best, tree: b.slice(bare(best.endsWith('/') ? best : `${best}/`).length) };
}

const STREAM_DIRS: Record<string, string> = {
  baseos: 'BaseOS',
  appstream: 'AppStream',
  crb: 'CRB',
  highavailability: 'HighAvailability',
  nfv: 'NFV',
  rt: 'RT',
  resilientstorage: 'ResilientStorage',
};

/**
 * CentOS Stream 9 ships metalinks only, no commented baseurl: the tree comes from the metalink's repo name,
 * laid out as on mirror.stream.centos.org (what the USTC help page writes, with the distro's `$stream`).
 */
function streamTree(metalink: string): string | undefined {
  const m = /[?&]repo=centos-([a-z]+?)(-debug|-source)?-\$stream(&|$)/.exec(metalink);
  const dir = m ? STREAM_DIRS[m[1] ?? ''] : undefined;
  if (!m || !dir) return undefined;
  if (m[2] === '-source') return `$stream/${dir}/source/tree/`;
  return `$stream/${dir}/$basearch/${m[2] === '-debug' ? 'debug/tree/' : 'os/'}`;
}

/** Where the tree starts in any URL of the distro's own files, for roots no list knows (a custom mirror). */
const TREE_START: Partial<Record<Distro, RegExp>> = {
  openeuler: /\/(?=openEuler-[^/]+\/)/,
  anolis: /\/(?=(\$releasever|\d[\d.]*)\/)/,
};

/**
 * The tree of `s` below its root (e.g. `$releasever/BaseOS/$basearch/os/`), or undefined when the section does
 * not belong to `distro` (a third-party or vault repository: left alone). The distro's own commented baseurl
 * wins over the active one, so a section MirrorKit already pointed elsewhere still finds its tree.
 */
export function sectionTree(s: RepoSection, distro: Distro, roots: readonly string[], ownFile: boolean) {
  for (const u of [s.commentedBaseurl, s.baseurl]) {
    const hit = u === undefined ? undefined : splitAtRoot(u, roots);
    if (hit) return hit.tree;
  }
  if (distro === 'centos-stream') {
    const link = s.metalink ?? s.commentedMetalink;
    const tree = link === undefined ? undefined : streamTree(link);
    if (tree) return tree;
  }
  const start = TREE_START[distro];
  if (ownFile && start && s.baseurl) {
    const i = bare(s.baseurl).search(start);
    if (i > 0) return bare(s.baseurl).slice(i + 1);
  }
  return undefined;
}
