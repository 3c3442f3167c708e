import type { TargetId, WingetSourceChange, WingetSourceState } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { pathApi } from '../platform/paths';

import { processEnv } from './common';

/**
 * WinGet's `winget` source in the words of winget-cli (microsoft/winget-cli fa3d9e5): the default's Arg, Type and
 * identity (src/AppInstallerRepositoryCore/SourceList.cpp), the JSON line `winget source export` prints per
 * source (SourceFromPolicy::ToJsonString in src/AppInstallerSharedLib/GroupPolicy.cpp: Name, Type, Arg, Data,
 * Identifier, Explicit, TrustLevel as a list of "Trusted"/"StoreOrigin"), and the commands that change it. Pure:
 * the module plans with it, the elevated helper runs what it builds.
 */
export const WINGET_SOURCE = 'winget';
export const WINGET_DEFAULT_ARG = 'https://cdn.winget.microsoft.com/cache';
export const PREINDEXED_TYPE = 'Microsoft.PreIndexed.Package';

/** Where the App Installer puts winget for the user: an app execution alias, on PATH in a normal session. */
export function wingetAlias(ctx: Pick<Ctx, 'env' | 'platform'>): string | undefined {
  const local = processEnv(ctx, 'LOCALAPPDATA');
  return local ? pathApi(ctx).join(local, 'Microsoft', 'WindowsApps', 'winget.exe') : undefined;
}

/** One line of `winget source export` (WinGet ≤ 1.7 prints no Explicit or TrustLevel). */
interface ExportLine {
  Name?: unknown;
  Arg?: unknown;
  Explicit?: unknown;
  TrustLevel?: unknown;
}

/**
 * The `winget` source in `winget source export` output: its state, or `arg: null` when winget lists other sources
 * but not it (removed, or turned off by policy). Lines that are not JSON objects (winget's progress spinner, the
 * "There are no sources configured." line) are skipped; output with no source line at all and no such message
 * is not winget's and throws.
 */
export function parseSourceExport(stdout: string): WingetSourceState {
  let sawSource = false;
  for (const raw of stdout.split(/\r?\n/)) {
    const start = raw.indexOf('{');
    if (start < 0) continue;
    let line: ExportLine;
    try {
      line = JSON.parse(raw.slice(start)) as ExportLine;
    } catch {
      continue;
    }
    if (typeof line !== 'object' || line === null || typeof line.Name !== 'string') continue;
    sawSource = true;
    if (line.Name !== WINGET_SOURCE) continue;
    if (typeof line.Arg !== 'string') throw new Error('the winget source has no Arg');
    const trust = Array.isArray(line.TrustLevel) ? line.TrustLevel : [];
    return { arg: line.Arg, trusted: trust.includes('Trusted'), explicit: line.Explicit === true };
  }
  if (!sawSource && !/no sources/i.test(stdout)) throw new Error(stdout.trim().slice(0, 200) || 'no output');
  return { arg: null, trusted: false, explicit: false };
}

/** `winget --version` prints `v1.9.25200`; `--trust-level` and `--explicit` exist from 1.8 on. */
export function parseWingetVersion(stdout: string): string | undefined {
  return /^v?(\d+\.\d+[\d.]*)/m.exec(stdout.trim())?.[1];
}

export function hasOptions18(version: string | undefined): boolean {
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 8);
}

/** The source as winget will report it once `c` has run. */
export function stateAfter(c: WingetSourceChange): WingetSourceState {
  if (c.action === 'set') return { arg: c.arg, trusted: c.trusted && c.options18, explicit: c.explicit && c.options18 };
  if (c.action === 'reset') return { arg: WINGET_DEFAULT_ARG, trusted: true, explicit: false };
  return { arg: null, trusted: false, explicit: false };
}

/** Two readings of the source are the same for winget: the same Arg (or none), explicit or not. */
export function sameSource(a: WingetSourceState, b: WingetSourceState): boolean {
  return a.arg === b.arg && a.explicit === b.explicit;
}

/** The change that makes the source `state` again, from `now`: absent → remove, the default → reset, else set. */
export function changeTo(
  target: TargetId,
  state: WingetSourceState,
  now: WingetSourceState,
  options18: boolean,
): WingetSourceChange {
  const base = { kind: 'wingetSource' as const, target, options18, before: now, admin: true as const };
  if (state.arg === null) return { ...base, action: 'remove', arg: null, trusted: false, explicit: false };
  if (state.arg === WINGET_DEFAULT_ARG && !state.explicit)
    return { ...base, action: 'reset', arg: null, trusted: false, explicit: false };
  return { ...base, action: 'set', arg: state.arg, trusted: state.trusted, explicit: state.explicit };
}

/** What undoes `c`: the source as it was before it, from the state `c` leaves. */
export function undoOf(c: WingetSourceChange): WingetSourceChange {
  return changeTo(c.target, c.before, stateAfter(c), c.options18);
}

/**
 * The winget argv (without the executable) that carry out `c`, in order. A `set` removes the source first
 * (winget refuses to add a name it already has); that removal may fail when the source is already gone, which
 * the runner tolerates (`mayFail`), as chsrc does. Named options, so no value is ever read as another option.
 */
export function sourceCommands(c: WingetSourceChange): { args: string[]; mayFail: boolean }[] {
  const remove = ['source', 'remove', '--name', WINGET_SOURCE];
  if (c.action === 'remove') return [{ args: remove, mayFail: false }];
  if (c.action === 'reset') return [{ args: ['source', 'reset', '--name', WINGET_SOURCE, '--force'], mayFail: false }];
  const add = ['source', 'add', '--name', WINGET_SOURCE, '--arg', c.arg ?? '', '--type', PREINDEXED_TYPE];
  if (c.options18 && c.trusted) add.push('--trust-level', 'trusted');
  if (c.options18 && c.explicit) add.push('--explicit');
  add.push('--accept-source-agreements');
  return [
    { args: remove, mayFail: true },
    { args: add, mayFail: false },
  ];
}
