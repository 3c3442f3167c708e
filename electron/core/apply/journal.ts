import fs from 'node:fs/promises';

import type { ApplyStatus, Change, Plan, TargetId } from '../../../shared/types/core';
import { distroFileName } from '../../../shared/text/wsl-name';
import type { Ctx } from '../context';
import { EXIT, MirrorKitError } from '../errors';
import { BackupStore } from '../fsx/backup';
import { readBytes, sha256 } from '../fsx/hash';
import { newApplyId, type EntryState, type Manifest, type ManifestEntry } from '../fsx/manifest';
import { readDistroFile } from '../platform/wsl';

import { fileBytes } from './bytes';

export interface Original {
  bytes: Buffer | null;
  mode: number | null;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sameContent(bytes: Buffer | null, text: string | null): boolean {
  if (text === null || bytes === null) return text === null && bytes === null;
  return bytes.equals(Buffer.from(text, 'utf8'));
}

/**
 * The files must still be exactly what the plan was made from: a plan is a diff against what the user
 * reviewed, and writing it over a file changed since would silently drop someone's edit. A path written twice
 * in one plan must chain (the second `before` is the first `after`). Returns the originals, read once.
 */
export async function recheck(ctx: Ctx, changes: Change[]): Promise<Map<string, Original>> {
  const originals = new Map<string, Original>();
  const expected = new Map<string, string | null>();
  for (const c of changes) {
    const key = fileKey(c);
    if (key === undefined || (c.kind !== 'writeFile' && c.kind !== 'distroFile')) continue;
    if (!expected.has(key)) {
      let original: Original;
      try {
        original = await readOriginal(ctx, c);
      } catch (err) {
        if (err instanceof MirrorKitError) throw err;
        throw new MirrorKitError('error.unreadable-config', { path: key, reason: reasonOf(err) }, EXIT.targetFailed);
      }
      originals.set(key, original);
      if (!sameContent(original.bytes, c.before)) throw new MirrorKitError('error.changed-since-plan', { path: key });
    } else if (expected.get(key) !== c.before) {
      throw new MirrorKitError('error.changed-since-plan', { path: key });
    }
    expected.set(key, c.after);
  }
  return originals;
}

/** The one name of the file a change writes, local or inside a WSL distro (Windows' own name for it). */
export function fileKey(c: Change): string | undefined {
  if (c.kind === 'writeFile') return c.path;
  if (c.kind === 'distroFile') return distroFileName(c.distro, c.path);
  return undefined;
}

async function readOriginal(ctx: Ctx, c: Extract<Change, { kind: 'writeFile' | 'distroFile' }>): Promise<Original> {
  // A distro file's owner and mode stay with it: the write in the distro copies them from the file it replaces.
  if (c.kind === 'distroFile') return { bytes: await readDistroFile(ctx, c.distro, c.path), mode: null };
  const bytes = await readBytes(c.path);
  return { bytes, mode: bytes === null ? null : (await fs.stat(c.path)).mode & 0o7777 };
}

/** The journal of the running apply: which entry each change belongs to, saved after every step. */
export class Journal {
  /** Manifest writes run one at a time, in order; `queued` says one not yet started will write the latest state. */
  private writing: Promise<void> = Promise.resolve();
  private queued = false;
  private failure: { error: unknown } | undefined;

  private constructor(
    readonly store: BackupStore,
    readonly manifest: Manifest,
    private readonly entryOf: Map<Change, number>,
    private readonly now: () => Date,
  ) {}

  get id(): string {
    return this.manifest.id;
  }

  /** Back up everything `changes` will touch and write the manifest, before anything is changed. */
  static async begin(
    ctx: Ctx,
    plan: Plan,
    targets: TargetId[],
    changes: Change[],
    originals: Map<string, Original>,
  ): Promise<Journal> {
    let store: BackupStore | undefined;
    for (let attempt = 0; !store; attempt++) {
      try {
        store = await BackupStore.create(ctx.stateDir, newApplyId(ctx.now()));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) {
          throw new MirrorKitError(
            'error.write-failed',
            { path: ctx.stateDir, reason: reasonOf(err) },
            EXIT.targetFailed,
          );
        }
      }
    }
    try {
      return await Journal.record(ctx, store, plan, targets, changes, originals);
    } catch (err) {
      // Nothing has been changed yet: leave no half-made backup folder behind to confuse the history.
      await fs.rm(store.dir, { recursive: true, force: true }).catch(() => undefined);
      throw new MirrorKitError('error.write-failed', { path: store.dir, reason: reasonOf(err) }, EXIT.targetFailed);
    }
  }

  private static async record(
    ctx: Ctx,
    store: BackupStore,
    plan: Plan,
    targets: TargetId[],
    changes: Change[],
    originals: Map<string, Original>,
  ): Promise<Journal> {
    const entries: ManifestEntry[] = [];
    const entryOf = new Map<Change, number>();
    const byKey = new Map<string, number>();
    for (const c of changes) {
      const file = fileKey(c);
      const key = file !== undefined ? `file:${file}` : c.kind === 'setEnv' ? `env:${c.scope}:${c.name}` : undefined;
      const seen = key === undefined ? undefined : byKey.get(key);
      if (seen !== undefined) {
        const e = entries[seen];
        if (e?.kind === 'file' && c.kind === 'writeFile') e.sha256After = sha256(fileBytes(c));
        if (e?.kind === 'distroFile' && c.kind === 'distroFile') e.sha256After = sha256(c.after);
        if (e?.kind === 'env' && c.kind === 'setEnv') e.after = c.value;
        entryOf.set(c, seen);
        continue;
      }
      const n = entries.length;
      entries.push(await entryFor(ctx, store, n, c, originals));
      entryOf.set(c, n);
      if (key !== undefined) byKey.set(key, n);
    }
    const manifest: Manifest = {
      version: 1,
      id: store.id,
      createdAt: ctx.now().toISOString(),
      label: plan.label,
      platform: plan.platform,
      planId: plan.id,
      targets,
      status: 'in-progress',
      entries,
    };
    const journal = new Journal(store, manifest, entryOf, ctx.now);
    await journal.save();
    return journal;
  }

  entry(c: Change): ManifestEntry | undefined {
    const n = this.entryOf.get(c);
    return n === undefined ? undefined : this.manifest.entries[n];
  }

  /**
   * Record a change's new state at once, and write the manifest while the next step runs instead of before it
   * (most of an apply's time was these writes, one after each file). Writes stay in order, one at a time, and
   * marks made while one is under way go out together. A crash meanwhile loses nothing: an entry still
   * 'pending' on disk whose file holds what MirrorKit wrote is rolled back by its hash (recover.ts), exactly as
   * the step being written when a crash comes. A failed write is reported by the next `takeFailure` or `flush`.
   */
  markSoon(c: Change, state: EntryState): void {
    const e = this.entry(c);
    if (e) e.state = state;
    this.queue();
  }

  private queue(): void {
    if (this.queued) return;
    this.queued = true;
    this.writing = this.writing.then(async () => {
      this.queued = false;
      try {
        await this.store.writeManifest(this.manifest);
      } catch (error) {
        this.failure ??= { error };
      }
    });
  }

  /** A manifest write behind an earlier step that failed, not yet reported (then forgotten); undefined if none. */
  takeFailure(): { error: unknown } | undefined {
    const f = this.failure;
    this.failure = undefined;
    return f;
  }

  /** Wait for every queued write; throws the first failure not yet reported. */
  async flush(): Promise<void> {
    await this.writing;
    const f = this.takeFailure();
    if (f) throw f.error;
  }

  /** Write the manifest as it is now (after any queued write) and wait for it. */
  async save(): Promise<void> {
    this.queue();
    await this.flush();
  }

  async finish(status: ApplyStatus): Promise<void> {
    this.manifest.status = status;
    this.manifest.finishedAt = this.now().toISOString();
    await this.save();
  }
}

async function entryFor(
  ctx: Ctx,
  store: BackupStore,
  n: number,
  c: Change,
  originals: Map<string, Original>,
): Promise<ManifestEntry> {
  switch (c.kind) {
    case 'writeFile': {
      const o = originals.get(c.path) ?? { bytes: null, mode: null };
      return {
        kind: 'file',
        target: c.target,
        path: c.path,
        admin: c.admin,
        existed: o.bytes !== null,
        mode: o.mode,
        sha256Before: o.bytes === null ? null : sha256(o.bytes),
        sha256After: sha256(fileBytes(c)),
        backup: o.bytes === null ? null : await store.saveOriginal(n, o.bytes),
        state: 'pending',
      };
    }
    case 'setEnv':
      // The value actually there now, not the plan's idea of it: that is what restore must bring back.
      return {
        kind: 'env',
        target: c.target,
        name: c.name,
        scope: c.scope,
        admin: c.admin,
        before: await ctx.envStore.get(c.name, c.scope),
        after: c.value,
        state: 'pending',
      };
    case 'runTool':
      return { kind: 'tool', target: c.target, argv: [...c.argv], admin: c.admin, state: 'pending' };
    case 'firewallRule':
      return { kind: 'firewall', target: c.target, spec: { ...c.spec }, action: c.action, state: 'pending' };
    case 'wingetSource': {
      const { kind: _kind, admin: _admin, before, ...rest } = c;
      return { kind: 'winget', ...rest, before: { ...before }, state: 'pending' };
    }
    case 'distroFile': {
      const o = originals.get(distroFileName(c.distro, c.path));
      if (!o?.bytes) throw new Error(`no original read for ${distroFileName(c.distro, c.path)}`);
      return {
        kind: 'distroFile',
        target: c.target,
        distro: c.distro,
        path: c.path,
        admin: false,
        sha256Before: sha256(o.bytes),
        sha256After: sha256(c.after),
        backup: await store.saveOriginal(n, o.bytes),
        state: 'pending',
      };
    }
  }
}
