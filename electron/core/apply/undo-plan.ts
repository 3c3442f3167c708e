import type { BrokerChange, Message } from '../../../shared/types/core';
import { distroFileName } from '../../../shared/text/wsl-name';
import type { Ctx } from '../context';
import type { BackupStore } from '../fsx/backup';
import { readBytes, sha256 } from '../fsx/hash';
import type { DistroFileEntry, EnvEntry, FileEntry, FirewallEntry, Manifest } from '../fsx/manifest';
import { readDistroFile } from '../platform/wsl';

/** One thing restore will put back, with what is there now. */
export type Undo =
  | { kind: 'file'; entry: FileEntry; current: Buffer | null; conflict: boolean }
  | { kind: 'env'; entry: EnvEntry; current: string | null; conflict: boolean }
  | { kind: 'firewall'; entry: FirewallEntry; action: 'ensure' | 'remove' }
  | { kind: 'distroFile'; entry: DistroFileEntry; current: Buffer | null; conflict: boolean };

export type Unchanged = { kind: 'file' | 'env' | 'firewall'; name: string };

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
    case 'distroFile':
      // Written as root inside the distro by wsl.exe itself: the Windows broker has nothing to do with it.
      return { code: 'error.needs-elevation', params: { what: undoName(u) } };
  }
}
