import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { MIRROR_KINDS, TARGET_IDS } from '../../shared/types/core';

/**
 * Test hook of the harness only: MIRRORKIT_PROBE_CANDIDATES names a JSON file listing the mirrors the Test step
 * probes instead of the catalog's, so end-to-end tests measure loopback servers. Each entry is a probe candidate
 * (target, kind, provider, url, probe path). The desktop app never reads this variable.
 */
export const CandidateFileSchema = z.array(
  z.object({
    target: z.enum(TARGET_IDS),
    kind: z.enum(MIRROR_KINDS),
    provider: z.string().min(1),
    url: z.string().url(),
    probe: z.string(),
  }).passthrough(),
);

export type CandidateFile = z.infer<typeof CandidateFileSchema>;

export function loadCandidateFile(file: string): CandidateFile {
  return CandidateFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
