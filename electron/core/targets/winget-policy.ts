import type { Message } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { findValue, parseRegQuery, regExe, regQueryArgv } from '../platform/win32/reg';

/**
 * WinGet's Group Policy (HKLM\SOFTWARE\Policies\Microsoft\Windows\AppInstaller, winget-cli GroupPolicy.cpp) as it
 * bears on the `winget` source (SourcePolicy.cpp): EnableDefaultSource = 1 forbids removing the default and any
 * user source named `winget` (it would shadow it); = 0 hides the default, so a reset cannot bring it back;
 * EnableAllowedSources = 0 refuses every user source, = 1 only those its list names (which MirrorKit does not
 * read). Read with reg.exe, unelevated: a policy turns the plan into a skip that says why, before any prompt.
 */
export const APPINSTALLER_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\AppInstaller';

type Toggle = 'on' | 'off' | null;

function toggle(values: ReturnType<typeof parseRegQuery>, name: string): Toggle {
  const v = findValue(values, name);
  if (v?.type !== 'REG_DWORD') return null;
  return Number(v.data) === 0 ? 'off' : 'on';
}

export interface WingetPolicy {
  defaultSource: Toggle;
  allowedSources: Toggle;
}

/** The two toggles; both null when the key is absent or cannot be read (no policy is the normal case). */
export async function readWingetPolicy(ctx: Ctx): Promise<WingetPolicy> {
  const r = await ctx
    .exec(regExe(ctx.env), regQueryArgv(APPINSTALLER_POLICY_KEY), { timeoutMs: 15_000, background: true })
    .catch(() => null);
  const values = r?.code === 0 ? parseRegQuery(r.stdout) : [];
  return {
    defaultSource: toggle(values, 'EnableDefaultSource'),
    allowedSources: toggle(values, 'EnableAllowedSources'),
  };
}

/** Why policy keeps MirrorKit from setting (`mirror`) or resetting (`official`) the source; null when nothing does. */
export function policyBlock(p: WingetPolicy, official: boolean): Message | null {
  if (official && p.defaultSource === 'off')
    return { code: 'winget.policy', params: { policy: 'EnableDefaultSource = 0' } };
  if (!official && p.defaultSource === 'on')
    return { code: 'winget.policy', params: { policy: 'EnableDefaultSource = 1' } };
  if (!official && p.allowedSources === 'off')
    return { code: 'winget.policy', params: { policy: 'EnableAllowedSources = 0' } };
  return null;
}
