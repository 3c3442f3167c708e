import type { FirewallRuleSpec } from '../../../../shared/types/core';
import { EXIT, MirrorKitError } from '../../errors';
import type { Exec } from '../exec';

import { powershellArgs, powershellExe, scriptEnv, type ScriptEnvName } from './powershell';

/** Every rule MirrorKit manages sits in this group, so a user can see (and remove) them all in wf.msc. */
export const FIREWALL_GROUP = 'MirrorKit';

/**
 * Create, replace or remove one named rule. The script is constant; it reads the rule from MIRRORKIT_FW_* variables
 * and passes them to the cmdlets as parameter values, where PowerShell treats them as data, never as code.
 * "ensure" removes a rule of that name and creates it afresh: Set-NetFirewallRule cannot change a rule's group and
 * splits port and address filters across objects, and remove + create gives the same rule whatever existed before.
 * Rules are looked up by -Name (the unique ID), which is also what restore removes.
 */
export const FIREWALL_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '$name = $env:MIRRORKIT_FW_NAME',
  "if (-not $name -or -not $name.StartsWith('MirrorKit')) { [Console]::Error.WriteLine('refused rule name'); exit 2 }",
  'Get-NetFirewallRule -Name $name -ErrorAction SilentlyContinue | Remove-NetFirewallRule',
  "if ($env:MIRRORKIT_FW_ACTION -eq 'remove') { exit 0 }",
  '$rule = @{',
  '  Name = $name',
  '  DisplayName = $name',
  '  Group = $env:MIRRORKIT_FW_GROUP',
  '  Direction = $env:MIRRORKIT_FW_DIRECTION',
  '  Protocol = $env:MIRRORKIT_FW_PROTOCOL',
  '  LocalPort = [int]$env:MIRRORKIT_FW_PORT',
  "  Action = 'Allow'",
  '  RemoteAddress = $env:MIRRORKIT_FW_REMOTE',
  '}',
  'New-NetFirewallRule @rule | Out-Null',
  'exit 0',
].join('\n');

export type FirewallAction = 'ensure' | 'remove';

/** The script's inputs. The caller has validated the spec (elevate/batch.ts); nothing here is interpreted. */
export function firewallInputs(action: FirewallAction, spec: FirewallRuleSpec): Record<ScriptEnvName, string> {
  return {
    MIRRORKIT_FW_ACTION: action,
    MIRRORKIT_FW_NAME: spec.name,
    MIRRORKIT_FW_GROUP: FIREWALL_GROUP,
    MIRRORKIT_FW_DIRECTION: spec.direction,
    MIRRORKIT_FW_PROTOCOL: spec.protocol,
    MIRRORKIT_FW_PORT: String(spec.port),
    MIRRORKIT_FW_REMOTE: spec.remoteAddress ?? 'LocalSubnet',
  };
}

export interface FirewallInvocation {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
}

export function firewallInvocation(
  baseEnv: Readonly<Record<string, string | undefined>>,
  action: FirewallAction,
  spec: FirewallRuleSpec,
): FirewallInvocation {
  return {
    command: powershellExe(baseEnv),
    args: powershellArgs(FIREWALL_SCRIPT),
    env: scriptEnv(baseEnv, firewallInputs(action, spec)),
  };
}

export async function applyFirewallRule(
  exec: Exec,
  baseEnv: Readonly<Record<string, string | undefined>>,
  action: FirewallAction,
  spec: FirewallRuleSpec,
): Promise<void> {
  const inv = firewallInvocation(baseEnv, action, spec);
  const r = await exec(inv.command, inv.args, { env: inv.env, timeoutMs: 60_000 });
  if (r.code !== 0) {
    const reason = r.stderr.trim() || r.failureDetail || `exit ${r.code}`;
    throw new MirrorKitError('windows.firewall-failed', { name: spec.name, reason }, EXIT.targetFailed);
  }
}
