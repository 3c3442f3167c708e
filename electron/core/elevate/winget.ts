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

const reasonOf = (r: ExecResult) =>
  (r.stderr.trim() || r.stdout.trim() || r.failureDetail) ?? `exit code ${r.code ?? 'none'}`;

/**
 * Carry out one winget source change, command after command; throws on the first that fails for real. A
 * tolerated failure (the removal before an add) is named in the add's error: "already exists" alone would hide
 * why the source could not be removed (a policy, say).
 */
export async function runWingetChange(run: WingetRunner, c: WingetSourceChange): Promise<void> {
  let tolerated = '';
  for (const step of sourceCommands(c)) {
    const r = await run(step.args);
    if (r.code === 0) continue;
    const command = ['winget', ...step.args].join(' ');
    if (step.mayFail) {
      tolerated = ` (${command}: ${reasonOf(r).slice(0, 200)})`;
      continue;
    }
    throw new MirrorKitError(
      'winget.command-failed',
      { command, reason: `${reasonOf(r).slice(0, 500)}${tolerated}` },
      EXIT.targetFailed,
    );
  }
}
