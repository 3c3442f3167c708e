import type { Message, TargetId } from '../types/core';

/**
 * The verdict on an imported profile, as the wizard shows it (issue 18). `signed` means verified with a key the
 * organization's policy trusts; a signature without any trusted key proves nothing, so it stays `unsigned`.
 */
export type ProfileTrustState =
  | { state: 'signed'; keyId: string; trustedComment: string; serial?: number; expires?: string }
  | { state: 'unsigned'; signatureUnchecked?: boolean; serial?: number; expires?: string }
  | { state: 'refused'; reason: Message };

/** One tool the profile sets, and where to. */
export interface ProfileTargetSummary {
  target: TargetId;
  provider?: string;
  urls: string[];
}

export interface ProfileInspection {
  name: string;
  trust: ProfileTrustState;
  /** Empty when refused: nothing of a refused profile is worth showing as if it could be used. */
  targets: ProfileTargetSummary[];
  /** How many CA certificates it adds, and whether it sets a proxy. */
  caCount: number;
  proxy: boolean;
}

/** The limits main enforces on `profile:inspect` (the plan's own profile text limit is the same 64 KiB). */
export const MAX_IMPORT_TEXT = 64 * 1024;
export const MAX_IMPORT_SIGNATURE = 4 * 1024;
