import { z } from 'zod';

import { TARGET_IDS } from '../types/core';
import { hasNoControls } from '../text/escape';
import { checkMirrorUrl } from '../validate/url';

/**
 * A corporate profile: the mirrors IT hands out (internal Nexus/Artifactory …). It comes from outside, so every
 * field is validated; unknown keys are refused rather than ignored, so a typo cannot silently do nothing.
 */
const url = z.string().superRefine((v, ctx) => {
  const r = checkMirrorUrl(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason.code });
});
/** Go module path patterns (GOPRIVATE syntax): comma-separated globs of a strict character set. */
const goPatterns = z.string().max(1000).regex(/^[A-Za-z0-9.*?_\-/]+(,[A-Za-z0-9.*?_\-/]+)*$/, 'comma-separated module path patterns');
export const MAX_FIREWALL_RULES = 10;
const provider = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
/** Either a catalog provider id or a URL. */
const mirror = z.union([z.object({ provider }).strict(), z.object({ url }).strict()]);

/**
 * Windows: an inbound firewall rule for a local or LAN cache/proxy a target uses (a registry cache on this
 * machine, say), from a profile or the wizard. The elevated helper validates each field again before PowerShell
 * sees it.
 */
export const FirewallRequestSchema = z
  .object({
    target: z.enum(TARGET_IDS),
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(['TCP', 'UDP']).optional(),
    remoteAddress: z.string().max(64).regex(/^(LocalSubnet|[0-9a-fA-F.:]+(\/\d{1,3})?)$/, 'LocalSubnet or an IP address with an optional prefix length').optional(),
  })
  .strict();

export const ProfileSchema = z
  .object({
    $schema: z.string().optional(),
    // Shown in the plan and replayed by history: no control or invisible character may ride along.
    name: z.string().min(1).max(200).refine((v) => hasNoControls(v), 'no control or invisible characters'),
    description: z.string().max(2000).refine((v) => hasNoControls(v, true), 'no control or invisible characters').optional(),
    targets: z
      .object({
        pip: mirror.optional(),
        npm: mirror.optional(),
        go: z
          .union([
            z.object({ provider, goprivate: goPatterns.optional(), gonosumdb: goPatterns.optional(), gonoproxy: goPatterns.optional() }).strict(),
            z.object({ url, goprivate: goPatterns.optional(), gonosumdb: goPatterns.optional(), gonoproxy: goPatterns.optional() }).strict(),
          ])
          .optional(),
        cargo: mirror.optional(),
        docker: z.union([z.object({ provider }).strict(), z.object({ urls: z.array(url).min(1).max(10) }).strict()]).optional(),
        apt: mirror.optional(),
      })
      .strict(),
    firewall: z.array(FirewallRequestSchema).max(MAX_FIREWALL_RULES).optional(),
  })
  .strict();

export type Profile = z.infer<typeof ProfileSchema>;
