import fs from 'node:fs/promises';

import { apt as aptSpec } from '../../../shared/targets/apt';
import { archiveUrl, normalizeMirrorUrl } from '../../../shared/catalog';
import { mirrorKey } from '../../../shared/catalog/schema';
import type { Change, Message, Origin, Reading, TargetChoice, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError } from '../errors';
import { aptEntries, aptRewrite } from '../edit/apt';
import { withPath } from '../edit/errors';
import { pathApi, systemPath } from '../platform/paths';

import { catalogWarnings, findExecutable, rank, readText } from './common';
import { skipped, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

type Format = 'list' | 'deb822';
interface SourceFile {
  path: string;
  format: Format;
  text: string;
}

/** Official hosts that carry security updates: they stay put so security fixes are not delayed by a mirror's sync. */
const SECURITY_URIS = [
  'http://security.ubuntu.com/ubuntu',
  'http://security.debian.org/debian-security',
  'http://deb.debian.org/debian-security',
].map(mirrorKey);

async function sourceFiles(ctx: Ctx): Promise<SourceFile[]> {
  const p = pathApi(ctx);
  const main = systemPath(ctx, '/etc/apt/sources.list');
  const partsDir = systemPath(ctx, '/etc/apt/sources.list.d');
  const candidates: { path: string; format: Format }[] = [{ path: main, format: 'list' }];
  const names = await fs.readdir(partsDir).catch(() => [] as string[]);
  for (const n of names.sort()) {
    if (n.endsWith('.list')) candidates.push({ path: p.join(partsDir, n), format: 'list' });
    else if (n.endsWith('.sources')) candidates.push({ path: p.join(partsDir, n), format: 'deb822' });
  }
  const out: SourceFile[] = [];
  for (const c of candidates) {
    const text = await readText(c.path);
    if (text !== null) out.push({ ...c, text });
  }
  return out;
}

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

function isSecurity(uri: string, suites: string[]): boolean {
  return SECURITY_URIS.includes(mirrorKey(uri)) || (suites.length > 0 && suites.every((s) => s.endsWith('-security')));
}

function entriesOf(f: SourceFile) {
  try {
    return aptEntries(f.text, f.format);
  } catch (e) {
    throw withPath(e, f.path);
  }
}

/** The first enabled archive URI that is not a security host: what "the mirror in use" means for apt. */
function currentArchive(files: SourceFile[]): { uri: string; path: string } | undefined {
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
function mapper(ctx: Ctx, choice: TargetChoice, warnings: Message[]) {
  const entry = choice.provider ? ctx.catalog.active('apt', choice.provider) : undefined;
  const custom = entry ? undefined : choice.urls[0];
  return (uri: string, suites: string[]): string | null => {
    if (isSecurity(uri, suites)) return null;
    if (suites.some((s) => s.endsWith('-security'))) return null;
    const distro = distroOf(ctx, uri);
    if (!distro) return null;
    if (custom) return custom;
    const next = entry ? archiveUrl(entry, distro) : undefined;
    if (!next) warnings.push({ code: 'skip.no-working-mirror', params: { target: `apt (${distro})` } });
    return next ?? null;
  };
}

export const apt: TargetModule = {
  ...aptSpec,
  machineEnv: {},

  async detect(ctx) {
    if (ctx.platform !== 'linux') return { target: 'apt', supported: false, installed: false };
    const exe = await findExecutable(ctx, 'apt-get');
    return { target: 'apt', supported: true, installed: exe !== undefined, ...(exe ? { executable: exe } : {}) };
  },

  async read(ctx): Promise<Reading> {
    const files = ctx.platform === 'linux' ? await sourceFiles(ctx) : [];
    const cur = currentArchive(files);
    const origin: Origin = cur ? { kind: 'file', path: cur.path, key: 'URIs' } : { kind: 'default' };
    const cw = catalogWarnings(ctx, 'apt', cur?.uri ?? null);
    return {
      target: 'apt',
      value: cur?.uri ?? null,
      origin,
      layers: rank(cur ? [{ origin, value: cur.uri }] : []),
      warnings: cw.warnings,
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice) {
    if (ctx.platform !== 'linux') return skipped('apt', { code: 'skip.not-supported', params: { target: 'apt' } });
    const files = await sourceFiles(ctx);
    const warnings: Message[] = [{ code: 'warn.apt-security-kept' }];
    const map = mapper(ctx, choice, warnings);
    const changes: Change[] = [];
    for (const f of files) {
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
      changes.push(writeFile('apt', f.path, f.text, after, true));
    }
    const before = currentArchive(files)?.uri ?? null;
    const afterFiles = files.map((f, i) => {
      const c = changes[i];
      return { ...f, text: c && c.kind === 'writeFile' ? c.after : f.text };
    });
    return targetPlan('apt', before, currentArchive(afterFiles)?.uri ?? null, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'apt-get');
    const p = pathApi(ctx);
    // apt's own resolution of the sources, without downloading anything: the URIs `update` would fetch.
    const args = [
      '-o',
      `Dir::Etc::SourceList=${systemPath(ctx, '/etc/apt/sources.list')}`,
      '-o',
      `Dir::Etc::SourceParts=${systemPath(ctx, '/etc/apt/sources.list.d')}`,
      '-o',
      `Dir::State::Lists=${p.join(ctx.stateDir, 'apt-lists')}`,
      '-o',
      'Debug::NoLocking=1',
      '--print-uris',
      'update',
    ];
    const command = [exe ?? 'apt-get', ...args];
    if (!exe) return notInstalled('apt', command);
    await fs.mkdir(p.join(ctx.stateDir, 'apt-lists', 'partial'), { recursive: true });
    const r = await ctx.exec(exe, args, { env: { ...ctx.env }, timeoutMs: 30_000 });
    if (r.code !== 0) {
      return failedToRun('apt', command, r);
    }
    const uris = [...r.stdout.matchAll(/^'([^']+)\/dists\//gm)].map((m) => m[1] ?? '');
    const want = expected ? normalizeMirrorUrl(expected) : null;
    const ok = want === null || uris.some((u) => normalizeMirrorUrl(u) === want);
    const observed = uris[0] ?? null;
    return verdict('apt', command, ok, observed, {
      tool: 'apt-get',
      observed: observed ?? '-',
      expected: expected ?? '-',
    });
  },
};
