import type { WingetSourceChange } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { EXIT, MirrorKitError } from '../errors';
import type { ExecResult } from '../platform/exec';
import { exists } from '../targets/common';
import { sourceCommands, wingetAlias } from '../targets/winget-source';

/** Runs winget with these arguments (the executable is the runner's business, never the batch's). */
export type WingetRunner = (args: string[]) => Promise<ExecResult>;

/**
 * The helper's winget: the App Installer's alias under the helper's own %LOCALAPPDATA% (the account that
 * answered the prompt), as `winget` typed in an administrator terminal runs; never PATH, never a path from the
 * batch. winget keeps its source list per account: an administrator who is another account changes its own
 * list, which the unelevated verification then reports as not in effect.
 */
export function helperWinget(ctx: Ctx): WingetRunner {
  return async (args) => {
    const exe = wingetAlias(ctx);
    if (!exe || !(await exists(exe)))
      return {
        code: null,
        stdout: '',
        stderr: `winget.exe not found (${exe ?? '%LOCALAPPDATA% unset'})`,
        failure: 'not-found',
      };
    return ctx.exec(exe, args, { env: { ...ctx.env }, timeoutMs: 120_000 });
  };
}

/** Carry out one winget source change, command after command; throws on the first that fails for real. */
export async function runWingetChange(run: WingetRunner, c: WingetSourceChange): Promise<void> {
  for (const step of sourceCommands(c)) {
    const r = await run(step.args);
    if (r.code === 0 || step.mayFail) continue;
    const reason = (r.stderr.trim() || r.stdout.trim() || r.failureDetail) ?? `exit code ${r.code ?? 'none'}`;
    throw new MirrorKitError(
      'winget.command-failed',
      { command: ['winget', ...step.args].join(' '), reason: reason.slice(0, 500) },
      EXIT.targetFailed,
    );
  }
}
