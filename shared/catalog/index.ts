import type { MirrorKind } from '../types/core';

import data from './catalog.json';
import { CatalogSchema, type CatalogData, type MirrorEntry, type Preset } from './schema';

export type { MirrorEntry, Preset, Provider } from './schema';

export interface Catalog extends CatalogData {
  /** Every entry of a kind, active first. */
  mirrorsOf(kind: MirrorKind): MirrorEntry[];
  /** The active entry of a provider for a kind. */
  active(kind: MirrorKind, provider: string): MirrorEntry | undefined;
  /** The entry (any status) whose URL is the same mirror as `url`, ignoring scheme case, trailing slash and `sparse+`. */
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

const STATUS_ORDER = { active: 0, deprecated: 1, dead: 2 } as const;

/** Validate catalog data and attach the lookups. Throws with zod's reasons when the data is wrong. */
export function buildCatalog(raw: unknown): Catalog {
  const c = CatalogSchema.parse(raw);
  return {
    ...c,
    mirrorsOf: (kind) =>
      c.mirrors.filter((m) => m.kind === kind).sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]),
    active: (kind, provider) => c.mirrors.find((m) => m.kind === kind && m.provider === provider && m.status === 'active'),
    match: (kind, url) => {
      const n = normalizeMirrorUrl(url);
      const candidates = c.mirrors.filter((m) => m.kind === kind);
      return (
        candidates.find((m) => normalizeMirrorUrl(m.url) === n) ??
        // apt entries are site roots; a sources line names <root>/<distro path>.
        candidates.find((m) => m.paths && Object.values(m.paths).some((p) => normalizeMirrorUrl(new URL(p, withSlash(m.url)).href) === n))
      );
    },
    preset: (id) => c.presets.find((p) => p.id === id),
  };
}

function withSlash(u: string): string {
  return u.endsWith('/') ? u : `${u}/`;
}

let cached: Catalog | undefined;

/** The catalog shipped with this build, validated once. */
export function loadCatalog(): Catalog {
  cached ??= buildCatalog(data);
  return cached;
}
