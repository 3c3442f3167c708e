import type { ComplianceCheck, ComplianceToolState } from '../../../shared/ipc/compliance';
import type { Message, TargetId } from '../../../shared/types/core';

/**
 * The remedy the banner names. The app has no IPC call that applies the policy's profile (its plans come from a
 * preset, a choice or an imported profile), so it shows the command rather than a button.
 */
export const APPLY_COMMAND = 'mirrorkit apply --from-policy --yes';

export interface ComplianceView {
  tone: 'ok' | 'warn' | 'bad';
  /** The sentence: when it was checked, how often, and the verdict. */
  line: Message;
  /** The tools the verdict is about (not compliant, or unreadable), with their state. */
  tools: { target: TargetId; state: ComplianceToolState }[];
  /** Why the check could not run (profile unreachable, untrusted …). */
  error?: Message;
  /** Shown when applying the policy's profile fixes it (drift). */
  command?: string;
}

const DRIFT: readonly ComplianceToolState[] = ['drift', 'shadowed', 'missing'];

/** What the managed banner says about the latest periodic check; `time` formats its ISO time for the user. */
export function complianceView(c: ComplianceCheck, time: (iso: string) => string): ComplianceView {
  const params = { time: time(c.at), hours: c.intervalHours };
  switch (c.verdict) {
    case 'compliant':
      return { tone: 'ok', line: { code: 'app.compliance.compliant', params }, tools: [] };
    case 'drift':
      return {
        tone: 'warn',
        line: { code: 'app.compliance.drift', params },
        tools: c.tools.filter((x) => DRIFT.includes(x.state)),
        command: APPLY_COMMAND,
      };
    case 'error':
      return {
        tone: 'bad',
        line: { code: 'app.compliance.error', params },
        tools: c.tools.filter((x) => x.state === 'error'),
      };
    case 'failed':
      return { tone: 'bad', line: { code: 'app.compliance.failed', params }, tools: [], error: c.error };
  }
}
