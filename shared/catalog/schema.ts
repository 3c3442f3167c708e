import { z } from 'zod';

import { MIRROR_KINDS, TARGET_IDS, TARGET_KIND } from '../types/core';

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

export const ProviderSchema = z.object({
  id,
  name: localized,
  homepage: httpUrl.optional(),
});

export const MirrorSchema = z.object({
  provider: id,
  kind: z.enum(MIRROR_KINDS),
  /** The value written into the tool's config (apt: the site root; see `paths`). */
  url: httpUrl,
  /** Small protocol-specific path, relative to `url`, that proves the mirror is alive (mirror-facts §5). */
  probe: z.string(),
  status: z.enum(['active', 'deprecated', 'dead']),
  /** When the status was last established. */
  date: isoDate,
  /** Where the status comes from (issue, commit, documentation page). */
  source: z.string().min(3),
  note: localized.optional(),
  /** Provider id to use instead, for deprecated and dead entries. */
  replacement: id.optional(),
  /** apt: archive path per distribution under `url` (ubuntu, ubuntu-ports, debian). */
  paths: z.record(z.string(), z.string()).optional(),
  /** go: the GOSUMDB value that works with this proxy (e.g. "sum.golang.google.cn"); absent keeps the default. */
  gosumdb: z.string().optional(),
});

const presetChoice = z.union([id, z.null()]);

export const PresetSchema = z.object({
  id,
  name: localized,
  description: localized,
  /** Provider per target; null = this preset has no working mirror for the target, which is left alone. */
  choose: z.object(Object.fromEntries(TARGET_IDS.map((t) => [t, presetChoice])) as Record<(typeof TARGET_IDS)[number], typeof presetChoice>),
});

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
    if (providers.size !== c.providers.length) ctx.addIssue({ code: 'custom', message: 'duplicate provider id' });
    const seen = new Set<string>();
    c.mirrors.forEach((m, i) => {
      if (!providers.has(m.provider)) ctx.addIssue({ code: 'custom', path: ['mirrors', i], message: `unknown provider ${m.provider}` });
      if (m.replacement && !providers.has(m.replacement))
        ctx.addIssue({ code: 'custom', path: ['mirrors', i], message: `unknown replacement ${m.replacement}` });
      const key = `${m.kind} ${m.provider} ${m.status === 'active' ? 'active' : m.url}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['mirrors', i], message: `two active ${m.kind} mirrors for ${m.provider}` });
      seen.add(key);
    });
    c.presets.forEach((p, i) => {
      for (const t of TARGET_IDS) {
        const provider = p.choose[t];
        if (provider === null) continue;
        const ok = c.mirrors.some((m) => m.provider === provider && m.kind === TARGET_KIND[t] && m.status === 'active');
        if (!ok) ctx.addIssue({ code: 'custom', path: ['presets', i, 'choose', t], message: `no active ${t} mirror from ${provider}` });
      }
    });
  });

export type Provider = z.infer<typeof ProviderSchema>;
export type MirrorEntry = z.infer<typeof MirrorSchema>;
export type Preset = z.infer<typeof PresetSchema>;
export type CatalogData = z.infer<typeof CatalogSchema>;
