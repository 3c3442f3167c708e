import fs from 'node:fs/promises';

import type { BrokerChange, Message } from '../../../shared/types/core';
import type { ElevateOutcome } from '../apply/transaction';
import type { Ctx } from '../context';
import { toMessage } from '../errors';

import { buildBatch } from './batch';
import {
  currentSelf,
  elevatedArgs,
  ERROR_CANCELLED,
  powershellLauncher,
  type LaunchFn,
  type SelfCommand,
} from './launch';
import { applyBatch, HelperResultSchema, type HelperDeps, type HelperResult } from './run';
import { resultPath, writeBatch } from './write';

export type { ElevateOutcome };

export interface ElevatorOptions {
  /** How the helper is started (default: PowerShell Start-Process -Verb RunAs). */
  launch?: LaunchFn;
  /** What to start (default: this very program). */
  self?: SelfCommand;
  /** For the in-process path when already elevated (tests inject stores and fakes). */
  helper?: HelperDeps;
}

/**
 * The elevation broker: all admin changes of one apply or restore, carried out with at most one UAC prompt.
 * Already elevated (an admin console, a fleet tool running as SYSTEM): the same checks run in this process and
 * nothing is shown. Otherwise the batch is staged and the helper started elevated; its result file says what
 * happened. A declined prompt is `declined` and nothing of the batch was applied.
 */
export function createElevator(
  ctx: Ctx,
  opts: ElevatorOptions = {},
): (changes: BrokerChange[]) => Promise<ElevateOutcome> {
  const launch = opts.launch ?? powershellLauncher(ctx.exec, ctx.env);
  return async (changes) => {
    try {
      const todo = await withoutNoOps(ctx, changes);
      if (todo.length === 0) return { status: 'done' };
      if (ctx.isAdmin) {
        const checked = buildBatch(todo, ctx.now());
        if (!checked.ok) return { status: 'failed', error: checked.error };
        return outcomeOf(await applyBatch(ctx, checked.batch, opts.helper));
      }
      return await elevate(ctx, todo, launch, opts.self ?? currentSelf());
    } catch (err) {
      return { status: 'failed', error: toMessage(err) };
    }
  };
}

async function elevate(
  ctx: Ctx,
  changes: BrokerChange[],
  launch: LaunchFn,
  self: SelfCommand,
): Promise<ElevateOutcome> {
  const staged = await writeBatch(ctx, changes);
  try {
    const r = await launch(self.exe, elevatedArgs(self, staged.path, staged.sha256));
    const result = await readResult(staged.path);
    if (result) return outcomeOf(result);
    if (r.code === ERROR_CANCELLED) return { status: 'declined' };
    return {
      status: 'failed',
      error: { code: 'windows.elevate-no-result', params: { code: r.code ?? 'none', reason: r.detail ?? '' } },
    };
  } finally {
    await fs.rm(resultPath(staged.path), { force: true }).catch(() => undefined);
    await fs.rm(staged.path, { force: true }).catch(() => undefined);
  }
}

async function readResult(batchPath: string): Promise<HelperResult | null> {
  let text: string;
  try {
    text = await fs.readFile(resultPath(batchPath), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = HelperResultSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function outcomeOf(r: HelperResult): ElevateOutcome {
  if (r.status === 'done') return { status: 'done' };
  const error: Message = r.error ?? { code: 'windows.elevate-no-result', params: { code: r.status, reason: '' } };
  return { status: 'failed', error };
}

/**
 * Changes that would change nothing never cost a prompt: a machine variable already at its value, a file
 * already holding the text, a file to remove already gone. Reading both needs no rights. Firewall rules cannot be read without PowerShell
 * rights checks of their own, so they always go.
 */
async function withoutNoOps(ctx: Ctx, changes: readonly BrokerChange[]): Promise<BrokerChange[]> {
  const out: BrokerChange[] = [];
  for (const c of changes) {
    if (
      c.kind === 'setEnv' &&
      ctx.envStore.supported &&
      (await ctx.envStore.get(c.name, c.scope).catch(() => undefined)) === c.value
    )
      continue;
    if (c.kind === 'writeFile' && (await fs.readFile(c.path, 'utf8').catch(() => null)) === c.after) continue;
    if (c.kind === 'removeFile' && (await fs.stat(c.path).catch(() => null)) === null) continue;
    out.push(c);
  }
  return out;
}
