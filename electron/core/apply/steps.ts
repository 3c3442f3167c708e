import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

import { distroFileName } from '../../../shared/text/wsl-name';
import type { Change, Message, WingetSourceChange } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { toMessage } from '../errors';
import { atomicWrite, removeFile } from '../fsx/atomic';
import type { BackupStore } from '../fsx/backup';
import type { ManifestEntry } from '../fsx/manifest';
import { sourceCommands } from '../targets/winget-source';
import { writeDistroFile } from '../platform/wsl';

import { fileBytes } from './bytes';

export type StepResult = { ok: true; warning?: Message } | { ok: false; error: Message };

export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function toolFailure(argv: string[], reason: string): Message {
  return { code: 'verify.failed-to-run', params: { command: argv.join(' '), reason: reason.slice(0, 500) } };
}

/** The winget commands of a source change, as one line for display. */
export function wingetCommandLine(c: WingetSourceChange): string {
  return sourceCommands(c)
    .map((s) => ['winget', ...s.args].join(' '))
    .join('; ');
}

/** Carry out one change in this process. Firewall rules and winget's source never come here: only the elevation broker makes them. */
export async function runDirect(ctx: Ctx, c: Change): Promise<StepResult> {
  switch (c.kind) {
    case 'writeFile':
      try {
        await atomicWrite(c.path, fileBytes(c));
        return { ok: true };
      } catch (err) {
        return { ok: false, error: { code: 'error.write-failed', params: { path: c.path, reason: reasonOf(err) } } };
      }
    case 'setEnv':
      try {
        await ctx.envStore.set(c.name, c.value, c.scope);
        return { ok: true };
      } catch (err) {
        return { ok: false, error: { code: 'error.write-failed', params: { path: c.name, reason: reasonOf(err) } } };
      }
    case 'runTool': {
      const [cmd, ...args] = c.argv;
      const r =
        cmd === undefined
          ? null
          : await ctx
              .exec(cmd, args)
              .catch((err: unknown) => ({ code: null, stderr: reasonOf(err), failureDetail: undefined }));
      if (r && r.code === 0) return { ok: true };
      const reason =
        r === null ? 'empty command' : (r.failureDetail ?? (r.stderr.trim() || `exit code ${r.code ?? 'none'}`));
      const msg = toolFailure(c.argv, reason);
      return c.optional ? { ok: true, warning: msg } : { ok: false, error: msg };
    }
    case 'firewallRule':
      return { ok: false, error: { code: 'error.needs-elevation', params: { what: c.spec.name } } };
    case 'wingetSource':
      return { ok: false, error: { code: 'error.needs-elevation', params: { what: describe(c) } } };
    case 'distroFile':
      try {
        await writeDistroFile(ctx, c.distro, c.path, Buffer.from(c.after, 'utf8'));
        return { ok: true };
      } catch (err) {
        return { ok: false, error: toMessage(err) };
      }
  }
}

/** Put back what one journal entry changed: the original bytes and mode, or no file; the old variable. */
export async function undoEntry(ctx: Ctx, store: BackupStore, e: ManifestEntry): Promise<void> {
  if (e.kind === 'file') {
    if (e.existed && e.backup) await atomicWrite(e.path, await store.readOriginal(e.backup), { mode: e.mode ?? 0o644 });
    else await removeFile(e.path);
  } else if (e.kind === 'env') {
    await ctx.envStore.set(e.name, e.before, e.scope);
  } else if (e.kind === 'distroFile') {
    await writeDistroFile(ctx, e.distro, e.path, await store.readOriginal(e.backup));
  }
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/**
 * Can this process replace `file` atomically? That needs the file itself writable (when it exists) and the
 * folder it will be created or renamed in: the nearest existing ancestor, since missing folders are created.
 */
export async function canWrite(file: string): Promise<boolean> {
  try {
    await fs.access(file, constants.W_OK);
  } catch (err) {
    if (errno(err) !== 'ENOENT') return false;
  }
  for (let dir = path.dirname(file); ;) {
    try {
      const st = await fs.stat(dir);
      if (!st.isDirectory()) return false;
      await fs.access(dir, constants.W_OK);
      return true;
    } catch (err) {
      const parent = path.dirname(dir);
      if (errno(err) !== 'ENOENT' || parent === dir) return false;
      dir = parent;
    }
  }
}

/** A short name of a change for `error.needs-elevation {what}`. */
export function describe(c: Change): string {
  switch (c.kind) {
    case 'writeFile':
      return c.path;
    case 'setEnv':
      return `${c.name} (${c.scope})`;
    case 'runTool':
      return c.argv.join(' ');
    case 'firewallRule':
      return c.spec.name;
    case 'wingetSource':
      return wingetCommandLine(c);
    case 'distroFile':
      return distroFileName(c.distro, c.path);
  }
}
