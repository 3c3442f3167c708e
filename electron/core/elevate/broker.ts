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
import { thisSystemFolders } from './system-folders';
import { newNonce, readResultText, workDirOf } from './workdir';
import { writeBatch } from './write';

export type { ElevateOutcome };

export interface ElevatorOptions {
  /** How the helper is started (default: PowerShell Start-Process -Verb RunAs). */
  launch?: LaunchFn;
  /** What to start (default: this very program). */
  self?: SelfCommand;
  /** For the in-process path when already elevated (tests inject stores and fakes). */
  helper?: HelperDeps;
  /**
   * Where the helper makes `MirrorKit\elevate\<nonce>` (default on Windows: %ProgramData% as the registry records
   * it, as the helper finds it; elsewhere the state folder). Tests give the helper's workRoot.
   */
  workRoot?: string;
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
      return await elevate(ctx, todo, launch, opts.self ?? currentSelf(), opts.workRoot);
    } catch (err) {
      return { status: 'failed', error: toMessage(err) };
    }
  };
}

/** The folder the helper will make for its result: the same rule it follows (workdir.ts, system-folders.ts). */
async function workRootOf(ctx: Ctx, given: string | undefined): Promise<string | Message> {
  if (given) return given;
  if (ctx.platform !== 'win32') return ctx.stateDir;
  const f = await thisSystemFolders(ctx.exec);
  return 'code' in f ? f : f.programData;
}

async function elevate(
  ctx: Ctx,
  changes: BrokerChange[],
  launch: LaunchFn,
  self: SelfCommand,
  workRoot: string | undefined,
): Promise<ElevateOutcome> {
  const root = await workRootOf(ctx, workRoot);
  if (typeof root !== 'string') return { status: 'failed', error: root };
  const staged = await writeBatch(ctx, changes);
  const nonce = newNonce();
  try {
    const call = { batchPath: staged.path, sha256: staged.sha256, nonce, principal: staged.principal };
    const r = await launch(self.exe, elevatedArgs(self, call));
    const result = await readResult(await readResultText(workDirOf(root, nonce)));
    if (result) return outcomeOf(result);
    if (r.code === ERROR_CANCELLED) return { status: 'declined' };
    return {
      status: 'failed',
      error: { code: 'windows.elevate-no-result', params: { code: r.code ?? 'none', reason: r.detail ?? '' } },
    };
  } finally {
    // The result folder is the helper's (the user may only read it): its next run removes it.
    await fs.rm(staged.path, { force: true }).catch(() => undefined);
  }
}

function readResult(text: string | null): HelperResult | null {
  if (text === null) return null;
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
