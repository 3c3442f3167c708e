import fs from 'node:fs/promises';

import type { Message } from '../../../shared/types/core';
import type { Exec } from '../platform/exec';
import { powershellArgs, powershellExe, scriptEnv } from '../platform/win32/powershell';

/**
 * Making the elevated helper's working folders its own. On Windows a constant PowerShell script creates each
 * missing folder WITH its security descriptor (`Directory.CreateDirectory(path, DirectorySecurity)`, one
 * CreateDirectoryW call): owner Administrators, no inheritance from %ProgramData% (whose inheritable ACL lets
 * every user add files and folders, and turn an empty folder into a junction), Administrators + SYSTEM full
 * control, and on the last folder only the invoking user read-only. A folder set up afterwards would leave a
 * moment when a standard user could still plant something in it, so nothing is ever re-ACL'ed: a folder that
 * already exists must already be owned by Administrators or SYSTEM and protected, or the batch is refused.
 * The script uses .NET types only (no cmdlet, so no module is loaded and PSModulePath plays no part), reads its
 * inputs from MIRRORKIT_ACL_* variables, and reports each folder's owner and rules, which are checked here: a
 * stub PowerShell (Wine's) reports nothing, and nothing is then trusted.
 */
export type FolderSecurer = (chain: readonly string[], dir: string, principal: string) => Promise<Message | null>;

export const ADMINISTRATORS = 'S-1-5-32-544';
export const LOCAL_SYSTEM = 'S-1-5-18';
/** FileSystemRights.ReadAndExecute | Synchronize: what the invoking user may do on the result. */
export const READ_AND_EXECUTE = 0x1200a9;

export const ACL_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  "$ba = [System.Security.Principal.SecurityIdentifier]::new('S-1-5-32-544')",
  "$sy = [System.Security.Principal.SecurityIdentifier]::new('S-1-5-18')",
  '$who = $env:MIRRORKIT_ACL_USER',
  "if ($who.StartsWith('*')) { $user = [System.Security.Principal.SecurityIdentifier]::new($who.Substring(1)) }",
  'else { $user = [System.Security.Principal.NTAccount]::new($who).Translate([System.Security.Principal.SecurityIdentifier]) }',
  "$inherit = [System.Security.AccessControl.InheritanceFlags]'ContainerInherit, ObjectInherit'",
  '$none = [System.Security.AccessControl.PropagationFlags]::None',
  '$allow = [System.Security.AccessControl.AccessControlType]::Allow',
  'function New-Rule($id, $rights) { [System.Security.AccessControl.FileSystemAccessRule]::new($id, [System.Security.AccessControl.FileSystemRights]$rights, $inherit, $none, $allow) }',
  '$dirs = $env:MIRRORKIT_ACL_DIRS.Split([char]0x7c)',
  '$last = $dirs.Length - 1',
  'for ($i = 0; $i -le $last; $i++) {',
  '  $d = $dirs[$i]',
  '  $exists = [System.IO.Directory]::Exists($d) -or [System.IO.File]::Exists($d)',
  "  if ($i -eq $last -and $exists) { [Console]::Error.WriteLine('already exists: ' + $d); exit 3 }",
  '  if (-not $exists) {',
  '    $s = [System.Security.AccessControl.DirectorySecurity]::new()',
  '    $s.SetOwner($ba)',
  '    $s.SetAccessRuleProtection($true, $false)',
  "    $s.AddAccessRule((New-Rule $sy 'FullControl'))",
  "    $s.AddAccessRule((New-Rule $ba 'FullControl'))",
  "    if ($i -eq $last) { $s.AddAccessRule((New-Rule $user 'ReadAndExecute')) }",
  '    $null = [System.IO.Directory]::CreateDirectory($d, $s)',
  '  }',
  '  $attrs = [int][System.IO.File]::GetAttributes($d)',
  '  if (($attrs -band 0x400) -ne 0) { [Console]::Out.WriteLine("DIR`t$d`t$attrs`t`t0`t"); continue }',
  '  $acl = [System.IO.Directory]::GetAccessControl($d)',
  '  $owner = $acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value',
  '  $rules = @()',
  '  foreach ($r in $acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])) {',
  "    $rules += ('{0},{1},{2},{3}' -f $r.IdentityReference.Value, [int]$r.FileSystemRights, [int]($r.AccessControlType -eq $allow), [int]$r.IsInherited)",
  '  }',
  '  [Console]::Out.WriteLine("DIR`t$d`t$attrs`t$owner`t$([int]$acl.AreAccessRulesProtected)`t$($rules -join \';\')")',
  '}',
  'exit 0',
].join('\n');

/** `*S-1-5-…` (as icacls takes it) or `DOMAIN\user`: what the helper is told the invoking user is. */
export function validPrincipal(p: string): boolean {
  return /^\*S-1-\d+(-\d+){1,14}$/.test(p) || /^[\p{L}\p{N} ._$-]{1,64}(\\[\p{L}\p{N} ._$-]{1,64})?$/u.test(p);
}

export function aclInvocation(
  env: Readonly<Record<string, string | undefined>>,
  dirs: readonly string[],
  principal: string,
): { command: string; args: string[]; env: Record<string, string | undefined> } {
  return {
    command: powershellExe(env),
    args: powershellArgs(ACL_SCRIPT),
    env: scriptEnv(env, { MIRRORKIT_ACL_DIRS: dirs.join('|'), MIRRORKIT_ACL_USER: principal }),
  };
}

interface Rule {
  sid: string;
  rights: number;
  allow: boolean;
  inherited: boolean;
}

export interface FolderReport {
  path: string;
  attributes: number;
  owner: string;
  protected: boolean;
  rules: Rule[];
}

/** The script's `DIR` lines; anything else on stdout is ignored (and a missing line is caught by checkReports). */
export function parseReports(stdout: string): FolderReport[] {
  const out: FolderReport[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const f = line.split('\t');
    if (f[0] !== 'DIR' || f.length !== 6) continue;
    const rules = (f[5] ?? '')
      .split(';')
      .filter(Boolean)
      .map((r) => {
        const [sid = '', rights = '', allow = '', inherited = ''] = r.split(',');
        return { sid, rights: Number(rights), allow: allow === '1', inherited: inherited === '1' };
      });
    out.push({ path: f[1] ?? '', attributes: Number(f[2]), owner: f[3] ?? '', protected: f[4] === '1', rules });
  }
  return out;
}

const REPARSE_POINT = 0x400;
const ADMIN_SIDS = new Set([ADMINISTRATORS, LOCAL_SYSTEM]);

/** Why `r` is not a folder only Administrators and SYSTEM control (`reader`: one other SID may read), or null. */
export function folderProblem(r: FolderReport, reader: boolean): string | null {
  if (!Number.isInteger(r.attributes) || r.attributes & REPARSE_POINT) return 'a junction or symbolic link';
  if (!ADMIN_SIDS.has(r.owner)) return `owned by ${r.owner || 'an unknown account'}, not by Administrators`;
  if (!r.protected) return 'it inherits permissions from its parent';
  const others = r.rules.filter((x) => x.allow && !ADMIN_SIDS.has(x.sid));
  if (r.rules.some((x) => x.inherited)) return 'it holds inherited permissions';
  if (others.length > (reader ? 1 : 0)) return `${others.map((x) => x.sid).join(', ')} may use it`;
  const extra = others.find((x) => !Number.isInteger(x.rights) || (x.rights & ~READ_AND_EXECUTE) !== 0);
  return extra ? `${extra.sid} may change it` : null;
}

/** Every folder reported, in order, each one as it must be; else the refusal naming the first that is not. */
export function checkReports(reports: readonly FolderReport[], dirs: readonly string[]): Message | null {
  for (const [i, dir] of dirs.entries()) {
    const r = reports[i];
    if (!r || r.path.toLowerCase() !== dir.toLowerCase())
      return { code: 'windows.elevate-folder', params: { path: dir, reason: 'its permissions were not reported' } };
    const why = folderProblem(r, i === dirs.length - 1);
    if (why) return { code: 'windows.elevate-folder', params: { path: dir, reason: why } };
  }
  return null;
}

/** The Windows securer: the script above, run with the helper's trusted environment, its report checked. */
export function powershellSecurer(exec: Exec, env: Readonly<Record<string, string | undefined>>): FolderSecurer {
  return async (chain, dir, principal) => {
    const dirs = [...chain, dir];
    const inv = aclInvocation(env, dirs, principal);
    const r = await exec(inv.command, inv.args, { env: inv.env, timeoutMs: 60_000 });
    if (r.code !== 0) {
      const reason = r.stderr.trim() || r.stdout.trim() || `PowerShell exit ${r.code ?? 'none'}`;
      return { code: 'windows.elevate-folder', params: { path: dir, reason } };
    }
    return checkReports(parseReports(r.stdout), dirs);
  };
}

/**
 * The same guarantees with POSIX modes, where the helper's flow runs in tests: each folder of the chain made by
 * this process (or already its own) and writable by no one else, the last one new and private.
 */
export const posixSecurer: FolderSecurer = async (chain, dir) => {
  const uid = process.getuid?.() ?? -1;
  for (const d of chain) {
    let st;
    try {
      await fs.mkdir(d, { mode: 0o755 }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      st = await fs.lstat(d);
    } catch (e) {
      return { code: 'windows.elevate-folder', params: { path: d, reason: (e as Error).message } };
    }
    const why = st.isSymbolicLink()
      ? 'a junction or symbolic link'
      : !st.isDirectory()
        ? 'not a folder'
        : st.uid !== uid
          ? `owned by uid ${st.uid}`
          : st.mode & 0o022
            ? 'others may write to it'
            : null;
    if (why) return { code: 'windows.elevate-folder', params: { path: d, reason: why } };
  }
  try {
    await fs.mkdir(dir, { mode: 0o700 });
  } catch (e) {
    return { code: 'windows.elevate-folder', params: { path: dir, reason: (e as Error).message } };
  }
  return null;
};
