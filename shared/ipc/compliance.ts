import type { Message, TargetId } from '../types/core';

/** Each tool's state in `mirrorkit check` (electron/core/profile/compliance.ts says what each means). */
export type ComplianceToolState = 'compliant' | 'drift' | 'shadowed' | 'missing' | 'skipped' | 'error';

/** The verdict of `mirrorkit check --from-policy`, as much of it as the app shows. */
export interface ComplianceVerdict {
  verdict: 'compliant' | 'drift' | 'error';
  /** The profile's URL. */
  profile: string;
  tools: { target: TargetId; state: ComplianceToolState }[];
}

/**
 * The desktop app's periodic compliance check (CheckIntervalHours, with a ProfileUrl policy), as the managed
 * banner shows it: the verdict, or why the check could not run; when it finished (ISO 8601) and the interval.
 */
export type ComplianceCheck = (ComplianceVerdict | { verdict: 'failed'; error: Message }) & {
  at: string;
  intervalHours: number;
};
