import { z } from 'zod';

import { TARGET_IDS, TARGET_SPECS } from '../targets';
import { hasNoControls } from '../text/escape';
import { isRemoteAddress } from '../validate/address';

import { CaEntrySchema, ProxySchema } from './corporate';

export const MAX_FIREWALL_RULES = 10;

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
    remoteAddress: z
      .string()
      .max(64)
      .refine(isRemoteAddress, 'LocalSubnet or an IP address with an optional prefix length')
      .optional(),
  })
  .strict();

/** `targets`: each tool's own entry, from its spec (shared/targets), all optional. */
const targetsSchema = z.object(Object.fromEntries(TARGET_SPECS.map((s) => [s.id, s.profile.optional()]))).strict();

/**
 * A corporate profile: the mirrors IT hands out (internal Nexus/Artifactory …). It comes from outside, so every
 * field is validated; unknown keys are refused rather than ignored, so a typo cannot silently do nothing.
 */
export const ProfileSchema = z
  .object({
    $schema: z.string().optional(),
    // Shown in the plan and replayed by history: no control or invisible character may ride along.
    name: z
      .string()
      .min(1)
      .max(200)
      .refine((v) => hasNoControls(v), 'no control or invisible characters'),
    description: z
      .string()
      .max(2000)
      .refine((v) => hasNoControls(v, true), 'no control or invisible characters')
      .optional(),
    // Signed profiles (issue 18): the format version, a serial that only goes up (a lower one is a rollback) and
    // an expiry date. Checked before the profile is planned; see electron/core/profile/trust.ts.
    schemaVersion: z.literal(1).optional(),
    serial: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    expires: z.iso.datetime({ offset: true }).optional(),
    targets: targetsSchema,
    firewall: z.array(FirewallRequestSchema).max(MAX_FIREWALL_RULES).optional(),
    // The company's CA certificates and proxy, written into each tool's own setting (docs/corporate.md).
    ca: z.array(CaEntrySchema).min(1).max(8).optional(),
    proxy: ProxySchema.optional(),
  })
  .strict();

export type Profile = z.infer<typeof ProfileSchema>;
