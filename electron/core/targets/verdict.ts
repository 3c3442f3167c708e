import type { TargetId, Verification } from '../../../shared/types/core';
import type { ExecResult } from '../platform/exec';

/** The tool is not there to ask: verification is skipped, not failed. */
export function notInstalled(target: TargetId, command: string[], tool: string = target): Verification {
  return { target, ok: false, observed: null, command, skipped: { code: 'verify.not-installed', params: { tool } } };
}

/** The tool's own command failed; its error output is what the user needs to see. */
export function failedToRun(
  target: TargetId,
  command: string[],
  r: ExecResult,
  observed: string | null = null,
): Verification {
  const reason = (r.stderr || r.failureDetail || '').trim();
  return {
    target,
    ok: false,
    observed,
    command,
    message: { code: 'verify.failed-to-run', params: { command: command.join(' '), reason } },
  };
}

/** The tool answered: did it report what the apply wrote? */
export function verdict(
  target: TargetId,
  command: string[],
  ok: boolean,
  observed: string | null,
  shown: { tool: string; observed: string; expected: string },
): Verification {
  return { target, ok, observed, command, ...(ok ? {} : { message: { code: 'verify.mismatch', params: shown } }) };
}
