import { z } from 'zod';

import type { MirrorKind } from '../types/core';

import { CatalogSchema, mirrorKey, type CatalogData, type MirrorEntry, type Preset } from './schema';
import { CATALOG_SOURCE as data } from './source';

export type { MirrorEntry, Preset, Provider } from './schema';
export { APT_DISTROS } from './schema';

export interface Catalog extends CatalogData {
  /** Every entry of a kind, active first. */
  mirrorsOf(kind: MirrorKind): MirrorEntry[];
  /** The active entry of a provider for a kind. */
  active(kind: MirrorKind, provider: string): MirrorEntry | undefined;
  /**
   * The entry (any status) whose URL is the same mirror as `url`, ignoring scheme, case, trailing slash and
   * `sparse+`. apt entries also match the archive URL of each distribution they serve; `anySubdomain` entries
   * match `<account>.<host>`.
   */
  match(kind: MirrorKind, url: string): MirrorEntry | undefined;
  preset(id: string): Preset | undefined;
}

/** Normalise a mirror URL for comparison: lower-case scheme and host, no `sparse+`, no trailing slashes. */
export function normalizeMirrorUrl(url: string): string {
  const bare = url.trim().replace(/^sparse\+/i, '');
  try {
    const u = new URL(bare);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}${u.search}`.toLowerCase();
  } catch {
    return bare.replace(/\/+$/, '').toLowerCase();
  }
}

function withSlash(u: string): string {
  return u.endsWith('/') ? u : `${u}/`;
}

/** apt: the archive URL of `distro` on this mirror (always ending in /), or undefined when it does not serve it. */
export function archiveUrl(m: MirrorEntry, distro: string): string | undefined {
  const p = m.paths?.[distro];
  return p === undefined ? undefined : new URL(p, withSlash(m.url)).href;
}

/**
 * The URL that proves `m` alive. `url` is treated as a directory (pypi.org/simple + pip/ → pypi.org/simple/pip/),
 * unless it names a file (NuGet's service index, `…/v3/index.json`): then the probe is relative to that file.
 * apt: the probe is rewritten for `distro` (default ubuntu) and `suite` (default: the one written in the catalog);
 * undefined when the mirror does not serve `distro`.
 */
export function probeUrl(m: MirrorEntry, apt: { distro?: string; suite?: string } = {}): string | undefined {
  if (m.kind !== 'apt')
    return new URL(m.probe, /\.json$/i.test(new URL(m.url).pathname) ? m.url : withSlash(m.url)).href;
  const base = archiveUrl(m, apt.distro ?? 'ubuntu');
  if (base === undefined) return undefined;
  const rest = m.probe.replace(/^ubuntu\/dists\/([^/]+)\//, (_all, suite: string) => `dists/${apt.suite ?? suite}/`);
  return new URL(rest, base).href;
}

/** Split a URL into the host and the rest of its identity (see mirrorKey). */
function hostAndRest(url: string): { host: string; rest: string } {
  const key = mirrorKey(url);
  const slash = key.indexOf('/');
  return slash < 0 ? { host: key, rest: '' } : { host: key.slice(0, slash), rest: key.slice(slash) };
}

function sameMirror(m: MirrorEntry, url: string): boolean {
  if (mirrorKey(m.url) === mirrorKey(url)) return true;
  if (!m.anySubdomain) return false;
  const a = hostAndRest(m.url);
  const b = hostAndRest(url);
  return a.rest === b.rest && b.host.endsWith(`.${a.host}`);
}

const STATUS_ORDER = { active: 0, deprecated: 1, dead: 2 } as const;

/** Validate catalog data and attach the lookups. Throws an Error listing every problem (zod's issues as `cause`). */
export function buildCatalog(raw: unknown): Catalog {
  const parsed = CatalogSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(`invalid mirror catalog:\n${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  return withLookups(parsed.data);
}

function withLookups(c: CatalogData): Catalog {
  return {
    ...c,
    mirrorsOf: (kind) =>
      c.mirrors.filter((m) => m.kind === kind).sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]),
    active: (kind, provider) =>
      c.mirrors.find((m) => m.kind === kind && m.provider === provider && m.status === 'active'),
    match: (kind, url) => {
      const candidates = c.mirrors.filter((m) => m.kind === kind);
      const key = mirrorKey(url);
      return (
        candidates.find((m) => sameMirror(m, url)) ??
        // apt entries are site roots; a sources line names <root>/<distro path>.
        candidates.find((m) => Object.keys(m.paths ?? {}).some((d) => mirrorKey(archiveUrl(m, d) ?? '') === key))
      );
    },
    preset: (id) => c.presets.find((p) => p.id === id),
  };
}

/**
 * Set to true by scripts/build.mjs in the bundles it builds, once it has validated the catalog's files (and found it
 * unchanged by validation): the data inside a bundle cannot change, and validating it again at every launch
 * costs ~20 ms before the first page can show anything. Run from source (tests, tsx) it is undefined, and
 * loadCatalog validates.
 */
declare const MIRRORKIT_CATALOG_CHECKED: boolean | undefined;

let cached: Catalog | undefined;

/** The catalog shipped with this build, validated once (at build time in a bundle, else on first use). */
export function loadCatalog(): Catalog {
  const checked = typeof MIRRORKIT_CATALOG_CHECKED !== 'undefined' && MIRRORKIT_CATALOG_CHECKED;
  cached ??= checked ? withLookups(data as CatalogData) : buildCatalog(data);
  return cached;
}
