import { closest } from '../../shared/text/suggest';
import type { Message } from '../../shared/types/core';

/** Exit codes of the CLI, fixed by the contract with fleet tools (Intune, GPO, Ansible, SCCM). */
export const EXIT = {
  ok: 0,
  targetFailed: 1,
  badInput: 2,
  needsElevation: 3,
  verifyFailed: 4,
  /** A profile's signature, pin, expiry or serial is not trusted (issue 18). */
  untrusted: 5,
  /** A profile URL cannot be fetched and no verified copy is cached (issue 18). */
  unreachable: 6,
  /** Another apply or restore holds the lock: try again (an installer maps it to Windows' 1618). */
  busy: 7,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error the user can act on: a message code (translated at the edge) and the exit code it maps to.
 * Anything else that escapes is a bug and is reported as `error.internal`.
 */
export class MirrorKitError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number>;
  readonly exit: ExitCode;

  constructor(code: string, params: Record<string, string | number> = {}, exit: ExitCode = EXIT.badInput) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'MirrorKitError';
    this.code = code;
    this.params = params;
    this.exit = exit;
  }

  toMessage(): Message {
    return { code: this.code, params: this.params };
  }
}

/** Turn anything thrown into a Message, keeping MirrorKitError codes and hiding stack traces from users. */
export function toMessage(err: unknown): Message {
  if (err instanceof MirrorKitError) return err.toMessage();
  const reason = err instanceof Error ? err.message : String(err);
  return { code: 'error.internal', params: { reason } };
}

/** The parameters of an "unknown X" error: the known words, and the one the user probably meant. */
export function withSuggestion(
  input: string,
  known: readonly string[],
  params: Record<string, string>,
): Record<string, string> {
  const suggestion = closest(input, known);
  return { ...params, known: known.join(', '), ...(suggestion ? { suggestion } : {}) };
}
