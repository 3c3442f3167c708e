import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { MIRROR_KINDS, TARGET_IDS } from '../../shared/types/core';
import { checkMirrorUrl } from '../../shared/validate/url';

/**
 * The harness's `--probe-candidates FILE`: a JSON file listing the mirrors the Test step probes instead of the
 * catalog's, so end-to-end tests measure loopback servers. Each entry is a probe candidate
 * (electron/core/probe/types.ts: target, kind, url, provider, probe path). The desktop app has no such option.
 */
export const CandidateFileSchema = z.array(
  z.strictObject({
    target: z.enum(TARGET_IDS),
    kind: z.enum(MIRROR_KINDS),
    url: z.string().refine((u) => checkMirrorUrl(u).ok, 'acceptable mirror URL'),
    provider: z.string().min(1).optional(),
    probe: z.string().optional(),
  }),
);

export type CandidateFile = z.infer<typeof CandidateFileSchema>;

export function loadCandidateFile(file: string): CandidateFile {
  return CandidateFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
