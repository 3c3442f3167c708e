import type { TargetId } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { TARGET_MODULES } from '../targets';
import type { AdminAction } from '../targets/types';

import type { AdminFile } from './files';
import type { ValueCheck } from './values';

/**
 * What the elevated helper may touch, composed from the target modules (each declares its `machineEnv` and
 * `adminFiles`), so adding a tool adds its own entries and nothing else. What is NOT here is as deliberate:
 * PATH (never), GOFLAGS (`-toolexec=…` would run a program on every build of every user), PIP_CONFIG_FILE /
 * NPM_CONFIG_USERCONFIG (would point every user at an arbitrary file), proxies and certificates.
 * allowlist.test.ts prints the whole list as a snapshot: a change to it shows up in review.
 */
function composeVariables(): Readonly<Record<string, ValueCheck>> {
  const out: Record<string, ValueCheck> = {};
  const owner: Record<string, string> = {};
  for (const m of TARGET_MODULES) {
    for (const [name, check] of Object.entries(m.machineEnv)) {
      // Two tools claiming one variable would make its check depend on registry order.
      if (owner[name] !== undefined)
        throw new Error(`machine variable ${name} is claimed by ${owner[name]} and ${m.id}`);
      owner[name] = m.id;
      out[name.toUpperCase()] = check;
    }
  }
  return out;
}

/** The machine-scope variables the helper may set or remove, and how each value is checked. */
export const MACHINE_VARIABLES: Readonly<Record<string, ValueCheck>> = composeVariables();

/** The elevated actions each target may ask for (winget's source), and the check of the URL each carries. */
function composeActions(): Readonly<Record<AdminAction, Partial<Record<TargetId, ValueCheck>>>> {
  const out: Record<AdminAction, Partial<Record<TargetId, ValueCheck>>> = { wingetSource: {} };
  for (const m of TARGET_MODULES)
    for (const [action, check] of Object.entries(m.adminActions ?? {}) as [AdminAction, ValueCheck][])
      out[action][m.id] = check;
  return out;
}

export const ADMIN_ACTIONS = composeActions();

/** The machine-wide files on this system the helper may write (Windows only today). */
export function adminFiles(ctx: Pick<Ctx, 'platform' | 'env' | 'sysroot'>): AdminFile[] {
  return TARGET_MODULES.flatMap((m) => m.adminFiles?.(ctx) ?? []);
}

/** The allowlist as text, one line per entry with the tool that asks for it: the auditable form. */
export function describeAllowlist(ctx: Pick<Ctx, 'platform' | 'env' | 'sysroot'>): string {
  const lines: string[] = [];
  for (const m of TARGET_MODULES) {
    for (const [name, check] of Object.entries(m.machineEnv))
      lines.push(`${m.id}\tvariable\t${name}\t${check.name || '(anonymous check)'}`);
    for (const f of m.adminFiles?.(ctx) ?? []) lines.push(`${m.id}\tfile\t${f.id}\t${f.path}`);
    for (const [action, check] of Object.entries(m.adminActions ?? {}))
      lines.push(`${m.id}\taction\t${action}\t${check.name || '(anonymous check)'}`);
  }
  return lines.join('\n');
}
