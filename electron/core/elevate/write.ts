import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { BrokerChange } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { EXIT, MirrorKitError } from '../errors';
import { sha256 } from '../fsx/hash';
import { currentUserSid } from '../platform/win32/admin';
import { envValue, system32 } from '../platform/win32/search-path';

import { buildBatch } from './batch';

/**
 * Stage a batch for the elevated helper: validated first (a batch the helper would refuse never costs the user
 * a prompt), written to a folder of MirrorKit's state, readable only by the user and Administrators, and hashed.
 * The hash travels on the helper's command line, so a file swapped between here and the prompt is refused.
 */
export interface StagedBatch {
  path: string;
  sha256: string;
  /** Who staged it, as the helper's `--for` takes it: the one account, besides Administrators, that may read it. */
  principal: string;
}

export function batchDir(ctx: Pick<Ctx, 'stateDir'>): string {
  return path.join(ctx.stateDir, 'elevate');
}

/** BUILTIN\Administrators, by SID so it works on every display language. */
export const ADMINISTRATORS_SID = 'S-1-5-32-544';

/**
 * icacls arguments that drop inherited entries and leave exactly: the user, full control; Administrators, full
 * control. `/grant:r` replaces rather than adds, so running it twice gives the same ACL.
 */
export function icaclsArgv(file: string, user: string): string[] {
  return [file, '/inheritance:r', '/grant:r', `${user}:F`, '/grant:r', `*${ADMINISTRATORS_SID}:F`];
}

/** The user as icacls takes it: `*SID` when known (immune to renamed accounts), else DOMAIN\user. */
export function icaclsPrincipal(sid: string | null, env: Readonly<Record<string, string | undefined>>): string | null {
  if (sid) return `*${sid}`;
  const user = envValue(env, 'USERNAME');
  if (!user) return null;
  const domain = envValue(env, 'USERDOMAIN');
  return domain ? `${domain}\\${user}` : user;
}

async function restrictWin32(ctx: Ctx, file: string, principal: string): Promise<void> {
  const r = await ctx.exec(system32(ctx.env, 'icacls.exe'), icaclsArgv(file, principal), {
    env: { ...ctx.env },
    timeoutMs: 15_000,
  });
  if (r.code !== 0) {
    throw new MirrorKitError(
      'windows.batch-acl-failed',
      { path: file, reason: r.stderr.trim() || r.stdout.trim() || `exit ${r.code}` },
      EXIT.targetFailed,
    );
  }
}

/** Make the staged file private to the user (and Administrators); returns that user as the helper's `--for`. */
async function restrict(ctx: Ctx, file: string): Promise<string> {
  if (ctx.platform !== 'win32') {
    await fs.chmod(file, 0o600);
    return os.userInfo().username;
  }
  const principal = icaclsPrincipal(await currentUserSid(ctx.exec, ctx.env), ctx.env);
  if (!principal)
    throw new MirrorKitError('windows.batch-acl-failed', { path: file, reason: 'unknown user' }, EXIT.targetFailed);
  await restrictWin32(ctx, file, principal);
  return principal;
}

export async function writeBatch(ctx: Ctx, changes: readonly BrokerChange[]): Promise<StagedBatch> {
  const checked = buildBatch(changes, ctx.now());
  if (!checked.ok) throw new MirrorKitError(checked.error.code, checked.error.params ?? {}, EXIT.badInput);
  const dir = batchDir(ctx);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = ctx.now().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `batch-${stamp}-${randomBytes(4).toString('hex')}.json`);
  const bytes = Buffer.from(`${JSON.stringify(checked.batch, null, 2)}\n`, 'utf8');
  // 'wx': never write through a file (or link) someone placed at the name first.
  await fs.writeFile(file, bytes, { flag: 'wx', mode: 0o600 });
  try {
    return { path: file, sha256: sha256(bytes), principal: await restrict(ctx, file) };
  } catch (e) {
    await fs.rm(file, { force: true });
    throw e;
  }
}
