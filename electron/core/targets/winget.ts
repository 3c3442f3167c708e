import { winget as wingetSpec } from '../../../shared/targets/winget';
import type { Detection, Message, Origin, Reading, Verification, WingetSourceState } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { wingetSourceUrl } from '../elevate/values';
import { MirrorKitError } from '../errors';

import { catalogWarnings, exists, findExecutable, foundOnly } from './common';
import { failed, skipped, targetPlan } from './plan-helpers';
import type { TargetModule } from './types';
import { policyBlock, readWingetPolicy } from './winget-policy';
import { failedToRun, notInstalled, verdict } from './verdict';
import {
  changeTo,
  hasOptions18,
  parseSourceExport,
  parseWingetVersion,
  WINGET_DEFAULT_ARG,
  WINGET_SOURCE,
  wingetAlias,
} from './winget-source';

async function wingetExe(ctx: Ctx): Promise<string | undefined> {
  if (ctx.platform !== 'win32') return undefined;
  const found = await findExecutable(ctx, 'winget');
  if (found) return found;
  const alias = wingetAlias(ctx);
  return alias && (await exists(alias)) ? alias : undefined;
}

const run = (ctx: Ctx, exe: string, args: string[]) =>
  ctx.exec(exe, args, { env: { ...ctx.env }, timeoutMs: 60_000, background: true });

async function version(ctx: Ctx, exe: string): Promise<string | undefined> {
  const r = await run(ctx, exe, ['--version']);
  return r.code === 0 ? parseWingetVersion(r.stdout) : undefined;
}

const EXPORT = ['source', 'export'];

/** The `winget` source as winget reports it to this (unelevated) user. */
async function readSource(ctx: Ctx, exe: string): Promise<WingetSourceState> {
  const r = await run(ctx, exe, EXPORT);
  const reason = r.code === 0 ? null : ((r.stderr.trim() || r.stdout.trim() || r.failureDetail) ?? `exit ${r.code}`);
  try {
    if (reason === null) return parseSourceExport(r.stdout);
  } catch (e) {
    throw new MirrorKitError('winget.unreadable', { reason: e instanceof Error ? e.message : String(e) });
  }
  throw new MirrorKitError('winget.unreadable', { reason: reason.slice(0, 300) });
}

/** The mirror in the terms of every other target: null is winget's own default. */
const valueOf = (s: WingetSourceState) => (s.arg === null || s.arg === WINGET_DEFAULT_ARG ? null : s.arg);
const ORIGIN: Origin = { kind: 'file', path: 'winget source export', key: WINGET_SOURCE };
const same = (a: string | null, b: string | null) =>
  (a ?? WINGET_DEFAULT_ARG).replace(/\/+$/, '').toLowerCase() ===
  (b ?? WINGET_DEFAULT_ARG).replace(/\/+$/, '').toLowerCase();

/** The `winget` source as this user's winget reports it; null when winget is not there to ask. */
export async function readWingetSource(ctx: Ctx): Promise<WingetSourceState | null> {
  const exe = await wingetExe(ctx);
  return exe ? readSource(ctx, exe) : null;
}

export const winget: TargetModule = {
  ...wingetSpec,
  machineEnv: {},
  adminActions: { wingetSource: wingetSourceUrl },
  quickRead: 'never',

  async detect(ctx, opts): Promise<Detection> {
    if (ctx.platform !== 'win32') return { target: 'winget', supported: false, installed: false };
    const exe = await wingetExe(ctx);
    if (opts?.quick || !exe) return foundOnly('winget', exe);
    const v = await version(ctx, exe);
    return {
      target: 'winget',
      supported: true,
      installed: v !== undefined,
      ...(v ? { version: v } : {}),
      executable: exe,
    };
  },

  async read(ctx): Promise<Reading> {
    const exe = await wingetExe(ctx);
    const state = exe ? await readSource(ctx, exe) : null;
    const value = state ? valueOf(state) : null;
    const cw = catalogWarnings(ctx, 'winget', value);
    const warnings: Message[] = [...cw.warnings];
    if (state?.arg === null) warnings.push({ code: 'winget.source-absent' });
    return {
      target: 'winget',
      value,
      origin: value === null ? { kind: 'default' } : ORIGIN,
      layers: value === null ? [] : [{ origin: ORIGIN, value, effective: true }],
      warnings,
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  /**
   * winget's own commands, run by the elevated helper: the official choice resets the source, a mirror replaces
   * it (trusted, as the mirrors' help pages add it). The source as it is now travels in the change, so restore
   * puts back that very Arg, or the default, or no source.
   */
  async plan(ctx, choice) {
    if (ctx.platform !== 'win32') return skipped('winget', { code: 'winget.windows' });
    const exe = await wingetExe(ctx);
    if (!exe) return skipped('winget', { code: 'verify.not-installed', params: { tool: 'winget' } });
    const v = await version(ctx, exe);
    const now = await readSource(ctx, exe);
    const url = choice.urls[0] ?? null;
    const official = url === null || ctx.catalog.match('winget', url)?.provider === 'official';
    if (!official && !wingetSourceUrl(url)) return failed('winget', { code: 'winget.https-only', params: { url } });
    if (now.arg !== null && !wingetSourceUrl(now.arg))
      return failed('winget', { code: 'winget.cannot-restore', params: { arg: now.arg } });
    const want: WingetSourceState = official
      ? { arg: WINGET_DEFAULT_ARG, trusted: true, explicit: false }
      : { arg: url, trusted: true, explicit: false };
    const before = valueOf(now);
    const after = valueOf(want);
    const warnings: Message[] = [{ code: 'winget.index-only' }];
    if (now.arg !== null && same(now.arg, want.arg) && !now.explicit)
      return targetPlan('winget', before, after, [], warnings);
    const policy = await readWingetPolicy(ctx);
    const blocked = policyBlock(policy, official);
    if (blocked) return skipped('winget', blocked, before);
    if (!official && policy.allowedSources === 'on') warnings.push({ code: 'winget.policy-allowed-list' });
    const options18 = hasOptions18(v);
    warnings.push({ code: 'winget.needs-admin' });
    if (!options18 && !official) warnings.push({ code: 'winget.no-trust-level', params: { version: v ?? '?' } });
    if (now.arg === null) warnings.push({ code: 'winget.source-absent' });
    const change = changeTo('winget', want, now, options18);
    return targetPlan('winget', before, after, [change], warnings, choice.provider);
  },

  /** `winget source export`, unelevated: the user's winget must report the new Arg, not only the helper's. */
  async verify(ctx, expected): Promise<Verification> {
    const exe = await wingetExe(ctx);
    const command = [exe ?? 'winget', ...EXPORT];
    if (!exe) return notInstalled('winget', command);
    const r = await run(ctx, exe, EXPORT);
    if (r.code !== 0) return failedToRun('winget', command, r);
    let state: WingetSourceState;
    try {
      state = parseSourceExport(r.stdout);
    } catch {
      return failedToRun('winget', command, { ...r, stderr: r.stdout.slice(0, 300) });
    }
    const ok = state.arg !== null && same(state.arg, expected);
    return verdict('winget', command, ok, state.arg, {
      tool: 'winget source export',
      observed: state.arg ?? '-',
      expected: expected ?? WINGET_DEFAULT_ARG,
    });
  },
};
