import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import type { Message } from '../../../shared/types/core';
import { splitLines } from '../edit/eol';
import { parseIni } from '../edit/ini-parse';

import { isHostPort, mirrorUrl } from './values';

/**
 * The system files the elevated helper may write (each target module names its own; elevate/allowlist.ts
 * composes them), resolved from the elevated process's own environment (never from the batch), and what may
 * change in them. A batch names a path; the helper only accepts it when it is
 * exactly one of these, and only writes when the new text differs from what is on disk in mirror keys alone,
 * each valid. So the helper cannot be talked into writing a file elsewhere, or into changing anything else in
 * these (a `data-root` in daemon.json, an `extra-index-url` or `cert` in pip.ini).
 */
export interface AdminFile {
  /** Names the file in the auditable allowlist (elevate/allowlist.ts). */
  id: string;
  path: string;
  /** The folder the write must stay in (%ProgramData%): no link may sit between it and the file (links.ts). */
  root: string;
  /** null when `after` only differs from `current` in allowed keys, with valid values; else why not. */
  check(current: string | null, after: string): Message | null;
  /**
   * The file with nothing in it. Removing the file is allowed only when `check(current, empty)` passes, that
   * is when it holds mirror keys alone: then deleting it loses nothing else.
   */
  empty: string;
}

const refused = (file: string, reason: string): Message => ({
  code: 'windows.batch-file-content',
  params: { path: file, reason },
});

/** pip.ini without its mirror keys, as section → key → value (empty sections dropped, so adding [global] is fine). */
function pipWithoutMirrorKeys(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const s of parseIni(splitLines(text))) {
    for (const o of s.options) {
      if (s.name === 'global' && (o.norm === 'index-url' || o.norm === 'trusted-host')) continue;
      (out[s.name] ??= {})[o.norm] = o.value;
    }
  }
  return out;
}

function pipRule(file: string): AdminFile['check'] {
  return (current, after) => {
    let before: Record<string, Record<string, string>>;
    let next: Record<string, Record<string, string>>;
    let sections: ReturnType<typeof parseIni>;
    try {
      before = pipWithoutMirrorKeys(current ?? '');
      next = pipWithoutMirrorKeys(after);
      sections = parseIni(splitLines(after));
    } catch (e) {
      return refused(file, e instanceof Error ? e.message : String(e));
    }
    if (!isDeepStrictEqual(before, next)) return refused(file, 'keys other than index-url and trusted-host differ');
    for (const o of sections.find((s) => s.name === 'global')?.options ?? []) {
      if (o.norm === 'index-url' && !mirrorUrl(o.value)) return refused(file, 'index-url');
      if (o.norm === 'trusted-host' && !o.value.split(/\s+/).filter(Boolean).every(isHostPort))
        return refused(file, 'trusted-host');
    }
    return null;
  };
}

const MIRROR_KEYS = ['registry-mirrors', 'insecure-registries'];

function dockerRule(file: string): AdminFile['check'] {
  return (current, after) => {
    let before: unknown;
    let next: unknown;
    try {
      before = current === null || current.trim() === '' ? {} : JSON.parse(current);
      next = JSON.parse(after);
    } catch (e) {
      return refused(file, e instanceof Error ? e.message : String(e));
    }
    const isObject = (v: unknown): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !Array.isArray(v);
    if (!isObject(before) || !isObject(next)) return refused(file, 'not a JSON object');
    const strip = (o: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(o).filter(([k]) => !MIRROR_KEYS.includes(k)));
    if (!isDeepStrictEqual(strip(before), strip(next)))
      return refused(file, 'keys other than registry-mirrors and insecure-registries differ');
    const list = (v: unknown, ok: (s: string) => boolean) =>
      v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string' && ok(x)));
    if (!list(next['registry-mirrors'], mirrorUrl)) return refused(file, 'registry-mirrors');
    if (!list(next['insecure-registries'], isHostPort)) return refused(file, 'insecure-registries');
    return null;
  };
}

/** pip's machine-wide pip.ini at `file` under `root` (the pip target names it: %ProgramData%\\pip\\pip.ini). */
export function pipGlobalFile(file: string, root: string): AdminFile {
  return { id: 'pip-global', path: file, root, check: pipRule(file), empty: '' };
}

/** The Windows Docker Engine's daemon.json at `file` under `root` (the docker target names it). */
export function dockerEngineFile(file: string, root: string): AdminFile {
  return { id: 'docker-engine', path: file, root, check: dockerRule(file), empty: '{}' };
}

/** Custom files for tests on other systems: same rules, other paths, all under `root`. */
export function adminFilesAt(paths: { pip: string; docker: string }, root: string): AdminFile[] {
  return [pipGlobalFile(paths.pip, root), dockerEngineFile(paths.docker, root)];
}

function sameWindowsPath(a: string, b: string): boolean {
  return path.win32.normalize(a).toLowerCase() === path.win32.normalize(b).toLowerCase();
}

/** The allowed file a batch path names, or null. Paths are compared as Windows compares them. */
export function resolveAdminFile(files: readonly AdminFile[], requested: string): AdminFile | null {
  if (/[\0*?"<>|]/.test(requested) || requested.startsWith('\\\\')) return null;
  return files.find((f) => f.path === requested || sameWindowsPath(f.path, requested)) ?? null;
}
