import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { normalizeMirrorUrl } from '../../../shared/catalog';
import type { TargetPlan, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { aptEntries, type AptFormat } from '../edit/apt';
import { MirrorKitError, toMessage } from '../errors';
import { mustRun, runInDistro, wslExecutable } from '../platform/wsl';

import { isSecurityHost, printedArchives, sourcePartFormat } from './apt-sources';
import { notInstalled, verdict } from './verdict';

/** apt's view of the sources as written, without downloading: `apt-get update --print-uris` on scratch lists. */
function aptArgs(scratch: string): string[] {
  return [
    'apt-get',
    '-o',
    'Dir::Etc::SourceList=/etc/apt/sources.list',
    '-o',
    'Dir::Etc::SourceParts=/etc/apt/sources.list.d',
    '-o',
    `Dir::State::Lists=${scratch}/lists`,
    '-o',
    `Dir::Cache=${scratch}/cache`,
    '-o',
    'Debug::NoLocking=1',
    '--print-uris',
    'update',
  ];
}

/** The archive roots apt inside `distro` would fetch; the scratch folder is made fresh and removed after. */
async function printedInDistro(ctx: Ctx, distro: string): Promise<{ argv: string[]; uris: string[] }> {
  const scratch = `/tmp/mirrorkit-verify-${randomBytes(4).toString('hex')}`;
  const argv = aptArgs(scratch);
  // No -p: the folder must be new, never one someone else made in /tmp first.
  await mustRun(ctx, distro, ['mkdir', '-m', '0700', '--', scratch, `${scratch}/lists`, `${scratch}/lists/partial`]);
  try {
    return { argv, uris: printedArchives((await mustRun(ctx, distro, argv)).toString('utf8')) };
  } finally {
    await runInDistro(ctx, distro, ['rm', '-rf', '--', scratch]).catch(() => undefined);
  }
}

function formatOf(linuxPath: string): AptFormat {
  return linuxPath === '/etc/apt/sources.list' ? 'list' : (sourcePartFormat(path.posix.basename(linuxPath)) ?? 'list');
}

/** Per distro, the archive URIs the plan wrote (present after, absent before): what apt there must now print. */
export function writtenByDistro(plan: TargetPlan | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of plan?.changes ?? []) {
    if (c.kind !== 'distroFile') continue;
    const format = formatOf(c.path);
    const uris = (text: string) =>
      aptEntries(text, format).flatMap((e) => (e.enabled && e.types.includes('deb') ? e.uris : []));
    const before = new Set(uris(c.before));
    const added = uris(c.after).filter((u) => !before.has(u));
    out.set(c.distro, [...new Set([...(out.get(c.distro) ?? []), ...added])]);
  }
  return out;
}

/** Ask apt in each distro which archives it would fetch; every expected one must be among them. */
export async function verifyDistros(ctx: Ctx, expected: Map<string, string[]>): Promise<Verification> {
  const exe = wslExecutable(ctx);
  const shown = (d: string, argv: string[]) => [exe, '-d', d, '-u', 'root', '--exec', ...argv];
  const [first] = expected.keys();
  if (first === undefined) return notInstalled('wsl', [exe, '-l', '-q'], 'wsl.exe');
  let observed: string | null = null;
  let command = shown(first, aptArgs('…'));
  for (const [d, wants] of expected) {
    let r: { argv: string[]; uris: string[] };
    try {
      r = await printedInDistro(ctx, d);
    } catch (err) {
      if (!(err instanceof MirrorKitError)) throw err;
      if (err.code === 'wsl.not-found') return notInstalled('wsl', shown(d, aptArgs('…')), 'wsl.exe');
      return { target: 'wsl', ok: false, observed: null, command: shown(d, aptArgs('…')), message: toMessage(err) };
    }
    const printed = new Set(r.uris.map((u) => normalizeMirrorUrl(u)));
    const missing = wants.find((w) => !printed.has(normalizeMirrorUrl(w)));
    // What apt uses for the archive: the security host, which every choice keeps, is not the answer.
    const seen = r.uris.find((u) => !isSecurityHost(u)) ?? r.uris[0] ?? null;
    if (d === first) {
      observed = seen;
      command = shown(d, r.argv);
    }
    if (missing !== undefined)
      return verdict('wsl', shown(d, r.argv), false, seen, {
        tool: `apt-get (WSL ${d})`,
        observed: seen ?? '-',
        expected: missing,
      });
  }
  return verdict('wsl', command, true, observed, { tool: 'apt-get (WSL)', observed: observed ?? '-', expected: '-' });
}
