import fs from 'node:fs/promises';
import path from 'node:path';

import type { Message } from '../../../shared/types/core';

/**
 * Before each write the administrator's helper makes under %ProgramData%: every component of the path, from the
 * allowed folder down to the file, is lstat'ed, and one that is a link is refused. A standard user may create
 * folders in %ProgramData%, and a junction or symbolic link among them (`C:\ProgramData\pip` → `C:\Windows\System32`)
 * would carry the write elsewhere. Node reports a Windows junction as a symbolic link, so one check covers both.
 * Components not there yet are fine: the helper creates them itself (as administrator) just after.
 */
export type PathApi = Pick<typeof path, 'relative' | 'isAbsolute' | 'join' | 'sep' | 'resolve' | 'dirname'>;

export interface LinkCheckFs {
  lstat(p: string): Promise<{ isSymbolicLink(): boolean }>;
  readlink(p: string): Promise<string>;
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** The components from `root` (included) down to `file`, or null when `file` is not inside `root`. */
export function componentsBelow(root: string, file: string, p: PathApi = path): string[] | null {
  const rel = p.relative(root, file);
  if (rel === '' || rel.startsWith('..') || p.isAbsolute(rel)) return null;
  const out = [root];
  for (const part of rel.split(/[\\/]+/)) out.push(p.join(out[out.length - 1] as string, part));
  return out;
}

/** null when no component is a link; else the refusal naming the link and where it leads. */
export async function linkOnPath(
  root: string,
  file: string,
  io: LinkCheckFs = fs,
  p: PathApi = path,
): Promise<Message | null> {
  const parts = componentsBelow(root, file, p);
  if (!parts) return { code: 'windows.batch-bad-path', params: { path: file } };
  for (const c of parts) {
    let link: boolean;
    try {
      link = (await io.lstat(c)).isSymbolicLink();
    } catch (err) {
      if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return null;
      throw err;
    }
    if (link) {
      const target = await io.readlink(c).catch(() => '?');
      return { code: 'windows.batch-link', params: { path: file, link: c, target } };
    }
  }
  return null;
}
