import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** Windows variable names are case-insensitive; a copied `process.env` carries `Path`, a test may pass `PATH`. */
export function envValue(env: Env, name: string): string | undefined {
  const n = name.toUpperCase();
  for (const [k, v] of Object.entries(env)) if (k.toUpperCase() === n && v !== undefined) return v;
  return undefined;
}

/** The folders of %PATH%, in order, unquoted, empty entries dropped. */
export function pathDirs(env: Env): string[] {
  return (envValue(env, 'PATH') ?? '')
    .split(';')
    .map((d) => d.trim().replace(/^"(.*)"$/, '$1'))
    .filter((d) => d !== '');
}

/** Every `<dir>\<file>` on %PATH% that exists, in PATH order (what `where` would list; Wine's where is a stub). */
export function findAllOnPath(env: Env, file: string, exists: (p: string) => boolean): string[] {
  return pathDirs(env)
    .map((d) => path.win32.join(d, file))
    .filter((p) => exists(p));
}

/** %SystemRoot% (C:\Windows), whatever the spelling of the variable. */
export function systemRoot(env: Env): string {
  return envValue(env, 'SystemRoot') ?? envValue(env, 'windir') ?? 'C:\\Windows';
}

/**
 * A program of System32 by absolute path, so that a same-named program in the working folder or earlier on PATH
 * is never the one run (Windows searches the current folder first).
 */
export function system32(env: Env, ...rel: string[]): string {
  return path.win32.join(systemRoot(env), 'System32', ...rel);
}

/** Is `p` inside `dir` (case-insensitive, as NTFS paths are)? */
export function isInside(p: string, dir: string): boolean {
  const rel = path.win32.relative(dir.toLowerCase(), p.toLowerCase());
  return rel !== '' && !rel.startsWith('..') && !path.win32.isAbsolute(rel);
}
