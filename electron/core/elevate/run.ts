import fs from 'node:fs/promises';
import path from 'node:path';

import { z } from 'zod';

import type { FirewallRuleSpec, Message } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { audit } from '../audit/log';
import { EXIT, MirrorKitError, toMessage } from '../errors';
import { atomicWrite, removeFile } from '../fsx/atomic';
import { readBytes, sha256 } from '../fsx/hash';
import type { EnvStore } from '../platform/env-store';
import { broadcastEnvironmentChange } from '../platform/win32/broadcast';
import { createWin32EnvStore } from '../platform/win32/env-store';
import { applyFirewallRule } from '../platform/win32/firewall';
import { undoOf } from '../targets/winget-source';

import { announcementText, elevateEvent, type Announced } from './announce';
import { validateBatch, type AllowedChange, type ElevatedBatch } from './batch';
import { adminFiles } from './allowlist';
import { resolveAdminFile, type AdminFile } from './files';
import { linkOnPath } from './links';
import { helperContext } from './system-folders';
import { runWingetChange, type WingetRunner, helperWinget } from './winget';
import { resultPath } from './write';

/**
 * The `--elevated <batch> --sha256 <hex>` mode: the only code that runs with the elevated token. It re-checks
 * everything (hash, schema, allowlist, file paths and contents) before writing anything, refuses the whole batch
 * on any doubt, applies files, then machine variables, then firewall rules, and undoes what it did when a step
 * fails. The outcome goes to `<batch>.result.json` for the unelevated app, and to the exit code.
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
}

interface Resolved {
  env: Extract<AllowedChange, { kind: 'setEnv' }>[];
  /** `after` null: remove the file. */
  files: { file: AdminFile; current: string | null; after: string | null }[];
  firewall: Extract<AllowedChange, { kind: 'firewallRule' }>[];
  winget: Extract<AllowedChange, { kind: 'wingetSource' }>[];
}

function defaults(ctx: Ctx, deps: HelperDeps): Required<HelperDeps> {
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
 * Checked again just before each write and each undo, not only in resolve(): a folder swapped for a junction
 * after the checks must not carry a write elsewhere (it makes that window as short as it can be).
 */
async function noLinkNow(file: AdminFile): Promise<void> {
  const link = await linkOnPath(file.root, file.path);
  if (link) throw new MirrorKitError(link.code, link.params ?? {}, EXIT.badInput);
}

/** Write or remove one admin file, after the link check. */
async function put(file: AdminFile, text: string | null): Promise<void> {
  await noLinkNow(file);
  if (text === null) await removeFile(file.path);
  else await atomicWrite(file.path, text);
}

/** Apply a validated batch in this (admin) process. Returns the number of changes made, or throws after undoing them. */
async function applyResolved(r: Resolved, d: Required<HelperDeps>): Promise<number> {
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

async function readBatch(batchPath: string, expected: string): Promise<unknown> {
  if (!/^[0-9a-f]{64}$/i.test(expected))
    return { error: { code: 'windows.batch-tampered', params: { path: batchPath } } };
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(batchPath);
  } catch (e) {
    return {
      error: {
        code: 'windows.batch-unreadable',
        params: { path: batchPath, reason: e instanceof Error ? e.message : String(e) },
      },
    };
  }
  // Hash and parse the same bytes: nothing can change between the check and the use.
  if (sha256(bytes) !== expected.toLowerCase())
    return { error: { code: 'windows.batch-tampered', params: { path: batchPath } } };
  try {
    return { doc: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (e) {
    return {
      error: { code: 'windows.batch-malformed', params: { reason: e instanceof Error ? e.message : String(e) } },
    };
  }
}

/**
 * `mirrorkit --elevated <batchPath> --sha256 <hex>`. Returns the process exit code: 0 done, 2 refused (nothing
 * written), 1 failed (what was written is undone). The same outcome is written to `<batchPath>.result.json`.
 */
export async function runElevatedBatch(
  ctx: Ctx,
  batchPath: string,
  expectedSha256: string,
  deps: HelperDeps = {},
): Promise<number> {
  const read = (await readBatch(batchPath, expectedSha256)) as { doc?: unknown; error?: Message };
  // On Windows, %ProgramData% and the system root come from the OS, never from this process's environment.
  const trusted = ctx.platform === 'win32' ? await helperContext(ctx) : ctx;
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
  // Created afresh ('wx' after removing any old one) so a link planted at that name is never written through.
  const out = resultPath(batchPath);
  await fs.rm(out, { force: true }).catch(() => undefined);
  await fs.writeFile(out, `${JSON.stringify(result)}\n`, { encoding: 'utf8', flag: 'wx' }).catch(() => undefined);
  return EXIT_OF[result.status];
}
