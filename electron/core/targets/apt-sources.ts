import { archiveUrl } from '../../../shared/catalog';
import { mirrorKey } from '../../../shared/catalog/schema';
import type { Message, TargetChoice } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError } from '../errors';
import { aptEntries, aptRewrite } from '../edit/apt';
import { withPath } from '../edit/errors';

/**
 * apt's sources as apt reads them, wherever the files come from: this machine (the `apt` target) or a WSL distro
 * reached through wsl.exe (the `wsl` target). What the mirror in use is, and how a choice rewrites them.
 */

export type Format = 'list' | 'deb822';
export interface SourceFile {
  /** How the file is named in messages (and, for local files, where it is). */
  path: string;
  format: Format;
  text: string;
}

/** apt reads sources.list.d/ entries named only with these characters and one of these endings (apt's own rule). */
export function sourcePartFormat(name: string): Format | undefined {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return undefined;
  return name.endsWith('.list') ? 'list' : name.endsWith('.sources') ? 'deb822' : undefined;
}

/** Official hosts that carry security updates: they stay put so security fixes are not delayed by a mirror's sync. */
const SECURITY_URIS = [
  'http://security.ubuntu.com/ubuntu',
  'http://security.debian.org/debian-security',
  'http://deb.debian.org/debian-security',
].map(mirrorKey);

/** Which archive (ubuntu, ubuntu-ports, debian) a URI serves, judged against the catalog's known mirrors. */
function distroOf(ctx: Ctx, uri: string): string | undefined {
  const key = mirrorKey(uri);
  for (const m of ctx.catalog.mirrorsOf('apt')) {
    for (const distro of Object.keys(m.paths ?? {})) {
      const url = archiveUrl(m, distro);
      if (url && mirrorKey(url) === key) return distro;
    }
  }
  return undefined;
}

/** One of the official security hosts (which every choice leaves in place). */
export function isSecurityHost(uri: string): boolean {
  return SECURITY_URIS.includes(mirrorKey(uri));
}

function isSecurity(uri: string, suites: string[]): boolean {
  return isSecurityHost(uri) || (suites.length > 0 && suites.every((s) => s.endsWith('-security')));
}

function entriesOf(f: SourceFile) {
  try {
    return aptEntries(f.text, f.format);
  } catch (e) {
    throw withPath(e, f.path);
  }
}

/** The first enabled archive URI that is not a security host: what "the mirror in use" means for apt. */
export function currentArchive(files: SourceFile[]): { uri: string; path: string } | undefined {
  for (const f of files) {
    for (const e of entriesOf(f)) {
      if (!e.enabled || !e.types.includes('deb')) continue;
      const uri = e.uris.find((u) => !isSecurity(u, e.suites));
      if (uri) return { uri, path: f.path };
    }
  }
  return undefined;
}

/** Map an existing URI to the chosen mirror, or null to leave it (security, unknown third-party repos). */
function mapper(ctx: Ctx, choice: TargetChoice, warnings: Message[], label: string) {
  const entry = choice.provider ? ctx.catalog.active('apt', choice.provider) : undefined;
  const custom = entry ? undefined : choice.urls[0];
  return (uri: string, suites: string[]): string | null => {
    if (isSecurity(uri, suites)) return null;
    if (suites.some((s) => s.endsWith('-security'))) return null;
    const distro = distroOf(ctx, uri);
    if (!distro) return null;
    if (custom) return custom;
    const next = entry ? archiveUrl(entry, distro) : undefined;
    if (!next) warnings.push({ code: 'skip.no-working-mirror', params: { target: `${label} (${distro})` } });
    return next ?? null;
  };
}

/**
 * Every file's text after the choice: archive URIs known to the catalog move to the mirror, security hosts and
 * third-party repositories stay. Throws (with the file's path) on a malformed file or a URL apt would misread.
 */
export function rewriteSources(
  ctx: Ctx,
  files: SourceFile[],
  choice: TargetChoice,
  warnings: Message[],
  label: string,
): string[] {
  const map = mapper(ctx, choice, warnings, label);
  return files.map((f) => {
    let after: string;
    try {
      after = aptRewrite(f.text, f.format, map);
    } catch (e) {
      throw withPath(e, f.path);
    }
    // apt-get sends `deb http://h/a%20b/ …` as `GET /a b/…` (found by the hostile read-back oracle).
    const url = choice.urls[0] ?? '';
    if (f.format === 'list' && after !== f.text && url.includes('%'))
      throw new MirrorKitError('apt.percent-in-list', { url, path: f.path });
    return after;
  });
}

/** The index URLs `apt-get update --print-uris` printed: the archive base of each `…/dists/…` line. */
export function printedArchives(stdout: string): string[] {
  return [...stdout.matchAll(/^'([^']+)\/dists\//gm)].map((m) => m[1] ?? '');
}
