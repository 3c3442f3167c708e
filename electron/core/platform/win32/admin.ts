import type { Exec } from '../exec';

import { system32 } from './search-path';

/**
 * Is this process elevated? Windows puts a mandatory-label SID in every token: Medium (S-1-16-8192) for a normal
 * or UAC-filtered admin token, High (S-1-16-12288) once elevated, System (S-1-16-16384) for services and fleet
 * tools running as SYSTEM. `whoami /groups` lists it on every Windows since Vista, in a CSV form that does not
 * depend on the display language. `net session` (exit 0 only for admins) is avoided: it needs the Server service.
 *
 * Under Wine, whoami ignores its switches and prints only the user name, so no label is found and the answer is
 * `false`; the Windows lane therefore runs `--elevated` directly instead of through the prompt.
 */
export const HIGH_INTEGRITY_RID = 12288;

/** The highest mandatory-label RID in `whoami /groups /fo csv /nh` output, or null when none is listed. */
export function parseIntegrityLevel(stdout: string): number | null {
  let best: number | null = null;
  for (const m of stdout.matchAll(/"S-1-16-(\d+)"/g)) {
    const rid = Number(m[1]);
    if (best === null || rid > best) best = rid;
  }
  return best;
}

export function whoamiExe(env: Readonly<Record<string, string | undefined>>): string {
  return system32(env, 'whoami.exe');
}

export async function isElevated(
  exec: Exec,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<boolean> {
  const r = await exec(whoamiExe(env), ['/groups', '/fo', 'csv', '/nh'], { env: { ...env }, timeoutMs: 15_000 });
  if (r.code !== 0) return false;
  const level = parseIntegrityLevel(r.stdout);
  return level !== null && level >= HIGH_INTEGRITY_RID;
}

/** The current user's SID from `whoami /user /fo csv /nh` ("DOMAIN\\user","S-1-5-21-…"), for ACLs. */
export function parseUserSid(stdout: string): string | null {
  const m = /"(S-1-5-[0-9-]+)"/.exec(stdout);
  return m?.[1] ?? null;
}

export async function currentUserSid(
  exec: Exec,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string | null> {
  const r = await exec(whoamiExe(env), ['/user', '/fo', 'csv', '/nh'], { env: { ...env }, timeoutMs: 15_000 });
  return r.code === 0 ? parseUserSid(r.stdout) : null;
}
