import { z } from 'zod';

import { MIRROR_KINDS, TARGET_IDS, TARGET_KIND, type MirrorKind } from '../types/core';

/**
 * The mirror catalog is data: providers × kinds, each entry dated and sourced, validated here at load (and by a
 * test at build time). Dead entries stay listed so the app can explain why an old line in a user's config is a
 * problem, but they are never chosen.
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case id');
const isoDate = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'YYYY-MM or YYYY-MM-DD');
const localized = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) });
const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s"'`<>\\]+$/, 'http(s) URL without whitespace or quotes')
  .refine((u) => URL.canParse(u), 'parsable URL');

/** Distributions an apt entry may serve; the keys of `paths`. */
export const APT_DISTROS = ['ubuntu', 'ubuntu-ports', 'debian'] as const;

/**
 * Distributions a dnf entry may serve (its `paths` keys, named after os-release IDs). One `dnf` kind with a
 * path per distribution, as apt has one kind for Debian and Ubuntu: a provider is one mirror site serving
 * several trees, a preset picks the provider once, and the module picks the tree from /etc/os-release. A kind
 * per distribution would instead multiply presets and probes by six for the same host.
 */
export const DNF_DISTROS = ['rocky', 'almalinux', 'fedora', 'centos-stream', 'openeuler', 'anolis'] as const;

const DISTROS_OF: Partial<Record<string, readonly string[]>> = { apt: APT_DISTROS, dnf: DNF_DISTROS };

export const ProviderSchema = z.object({
  id,
  name: localized,
  homepage: httpUrl.optional(),
});

export const MirrorSchema = z.object({
  provider: id,
  kind: z.enum(MIRROR_KINDS),
  /** The value written into the tool's config (apt: the site root; see `paths`). cargo: the sparse index root, no `sparse+`. */
  url: httpUrl,
  /**
   * Small protocol-specific path, relative to `url`, that proves the mirror is alive (mirror-facts §5); resolve it
   * with `probeUrl()`. apt probes are written for Ubuntu (`ubuntu/dists/noble/InRelease`): the leading `ubuntu/`
   * stands for the archive of the distribution being probed and `noble` for its suite.
   */
  probe: z.string().regex(/^(?![a-z][a-z0-9+.-]*:|\/)\S+$/, 'relative path without a leading slash'),
  status: z.enum(['active', 'deprecated', 'dead']),
  /** When the status was last established. */
  date: isoDate,
  /** Where the status comes from (issue, commit, documentation page). */
  source: z.string().min(3),
  note: localized.optional(),
  /** Provider id to use instead, for deprecated and dead entries. */
  replacement: id.optional(),
  /**
   * apt and dnf: the tree per distribution (APT_DISTROS, DNF_DISTROS), relative to `url` or absolute; a missing
   * key = not served. dnf: the root that replaces the host prefix of the distro's own baseurl.
   */
  paths: z.record(z.string(), z.string().min(1)).optional(),
  /** go: the GOSUMDB value that works with this proxy (e.g. "sum.golang.google.cn"); absent keeps the default. */
  gosumdb: z.string().optional(),
  /**
   * node-dist: the npm CLI archive mirror of the same provider, for nvm-windows' `npm_mirror` (it downloads npm
   * from `<npm_mirror><version>.zip`); absent = the provider has none and npm_mirror is left alone.
   */
  npmMirror: httpUrl.optional(),
  /** The host of `url` also stands for every `<account>.<host>` (per-account accelerators such as Aliyun's). */
  anySubdomain: z.boolean().optional(),
  /**
   * Tools configured by several environment variables: `url` is the first one's value, and this holds this
   * provider's value for each other one it serves (ENV_COMPANIONS names them per kind). A variable absent here is
   * not served by the provider: the target leaves it at the tool's default and says so.
   */
  env: z.record(z.string(), httpUrl).optional(),
});

/** The variables an entry of each kind may carry in `env`, besides the one `url` is written to. */
export const ENV_COMPANIONS: Partial<Record<MirrorKind, readonly string[]>> = {
  rustup: ['RUSTUP_UPDATE_ROOT'],
  // The binary downloads of other npm packages (binary-mirror-config 2.20.0 `mirrors.china.ENVS`), less Node.js's
  // own mirrors (the node target's), lower-case `npm_config_*` names (npm 11 warns on each command), Cypress's
  // `${version}` template and RE2's flag (not plain URLs), and COREPACK_NPM_REGISTRY (a registry, not binaries).
  electron: [
    'ELECTRON_BUILDER_BINARIES_MIRROR',
    'SASS_BINARY_SITE',
    'SWC_BINARY_SITE',
    'NWJS_URLBASE',
    'PUPPETEER_DOWNLOAD_HOST',
    'PUPPETEER_DOWNLOAD_BASE_URL',
    'PUPPETEER_CHROME_DOWNLOAD_BASE_URL',
    'PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL',
    'PLAYWRIGHT_DOWNLOAD_HOST',
    'PLAYWRIGHT_CHROMIUM_DOWNLOAD_HOST',
    'CHROMEDRIVER_CDNURL',
    'EDGEDRIVER_CDNURL',
    'OPERADRIVER_CDNURL',
    'PHANTOMJS_CDNURL',
    'SENTRYCLI_CDNURL',
    'SAUCECTL_INSTALL_BINARY_MIRROR',
    'PRISMA_ENGINES_MIRROR',
    'RIPGREP_PREBUILT_BINARIES_MIRROR',
  ],
  pub: ['FLUTTER_STORAGE_BASE_URL'],
  homebrew: [
    'HOMEBREW_BOTTLE_DOMAIN',
    'HOMEBREW_BREW_GIT_REMOTE',
    'HOMEBREW_CORE_GIT_REMOTE',
    'HOMEBREW_PIP_INDEX_URL',
  ],
};

export const PresetSchema = z.object({
  id,
  name: localized,
  description: localized,
  /**
   * Provider per target, composed from the target specs (source.ts). A target the preset does not name has no
   * working mirror in it and is left alone.
   */
  choose: z.partialRecord(z.enum(TARGET_IDS), id),
});

type Mirror = z.infer<typeof MirrorSchema>;

/** The mirror's identity for duplicate detection: scheme, case, trailing slash and `sparse+` do not matter. */
export function mirrorKey(url: string): string {
  const bare = url.trim().replace(/^sparse\+/i, '');
  try {
    const u = new URL(bare);
    // A trailing dot names the same host (`pypi.douban.com.`): it must not walk around the dead-mirror guard.
    const host = u.hostname.replace(/\.$/, '') + (u.port ? `:${u.port}` : '');
    return `${host}${u.pathname.replace(/\/+$/, '')}${u.search}`.toLowerCase();
  } catch {
    return bare
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
      .replace(/\/+$/, '')
      .toLowerCase();
  }
}

/** YYYY-MM counts as the first of the month, so it compares with full dates. */
const dayOf = (d: string) => (d.length === 7 ? `${d}-01` : d);

/** Rules about one entry alone: kind-specific fields and formats. */
function entryProblems(m: Mirror): string[] {
  const out: string[] = [];
  const distros = DISTROS_OF[m.kind];
  if (distros) {
    const keys = Object.keys(m.paths ?? {});
    if (keys.length === 0) out.push(`an ${m.kind} entry needs paths`);
    for (const k of keys) if (!distros.includes(k)) out.push(`unknown ${m.kind} distribution ${k}`);
    for (const p of Object.values(m.paths ?? {})) {
      const u = URL.canParse(p, m.url) ? new URL(p, m.url.endsWith('/') ? m.url : `${m.url}/`) : null;
      if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
        out.push(`${m.kind} path ${p} is not an http(s) URL`);
      else if (!u.pathname.endsWith('/')) out.push(`${m.kind} path ${p} must end with /`);
    }
  } else if (m.paths) out.push('paths are for apt and dnf entries only');
  if (m.kind === 'apt' && !/^ubuntu\/dists\/[^/]+\//.test(m.probe))
    out.push('apt probe must start with ubuntu/dists/<suite>/');
  if (m.kind === 'dnf' && !/\/repodata\/repomd\.xml$/.test(m.probe))
    out.push('dnf probe must end with /repodata/repomd.xml');
  if (m.gosumdb !== undefined && m.kind !== 'go') out.push('gosumdb is for go entries only');
  for (const name of Object.keys(m.env ?? {}))
    if (!(ENV_COMPANIONS[m.kind] ?? []).includes(name)) out.push(`${m.kind} entries set no variable ${name}`);
  if (m.npmMirror !== undefined && m.kind !== 'node-dist') out.push('npmMirror is for node-dist entries only');
  if (m.kind === 'node-dist' && !m.url.endsWith('/')) out.push('a node-dist URL ends with /');
  if (m.kind === 'cargo' && !m.url.endsWith('/')) out.push('a cargo index URL ends with /');
  // @electron/get appends `v<version>/…` to the mirror as is: without the slash the URL is broken.
  if (m.kind === 'electron' && !m.url.endsWith('/')) out.push('an Electron mirror URL ends with /');
  if (m.status === 'active' && m.replacement) out.push('an active entry has no replacement');
  return out;
}

export const CatalogSchema = z
  .object({
    version: z.literal(1),
    updated: isoDate,
    providers: z.array(ProviderSchema).min(1),
    mirrors: z.array(MirrorSchema).min(1),
    presets: z.array(PresetSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const providers = new Set(c.providers.map((p) => p.id));
    c.providers.forEach((p, i) => {
      if (c.providers.findIndex((q) => q.id === p.id) !== i)
        ctx.addIssue({ code: 'custom', path: ['providers', i, 'id'], message: `duplicate provider id ${p.id}` });
    });
    const activeOf = (kind: string, provider: string) =>
      c.mirrors.some((m) => m.kind === kind && m.provider === provider && m.status === 'active');
    const seenActive = new Set<string>();
    const seenUrl = new Map<string, number>();
    c.mirrors.forEach((m, i) => {
      const at = ['mirrors', i];
      const where = `${m.kind} ${m.url}`;
      if (!providers.has(m.provider))
        ctx.addIssue({ code: 'custom', path: at, message: `unknown provider ${m.provider} (${where})` });
      if (m.replacement && !activeOf(m.kind, m.replacement))
        ctx.addIssue({
          code: 'custom',
          path: at,
          message: `replacement ${m.replacement} has no active ${m.kind} mirror (${where})`,
        });
      if (m.status === 'active') {
        const key = `${m.kind} ${m.provider}`;
        if (seenActive.has(key))
          ctx.addIssue({ code: 'custom', path: at, message: `two active ${m.kind} mirrors for ${m.provider}` });
        seenActive.add(key);
      }
      // Two entries for one URL would make match() ambiguous.
      const urlKey = `${m.kind} ${mirrorKey(m.url)}`;
      const first = seenUrl.get(urlKey);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: at, message: `same ${m.kind} URL as mirrors[${first}]: ${m.url}` });
      else seenUrl.set(urlKey, i);
      if (dayOf(m.date) > dayOf(c.updated))
        ctx.addIssue({
          code: 'custom',
          path: at,
          message: `date ${m.date} is after the catalog date ${c.updated} (${where})`,
        });
      for (const message of entryProblems(m))
        ctx.addIssue({ code: 'custom', path: at, message: `${message} (${where})` });
    });
    c.presets.forEach((p, i) => {
      if (c.presets.findIndex((q) => q.id === p.id) !== i)
        ctx.addIssue({ code: 'custom', path: ['presets', i, 'id'], message: `duplicate preset id ${p.id}` });
      for (const t of TARGET_IDS) {
        const provider = p.choose[t];
        if (provider === undefined) continue;
        if (!activeOf(TARGET_KIND[t], provider))
          ctx.addIssue({
            code: 'custom',
            path: ['presets', i, 'choose', t],
            message: `preset ${p.id}: no active ${t} mirror from ${provider}`,
          });
      }
    });
  });

export type Provider = z.infer<typeof ProviderSchema>;
export type MirrorEntry = z.infer<typeof MirrorSchema>;
export type Preset = z.infer<typeof PresetSchema>;
export type CatalogData = z.infer<typeof CatalogSchema>;
