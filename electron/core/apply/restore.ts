import type { BrokerChange, HistoryEntry, Message, RestoreResult, TargetId } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { EXIT, MirrorKitError, toMessage } from '../errors';
import { BackupStore, listManifests } from '../fsx/backup';
import type { Manifest } from '../fsx/manifest';

import { withApplyLock } from './recover';
import { canWrite, reasonOf, undoEntry } from './steps';
import type { ApplyDeps } from './transaction';
import { planUndo, undoAsChange, undoName, type Undo } from './undo-plan';

export interface RestoreDeps {
  /** The same broker as for apply: machine variables, firewall rules and files this process cannot write. */
  elevate?: ApplyDeps['elevate'];
  /** Throws when these targets must not be put back (a tool the organization locked). */
  refuse?: (id: string, targets: TargetId[]) => Promise<void>;
}

type Item = RestoreResult['restored'][number];

/** A file in a WSL distro is a file to whoever reads the result. */
function itemKind(u: Undo): Item['kind'] {
  return u.kind === 'distroFile' ? 'file' : u.kind;
}

function actionOf(u: Undo): Item['action'] {
  if (u.kind === 'file') return u.entry.existed ? 'rewritten' : 'removed';
  if (u.kind === 'distroFile') return 'rewritten';
  if (u.kind === 'env') return u.entry.before === null ? 'removed' : 'rewritten';
  if (u.kind === 'winget') return u.entry.before.arg === null ? 'removed' : 'rewritten';
  return u.action === 'remove' ? 'removed' : 'rewritten';
}

/** The same routing as apply's: admin undos go to the broker when there is one, else here if this process can. */
async function needsBroker(ctx: Ctx, u: Undo, canElevate: boolean): Promise<boolean> {
  if (u.kind === 'firewall' || u.kind === 'winget') return true;
  if (u.kind === 'distroFile' || !u.entry.admin || ctx.isAdmin) return false;
  return canElevate || u.kind === 'env' || !(await canWrite(u.entry.path));
}

/** Set aside someone else's edit before restore overwrites it; returns the conflict to report. */
async function keepConflict(
  store: BackupStore,
  u: Undo,
  n: number,
): Promise<RestoreResult['conflicts'][number] | null> {
  if (u.kind === 'firewall' || u.kind === 'winget' || !u.conflict || u.current === null) return null;
  const name = u.kind === 'env' ? `env-${u.entry.scope}-${u.entry.name}` : `file-${n}`;
  const kept = await store.keepConflict(name, u.current);
  const path = undoName(u);
  return { name: path, message: { code: 'error.restore-conflict', params: { path, kept } } };
}

async function pickManifest(
  ctx: Ctx,
  id: string | undefined,
): Promise<{ m: Manifest; undo: Undo[]; unchanged: Item[] }> {
  const all = await listManifests(ctx.stateDir);
  const candidates = id === undefined ? all.filter((m) => !m.restoredAt) : all.filter((m) => m.id === id);
  if (id !== undefined && candidates.length === 0) throw new MirrorKitError('error.unknown-apply', { id });
  for (const m of candidates) {
    if (m.restoredAt) break;
    const { undo, unchanged } = await planUndo(ctx, m);
    // The default is the latest apply that still changes something: a rolled-back or declined one does not.
    if (undo.length > 0) return { m, undo, unchanged: unchanged.map((u) => ({ ...u, action: 'unchanged' as const })) };
  }
  throw new MirrorKitError('error.nothing-to-restore', {}, EXIT.badInput);
}

/**
 * Put back what an apply changed, byte for byte (default: the latest apply not yet restored). Safe to repeat:
 * a completed restore is marked, and everything already back as it was is left alone.
 */
export async function restoreApply(ctx: Ctx, id?: string, deps: RestoreDeps = {}): Promise<RestoreResult> {
  return withApplyLock(ctx, async () => {
    const { m, undo, unchanged } = await pickManifest(ctx, id);
    await deps.refuse?.(
      m.id,
      undo.map((u) => u.entry.target),
    );
    const store = BackupStore.open(ctx.stateDir, m.id);
    const restored: Item[] = [...unchanged];
    const conflicts: RestoreResult['conflicts'] = [];
    const failures: RestoreResult['conflicts'] = [];
    const batch: { u: Undo; change: BrokerChange }[] = [];

    for (const [n, u] of undo.entries()) {
      const name = undoName(u);
      try {
        const conflict = await keepConflict(store, u, n);
        if (!(await needsBroker(ctx, u, deps.elevate !== undefined))) {
          await undoEntry(ctx, store, u.entry);
          if (conflict) conflicts.push(conflict);
          restored.push({ kind: itemKind(u), name, action: actionOf(u) });
          continue;
        }
        const change = await undoAsChange(store, u);
        if (!deps.elevate || !('kind' in change)) {
          const error: Message = 'code' in change ? change : { code: 'error.needs-elevation', params: { what: name } };
          failures.push({ name, message: error });
        } else {
          if (conflict) conflicts.push(conflict);
          batch.push({ u, change });
        }
      } catch (err) {
        failures.push({ name, message: { code: 'error.write-failed', params: { path: name, reason: reasonOf(err) } } });
      }
    }

    if (batch.length > 0 && deps.elevate) {
      const outcome = await deps
        .elevate(batch.map((b) => b.change))
        .catch((err: unknown) => ({ status: 'failed' as const, error: toMessage(err) }));
      for (const { u } of batch) {
        if (outcome.status === 'done') restored.push({ kind: itemKind(u), name: undoName(u), action: actionOf(u) });
        else
          failures.push({
            name: undoName(u),
            message:
              outcome.status === 'failed'
                ? outcome.error
                : { code: 'error.needs-elevation', params: { what: undoName(u) } },
          });
      }
    }

    const done = undo.length - failures.length;
    const status: RestoreResult['status'] = failures.length === 0 ? 'restored' : done > 0 ? 'partial' : 'failed';
    const at = ctx.now().toISOString();
    m.lastRestore = { at, status };
    if (status === 'restored') m.restoredAt = at;
    await store.writeManifest(m);
    // RestoreResult has no place for items that could not be put back; they are reported with the conflicts.
    return { id: m.id, restored, conflicts: [...conflicts, ...failures], status };
  });
}

/** Every recorded apply, newest first. */
export async function listHistory(ctx: Ctx): Promise<HistoryEntry[]> {
  const manifests = await listManifests(ctx.stateDir);
  return manifests.map((m) => ({
    id: m.id,
    createdAt: m.createdAt,
    label: m.label,
    // An apply still 'in-progress' on disk was cut short (or is running now): some of it may have happened.
    status: m.status === 'in-progress' ? 'partial' : m.status,
    targets: m.targets,
    ...(m.restoredAt ? { restoredAt: m.restoredAt } : {}),
  }));
}
