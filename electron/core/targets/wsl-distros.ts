import { distroFileName, isDistroName } from '../../../shared/text/wsl-name';
import type { Message } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError, toMessage } from '../errors';
import { listDistros, mustRun, readDistroFile, resolveDistroFile, runInDistro, runningDistros } from '../platform/wsl';

import { currentArchive, sourcePartFormat, type SourceFile } from './apt-sources';
import { parseOsRelease } from './dnf-distro';

/**
 * What each WSL distro holds for apt, read from Windows through wsl.exe. A distro is handled (its apt sources,
 * read and parsed), skipped (not a Debian/Ubuntu system, a name MirrorKit will not pass on) or failed (it did not
 * start, a file is malformed): one distro's problem never stops the others.
 */

export interface DistroSource extends SourceFile {
  /** The Linux path inside the distro; `path` is Windows' name for it (\\wsl.localhost\<distro>\…). */
  linuxPath: string;
}

export type DistroLook =
  | { distro: string; status: 'apt'; files: DistroSource[] }
  | { distro: string; status: 'skipped' | 'failed'; reason: Message };

const MAIN = '/etc/apt/sources.list';
const PARTS = '/etc/apt/sources.list.d/';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function osRelease(ctx: Ctx, distro: string) {
  // os-release(5): /etc first, /usr/lib as the fallback.
  const etc = await runInDistro(ctx, distro, ['cat', '--', '/etc/os-release']);
  if (etc.code === 0) return parseOsRelease(etc.stdout.toString('utf8'));
  return parseOsRelease((await readDistroFile(ctx, distro, '/usr/lib/os-release')).toString('utf8'));
}

/** apt's own files among everything under /etc/apt: sources.list and the parts apt reads, in apt's order. */
function sourcePaths(found: Buffer): { linuxPath: string; format: SourceFile['format'] }[] {
  const paths = found.toString('utf8').split('\0').filter(Boolean);
  const parts = paths
    .filter((p) => p.startsWith(PARTS) && !p.slice(PARTS.length).includes('/'))
    .map((p) => ({ linuxPath: p, format: sourcePartFormat(p.slice(PARTS.length)) }))
    .filter((p): p is { linuxPath: string; format: SourceFile['format'] } => p.format !== undefined)
    .sort((a, b) => (a.linuxPath < b.linuxPath ? -1 : 1));
  return [...(paths.includes(MAIN) ? [{ linuxPath: MAIN, format: 'list' as const }] : []), ...parts];
}

/** `find` under /etc/apt for one file type (`f`, `l`), NUL-separated: names need no parsing of quotes. */
function listed(ctx: Ctx, distro: string, type: 'f' | 'l'): Promise<Buffer> {
  return mustRun(ctx, distro, ['find', '/etc/apt', '-maxdepth', '2', '-type', type, '-print0']);
}

async function aptSources(ctx: Ctx, distro: string): Promise<DistroSource[]> {
  // Regular files and symbolic links, each in one listing instead of probing each name: a missing sources.list is
  // then simply absent, while a distro that does not answer is an error. A link is one of apt's files too (apt
  // reads through it); it must resolve to a file under /etc/apt, or this distro is refused before any plan.
  const regular = await listed(ctx, distro, 'f');
  const linked = await listed(ctx, distro, 'l');
  const links = new Set(linked.toString('utf8').split('\0'));
  const found = Buffer.concat([regular, linked]);
  const out: DistroSource[] = [];
  for (const { linuxPath, format } of sourcePaths(found)) {
    if (links.has(linuxPath)) await resolveDistroFile(ctx, distro, linuxPath);
    const path = distroFileName(distro, linuxPath);
    const bytes = await readDistroFile(ctx, distro, linuxPath);
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      throw new MirrorKitError('error.not-utf8', { path });
    }
    out.push({ path, linuxPath, format, text });
  }
  return out;
}

async function lookAt(ctx: Ctx, distro: string): Promise<DistroLook> {
  if (!isDistroName(distro))
    return { distro, status: 'skipped', reason: { code: 'wsl.bad-name', params: { distro: JSON.stringify(distro) } } };
  try {
    const os = await osRelease(ctx, distro);
    if (![os.id, ...os.idLike].some((id) => id === 'debian' || id === 'ubuntu')) {
      const name = os.prettyName || os.id || '?';
      return { distro, status: 'skipped', reason: { code: 'wsl.not-apt', params: { distro, os: name } } };
    }
    const files = await aptSources(ctx, distro);
    currentArchive(files); // parses every file: a malformed one fails this distro here, before any plan
    return { distro, status: 'apt', files };
  } catch (err) {
    if (!(err instanceof MirrorKitError)) throw err;
    return { distro, status: 'failed', reason: toMessage(err) };
  }
}

/**
 * Every distro WSL lists, looked at one after the other: looking inside starts a stopped distro's VM (seconds,
 * and memory), which a plan may do but a reading (`status`, the app's Detect) should not, so `runningOnly` skips
 * the stopped ones and says so. Throws when wsl.exe cannot list.
 */
export async function lookAtDistros(ctx: Ctx, opts: { runningOnly?: boolean } = {}): Promise<DistroLook[]> {
  const names = await listDistros(ctx);
  const running = opts.runningOnly ? new Set(await runningDistros(ctx)) : undefined;
  const out: DistroLook[] = [];
  for (const n of names) {
    if (running && !running.has(n))
      out.push({ distro: n, status: 'skipped', reason: { code: 'wsl.not-running', params: { distro: n } } });
    else out.push(await lookAt(ctx, n));
  }
  return out;
}
