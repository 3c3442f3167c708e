import fs from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import { t } from '../../../shared/i18n';

import type { FirewallRuleSpec, Message } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { audit } from '../audit/log';
import { EXIT, toMessage } from '../errors';
import { readBytes } from '../fsx/hash';
import type { EnvStore } from '../platform/env-store';
import { broadcastEnvironmentChange } from '../platform/win32/broadcast';
import { createWin32EnvStore } from '../platform/win32/env-store';
import { applyFirewallRule } from '../platform/win32/firewall';
import { undoOf } from '../targets/winget-source';

import { announcementText, elevateEvent, type Announced } from './announce';
import { validateBatch, type AllowedChange, type ElevatedBatch } from './batch';
import { adminFiles } from './allowlist';
import { resolveAdminFile, type AdminFile } from './files';
import { posixSecurer, powershellSecurer, validPrincipal, type FolderSecurer } from './folder-acl';
import type { ElevatedCall } from './launch';
import { linkOnPath } from './links';
import { pinnedRemove, pinnedWrite } from './pinned';
import { readBatchOnce } from './read-batch';
import { helperContext } from './system-folders';
import { runWingetChange, type WingetRunner, helperWinget } from './winget';
import { cleanLeftovers, prepareWorkDir, writeResult } from './workdir';

/**
 * The `--elevated <batch> --sha256 <hex> --result <nonce> --for <user>` mode: the only code that runs with the
 * elevated token. It makes its own folder (workdir.ts), reads the batch once, re-checks everything (hash, schema,
 * allowlist, file paths and contents) before writing anything, refuses the whole batch on any doubt, applies
 * files, then machine variables, then firewall rules, and undoes what it did when a step fails. The outcome goes
 * to `result.json` in its own folder, which the unelevated app reads, and to the exit code.
 */
export const HelperResultSchema = z.strictObject({
  version: z.literal(1),
  status: z.enum(['done', 'refused', 'failed']),
  error: z
    .strictObject({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })
    .optional(),
  applied: z.number().int().min(0),
});
export type HelperResult = z.infer<typeof HelperResultSchema>;

export interface HelperDeps {
  /** The machine environment (default on Windows: reg.exe, without a broadcast per variable). */
  envStore?: EnvStore;
  /** One WM_SETTINGCHANGE after all variables (default on Windows: the PowerShell broadcast). */
  broadcast?: () => Promise<void>;
  firewall?: (action: 'ensure' | 'remove', spec: FirewallRuleSpec) => Promise<void>;
  /** The files the helper may write (default: resolved from %ProgramData% as the OS records it). */
  files?: AdminFile[];
  /**
   * Told what is about to change, after every check and before the first write (runElevatedBatch prints it
   * and records it in the audit trail); a throw here refuses nothing, it is only a display.
   */
  announce?: (a: Announced) => Promise<void>;
  /** Runs winget for the winget source actions (default: ./winget.ts, the account's own winget). */
  winget?: WingetRunner;
  /**
   * Where `MirrorKit\elevate\<nonce>` is made (default on Windows: %ProgramData% as the registry records it; on
   * other systems, where only tests run the helper, the state folder).
   */
  workRoot?: string;
  /** How that folder is made its own (default: the PowerShell ACL script on Windows, POSIX modes elsewhere). */
  secure?: FolderSecurer;
}

interface Resolved {
  env: Extract<AllowedChange, { kind: 'setEnv' }>[];
  /** `after` null: remove the file. */
  files: { file: AdminFile; current: string | null; after: string | null }[];
  firewall: Extract<AllowedChange, { kind: 'firewallRule' }>[];
  winget: Extract<AllowedChange, { kind: 'wingetSource' }>[];
}

type Deps = Required<Omit<HelperDeps, 'workRoot' | 'secure'>>;

function defaults(ctx: Ctx, deps: HelperDeps): Deps {
  const win = ctx.platform === 'win32';
  return {
    announce: deps.announce ?? (() => Promise.resolve()),
    envStore: deps.envStore ?? (win ? createWin32EnvStore(ctx.exec, { env: ctx.env, broadcast: false }) : ctx.envStore),
    broadcast:
      deps.broadcast ??
      (win ? async () => void (await broadcastEnvironmentChange(ctx.exec, ctx.env)) : async () => undefined),
    firewall: deps.firewall ?? ((action, spec) => applyFirewallRule(ctx.exec, ctx.env, action, spec)),
    files: deps.files ?? adminFiles(ctx),
    winget: deps.winget ?? helperWinget(ctx),
  };
}

async function currentText(file: string): Promise<string | null | Message> {
  const bytes = await readBytes(file);
  if (bytes === null) return null;
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : { code: 'error.not-utf8', params: { path: file } };
}

/**
 * A standard user may create folders under %ProgramData%, including junctions: `C:\ProgramData\pip` could point
 * into System32. The helper therefore refuses a path whose nearest existing folder resolves elsewhere, or whose
 * file is itself a link.
 */
async function redirected(file: string): Promise<Message | null> {
  const same = (a: string, b: string) => (process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);
  try {
    if ((await fs.lstat(file)).isSymbolicLink()) return { code: 'windows.batch-bad-path', params: { path: file } };
  } catch {
    // Absent: nothing to follow.
  }
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    try {
      const real = await fs.realpath(dir);
      return same(real, dir) ? null : { code: 'windows.batch-bad-path', params: { path: file } };
    } catch {
      if (path.dirname(dir) === dir) return null;
    }
  }
}

/** Everything that can be checked before the first write; any problem refuses the whole batch. */
async function resolve(batch: ElevatedBatch, files: readonly AdminFile[]): Promise<Resolved | Message> {
  const out: Resolved = { env: [], files: [], firewall: [], winget: [] };
  for (const c of batch.changes) {
    if (c.kind === 'setEnv') out.env.push(c);
    else if (c.kind === 'firewallRule') out.firewall.push(c);
    else if (c.kind === 'wingetSource') out.winget.push(c);
    else {
      const file = resolveAdminFile(files, c.path);
      if (!file) return { code: 'windows.batch-bad-path', params: { path: c.path } };
      const link = (await redirected(file.path)) ?? (await linkOnPath(file.root, file.path));
      if (link) return link;
      const current = await currentText(file.path);
      if (current !== null && typeof current !== 'string') return current;
      if (current !== c.before) return { code: 'error.changed-since-plan', params: { path: file.path } };
      const after = c.kind === 'writeFile' ? c.after : null;
      const why = file.check(current, after ?? file.empty);
      if (why) return why;
      out.files.push({ file, current, after });
    }
  }
  return out;
}

/**
 * Write or remove one admin file. The link check runs again inside, pinned to the folders it checked
 * (pinned.ts): a folder swapped for a junction after resolve() must not carry a write or a removal elsewhere.
 */
async function put(file: AdminFile, text: string | null): Promise<void> {
  if (text === null) await pinnedRemove(file.root, file.path);
  else await pinnedWrite(file.root, file.path, text);
}

/** Apply a validated batch in this (admin) process. Returns the number of changes made, or throws after undoing them. */
async function applyResolved(r: Resolved, d: Deps): Promise<number> {
  const undo: (() => Promise<void>)[] = [];
  let envTouched = false;
  try {
    for (const f of r.files) {
      await put(f.file, f.after);
      undo.push(() => put(f.file, f.current));
    }
    for (const c of r.env) {
      const previous = await d.envStore.get(c.name, 'machine');
      await d.envStore.set(c.name, c.value, 'machine');
      envTouched = true;
      undo.push(() => d.envStore.set(c.name, previous, 'machine'));
    }
    for (const c of r.winget) {
      // Pushed first: a `set` whose add failed has already removed the source, which must come back too.
      undo.push(() => runWingetChange(d.winget, undoOf(c)));
      await runWingetChange(d.winget, c);
    }
    // Last, because a firewall rule cannot be put back exactly: a failure before it leaves none to undo.
    for (const c of r.firewall) await d.firewall(c.action, c.spec);
  } catch (err) {
    for (const u of undo.reverse()) await u().catch(() => undefined);
    if (envTouched) await d.broadcast().catch(() => undefined);
    throw err;
  }
  if (envTouched) await d.broadcast().catch(() => undefined);
  return r.files.length + r.env.length + r.winget.length + r.firewall.length;
}

/** Validate and apply a batch document in this process: the helper's core, also used when already elevated. */
export async function applyBatch(ctx: Ctx, raw: unknown, deps: HelperDeps = {}): Promise<HelperResult> {
  const checked = validateBatch(raw);
  if (!checked.ok) return { version: 1, status: 'refused', error: checked.error, applied: 0 };
  const d = defaults(ctx, deps);
  const resolved = await resolve(checked.batch, d.files);
  if ('code' in resolved) return { version: 1, status: 'refused', error: resolved, applied: 0 };
  await d
    .announce({
      files: resolved.files.map((f) => ({ path: f.file.path, current: f.current, after: f.after })),
      env: resolved.env.map((c) => ({ name: c.name, value: c.value })),
      firewall: resolved.firewall.map((c) => ({ action: c.action, spec: c.spec })),
      winget: resolved.winget.map((c) => ({ action: c.action, arg: c.arg })),
    })
    .catch(() => undefined);
  try {
    return { version: 1, status: 'done', applied: await applyResolved(resolved, d) };
  } catch (err) {
    return { version: 1, status: 'failed', error: toMessage(err), applied: 0 };
  }
}

const EXIT_OF: Record<HelperResult['status'], number> = {
  done: EXIT.ok,
  refused: EXIT.badInput,
  failed: EXIT.targetFailed,
};

/** Said on stderr when there is no folder to put a result in (the caller then sees no result, and the exit code). */
function say(ctx: Ctx, m: Message): number {
  process.stderr.write(`${t(ctx.lang, m)}\n`);
  return EXIT.badInput;
}

/**
 * `mirrorkit --elevated <batchPath> --sha256 <hex> --result <nonce> --for <user>`. Returns the process exit code:
 * 0 done, 2 refused (nothing written), 1 failed (what was written is undone). The same outcome is written to
 * `result.json` in the helper's own folder; when that folder cannot be made, nothing else is done (exit 2).
 */
export async function runElevatedBatch(ctx: Ctx, call: ElevatedCall, deps: HelperDeps = {}): Promise<number> {
  // On Windows, %ProgramData% and the system root come from the OS, never from this process's environment.
  const trusted = ctx.platform === 'win32' ? await helperContext(ctx) : ctx;
  const root =
    deps.workRoot ??
    ('code' in trusted ? null : trusted.platform === 'win32' ? trusted.env.ProgramData : trusted.stateDir);
  if (!root)
    return say(
      ctx,
      'code' in trusted ? trusted : { code: 'windows.system-folders', params: { reason: 'ProgramData' } },
    );
  if (!validPrincipal(call.principal))
    return say(ctx, {
      code: 'windows.elevate-folder',
      params: { path: call.principal, reason: 'not a user name or SID' },
    });
  const secure =
    deps.secure ??
    (ctx.platform === 'win32' && !('code' in trusted) ? powershellSecurer(trusted.exec, trusted.env) : posixSecurer);
  const work = await prepareWorkDir(root, call.nonce, call.principal, secure);
  if ('code' in work) return say(ctx, work);
  await cleanLeftovers(work, ctx.now()).catch(() => 0);

  const read = await readBatchOnce(call.batchPath, call.sha256);
  const announce =
    deps.announce ??
    (async (a: Announced) => {
      if ('code' in trusted) return;
      process.stdout.write(`${announcementText(trusted.lang, a)}\n`);
      await audit(trusted, elevateEvent(a));
    });
  const result: HelperResult = read.error
    ? { version: 1, status: 'refused', error: read.error, applied: 0 }
    : 'code' in trusted
      ? { version: 1, status: 'refused', error: trusted, applied: 0 }
      : await applyBatch(trusted, read.doc, { ...deps, announce }).catch((err: unknown) => ({
          version: 1 as const,
          status: 'failed' as const,
          error: toMessage(err),
          applied: 0,
        }));
  await writeResult(work, `${JSON.stringify(result)}\n`).catch((e: unknown) =>
    process.stderr.write(`${work.result}: ${e instanceof Error ? e.message : String(e)}\n`),
  );
  return EXIT_OF[result.status];
}
