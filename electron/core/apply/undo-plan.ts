import { distroFileName } from '../../../shared/text/wsl-name';
import type { BrokerChange, Message, WingetSourceChange, WingetSourceState } from '../../../shared/types/core';
import type { Ctx } from '../context';
import type { BackupStore } from '../fsx/backup';
import { readBytes, sha256 } from '../fsx/hash';
import type { DistroFileEntry, EnvEntry, FileEntry, FirewallEntry, Manifest, WingetEntry } from '../fsx/manifest';
import { readDistroFile } from '../platform/wsl';
import { readWingetSource } from '../targets/winget';
import { changeTo, sameSource, stateAfter } from '../targets/winget-source';

/** One thing restore will put back, with what is there now. */
export type Undo =
  | { kind: 'file'; entry: FileEntry; current: Buffer | null; conflict: boolean }
  | { kind: 'env'; entry: EnvEntry; current: string | null; conflict: boolean }
  | { kind: 'firewall'; entry: FirewallEntry; action: 'ensure' | 'remove' }
  | { kind: 'winget'; entry: WingetEntry; change: WingetSourceChange }
  | { kind: 'distroFile'; entry: DistroFileEntry; current: Buffer | null; conflict: boolean };

export type Unchanged = { kind: 'file' | 'env' | 'firewall' | 'winget'; name: string };

const WINGET_NAME = 'winget source';

/** The source the entry's change leaves, as winget would report it. */
export function wingetAfter(entry: WingetEntry): WingetSourceState {
  const { state: _state, kind: _kind, ...planned } = entry;
  return stateAfter({ ...planned, kind: 'wingetSource', admin: true });
}

/**
 * winget's source back to what it was before the apply, from what winget reports now (when it can be asked:
 * otherwise from what the apply left). Already as it was: nothing to do. An entry the broker never confirmed
 * (a cut-short apply) is undone only when winget shows its change.
 */
async function wingetUndo(ctx: Ctx, entry: WingetEntry): Promise<Undo | Unchanged | null> {
  const after = wingetAfter(entry);
  const read = await readWingetSource(ctx).catch(() => null);
  if (entry.state !== 'applied' && !(read && sameSource(read, after))) return null;
  const now = read ?? after;
  if (sameSource(now, entry.before)) return { kind: 'winget', name: WINGET_NAME };
  return { kind: 'winget', entry, change: changeTo(entry.target, entry.before, now, entry.options18) };
}

/**
 * Compare each entry with what is there now. Equal to the original: nothing to do. Equal to what MirrorKit
 * wrote: put back. Anything else is someone else's edit: an entry MirrorKit carried out is put back anyway
 * (the edit is kept aside by the caller), while an entry it never confirmed ('pending': the apply was cut
 * short, or the broker declined) is not MirrorKit's to undo and is left alone.
 */
export async function planUndo(ctx: Ctx, m: Manifest): Promise<{ undo: Undo[]; unchanged: Unchanged[] }> {
  const undo: Undo[] = [];
  const unchanged: Unchanged[] = [];
  for (const entry of [...m.entries].reverse()) {
    if (entry.state === 'rolled-back') continue;
    if (entry.kind === 'file') {
      const current = await readBytes(entry.path);
      const sha = current === null ? null : sha256(current);
      if (sha === entry.sha256Before) unchanged.push({ kind: 'file', name: entry.path });
      else if (sha === entry.sha256After || entry.state === 'applied') {
        undo.push({ kind: 'file', entry, current, conflict: sha !== entry.sha256After });
      } else unchanged.push({ kind: 'file', name: entry.path });
    } else if (entry.kind === 'env') {
      const current = await ctx.envStore.get(entry.name, entry.scope);
      if (current === entry.before) unchanged.push({ kind: 'env', name: entry.name });
      else if (current === entry.after || entry.state === 'applied') {
        undo.push({ kind: 'env', entry, current, conflict: current !== entry.after });
      } else unchanged.push({ kind: 'env', name: entry.name });
    } else if (entry.kind === 'distroFile') {
      // A distro that no longer answers cannot be compared: an applied entry is still tried, and its failure
      // (wsl.exe's reason) is what restore reports for it.
      const current = await readDistroFile(ctx, entry.distro, entry.path).catch(() => null);
      const sha = current === null ? null : sha256(current);
      const name = distroFileName(entry.distro, entry.path);
      if (sha === entry.sha256Before) unchanged.push({ kind: 'file', name });
      else if (sha === entry.sha256After || entry.state === 'applied') {
        undo.push({ kind: 'distroFile', entry, current, conflict: current !== null && sha !== entry.sha256After });
      } else unchanged.push({ kind: 'file', name });
    } else if (entry.kind === 'firewall' && entry.state === 'applied') {
      // Undo the rule unless it was already in that state before MirrorKit touched it.
      const action = entry.action === 'ensure' ? 'remove' : 'ensure';
      const wasAlready = entry.action === 'ensure' ? entry.existedBefore === true : entry.existedBefore === false;
      if (wasAlready) unchanged.push({ kind: 'firewall', name: entry.spec.name });
      else undo.push({ kind: 'firewall', entry, action });
    } else if (entry.kind === 'winget') {
      const u = await wingetUndo(ctx, entry);
      if (u && 'entry' in u) undo.push(u);
      else if (u) unchanged.push(u);
    }
  }
  return { undo, unchanged };
}

export function undoName(u: Undo): string {
  switch (u.kind) {
    case 'file':
      return u.entry.path;
    case 'env':
      return u.entry.name;
    case 'firewall':
      return u.entry.spec.name;
    case 'winget':
      return WINGET_NAME;
    case 'distroFile':
      return distroFileName(u.entry.distro, u.entry.path);
  }
}

/** The broker speaks Change; returns an error instead when the undo cannot be said that way. */
export async function undoAsChange(store: BackupStore, u: Undo): Promise<BrokerChange | Message> {
  const admin = true as const;
  switch (u.kind) {
    case 'file': {
      const { entry } = u;
      if (!entry.existed) {
        // MirrorKit created it: undoing is removing it, if it still holds the text the broker is told of.
        const text = u.current?.toString('utf8');
        if (text === undefined || !Buffer.from(text, 'utf8').equals(u.current as Buffer)) {
          return { code: 'error.not-utf8', params: { path: entry.path } };
        }
        return { kind: 'removeFile', target: entry.target, path: entry.path, before: text, admin };
      }
      if (!entry.backup) return { code: 'error.needs-root', params: { path: entry.path, target: entry.target } };
      const bytes = await store.readOriginal(entry.backup);
      const text = bytes.toString('utf8');
      // The original was verified equal to the plan's text at apply time, so it is valid UTF-8 and the text
      // carries it exactly; check anyway, since the broker must write these very bytes.
      if (!Buffer.from(text, 'utf8').equals(bytes)) {
        return { code: 'error.write-failed', params: { path: entry.path, reason: 'backup is not UTF-8 text' } };
      }
      return {
        kind: 'writeFile',
        target: entry.target,
        path: entry.path,
        before: u.current?.toString('utf8') ?? null,
        after: text,
        admin,
      };
    }
    case 'env':
      return {
        kind: 'setEnv',
        target: u.entry.target,
        name: u.entry.name,
        value: u.entry.before,
        scope: u.entry.scope,
        before: u.current,
        admin,
      };
    case 'firewall':
      return { kind: 'firewallRule', target: u.entry.target, action: u.action, spec: { ...u.entry.spec }, admin };
    case 'winget':
      return u.change;
    case 'distroFile':
      // Written as root inside the distro by wsl.exe itself: the Windows broker has nothing to do with it.
      return { code: 'error.needs-elevation', params: { what: undoName(u) } };
  }
}
