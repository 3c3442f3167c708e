import fs from 'node:fs/promises';

import { archiveUrl } from '../../../shared/catalog';
import { dnf as dnfSpec } from '../../../shared/targets/dnf';
import type { Change, Message, Origin, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { repoSections, repoSetBaseurl, type RepoSection } from '../edit/dnf-repo';
import { withPath } from '../edit/errors';
import { pathApi, systemPath } from '../platform/paths';

import { catalogWarnings, findExecutable, rank, readText } from './common';
import {
  distroOf,
  knownRoots,
  MAIN_REPO,
  OWN_FILES,
  readOsRelease,
  sectionTree,
  splitAtRoot,
  upstreamRoots,
  type Distro,
  type OsRelease,
} from './dnf-distro';
import { skipped, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

interface RepoFile {
  path: string;
  name: string;
  text: string;
  sections: RepoSection[];
}

const REPOS_DIR = '/etc/yum.repos.d';

/** Every `*.repo` file dnf reads from its reposdir, in name order; a file dnf would refuse is an error. */
async function repoFiles(ctx: Ctx): Promise<RepoFile[]> {
  const p = pathApi(ctx);
  const dir = systemPath(ctx, REPOS_DIR);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.repo')).sort();
  const out: RepoFile[] = [];
  for (const name of names) {
    const path = p.join(dir, name);
    const text = await readText(path);
    if (text === null) continue;
    try {
      out.push({ path, name, text, sections: repoSections(text) });
    } catch (e) {
      throw withPath(e, path);
    }
  }
  return out;
}

/** What dnf fetches the section's metadata from, and under which key: baseurl first, as dnf tries it first. */
function source(s: RepoSection): { key: 'baseurl' | 'metalink' | 'mirrorlist'; value: string } | undefined {
  if (s.baseurl) return { key: 'baseurl', value: s.baseurl };
  if (s.metalink) return { key: 'metalink', value: s.metalink };
  if (s.mirrorlist) return { key: 'mirrorlist', value: s.mirrorlist };
  return undefined;
}

interface Main {
  file: RepoFile;
  section: RepoSection;
  key: 'baseurl' | 'metalink' | 'mirrorlist';
  value: string;
}

/** The distro's main repository (BaseOS, [fedora], [OS]) in its own files, else its first enabled one. */
function mainRepo(files: readonly RepoFile[], distro: Distro): Main | undefined {
  const own = files.filter((f) => OWN_FILES[distro].test(f.name));
  const pick = (f: RepoFile, s: RepoSection): Main | undefined => {
    const src = source(s);
    return src && { file: f, section: s, ...src };
  };
  for (const f of own) {
    const s = f.sections.find((x) => x.id === MAIN_REPO[distro] && x.enabled);
    const m = s && pick(f, s);
    if (m) return m;
  }
  for (const f of own)
    for (const s of f.sections) {
      const m = s.enabled ? pick(f, s) : undefined;
      if (m) return m;
    }
  return undefined;
}

const hostOf = (u: string) => (URL.canParse(u) ? new URL(u).host.toLowerCase() : u);

/** Enabled repositories of other files that fetch from elsewhere than the main one: they keep doing so. */
function otherSources(files: readonly RepoFile[], main: Main): Message[] {
  const out: Message[] = [];
  for (const f of files) {
    if (f === main.file) continue;
    const s = f.sections.find((x) => x.enabled && source(x) && hostOf(source(x)?.value ?? '') !== hostOf(main.value));
    const src = s && source(s);
    if (s && src) out.push({ code: 'dnf.other-source', params: { path: f.path, repo: s.id, value: src.value } });
  }
  return out;
}

async function machine(ctx: Ctx): Promise<{ os: OsRelease | null; distro: Distro | undefined }> {
  const os = ctx.platform === 'linux' ? await readOsRelease(ctx) : null;
  return { os, distro: os ? distroOf(os) : undefined };
}

const withSlash = (u: string) => (u.endsWith('/') ? u : `${u}/`);

/** Does dnf's expanded URL match what MirrorKit wrote, with its `$variables` standing for one path segment? */
export function expands(template: string, observed: string): boolean {
  const parts = withSlash(template).split(/\$\{?[A-Za-z0-9_]+\}?/);
  const re = parts.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
  return new RegExp(`^${re}$`, 'i').test(withSlash(observed));
}

export const dnf: TargetModule = {
  ...dnfSpec,
  machineEnv: {},

  async detect(ctx) {
    if (ctx.platform !== 'linux') return { target: 'dnf', supported: false, installed: false };
    const exe = (await findExecutable(ctx, 'dnf')) ?? (await findExecutable(ctx, 'yum'));
    return { target: 'dnf', supported: true, installed: exe !== undefined, ...(exe ? { executable: exe } : {}) };
  },

  async read(ctx): Promise<Reading> {
    const { distro } = await machine(ctx);
    const files = distro ? await repoFiles(ctx) : [];
    const main = distro ? mainRepo(files, distro) : undefined;
    const origin: Origin = main ? { kind: 'file', path: main.file.path, key: main.key } : { kind: 'default' };
    // The catalog knows roots (https://mirrors.ustc.edu.cn/rocky/), not one repository's URL.
    const root = main && distro ? splitAtRoot(main.value, knownRoots(ctx, distro))?.root : undefined;
    const cw = catalogWarnings(ctx, 'dnf', root ?? main?.value ?? null);
    return {
      target: 'dnf',
      value: main?.value ?? null,
      origin,
      layers: rank(main ? [{ origin, value: main.value }] : []),
      warnings: [...cw.warnings, ...(main ? otherSources(files, main) : [])],
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice) {
    if (ctx.platform !== 'linux') return skipped('dnf', { code: 'skip.not-supported', params: { target: 'dnf' } });
    const { os, distro } = await machine(ctx);
    if (!distro) return skipped('dnf', { code: 'dnf.unknown-distro', params: { distro: os?.prettyName || '-' } });
    const entry = choice.provider ? ctx.catalog.active('dnf', choice.provider) : undefined;
    const picked = entry ? archiveUrl(entry, distro) : choice.urls[0];
    if (!picked) return skipped('dnf', { code: 'skip.no-working-mirror', params: { target: `dnf (${distro})` } });
    const root = withSlash(picked);
    const roots = [...knownRoots(ctx, distro), root];
    // Back to official: a section still on the distribution's own hosts (its mirrorlist or metalink, or an
    // upstream baseurl) is already there and stays byte for byte; one on a mirror gets the upstream tree.
    const official = entry?.provider === 'official' ? upstreamRoots(ctx, distro) : undefined;
    const onUpstream = (s: RepoSection) => !!official && (!s.baseurl || !!splitAtRoot(s.baseurl, official));
    const files = await repoFiles(ctx);
    const changes: Change[] = [];
    const afterFiles: RepoFile[] = [];
    for (const f of files) {
      const own = OWN_FILES[distro].test(f.name);
      let after: string;
      try {
        after = repoSetBaseurl(f.text, (s) => {
          const tree = sectionTree(s, distro, roots, own);
          return tree === undefined || onUpstream(s) ? null : root + tree;
        });
      } catch (e) {
        throw withPath(e, f.path);
      }
      changes.push(writeFile('dnf', f.path, f.text, after, true));
      afterFiles.push({ ...f, text: after, sections: repoSections(after) });
    }
    const before = mainRepo(files, distro)?.value ?? null;
    const now = mainRepo(afterFiles, distro);
    return targetPlan(
      'dnf',
      before,
      now?.value ?? null,
      changes,
      now ? otherSources(afterFiles, now) : [],
      choice.provider,
    );
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'dnf');
    const { os, distro } = await machine(ctx);
    const main = distro ? mainRepo(await repoFiles(ctx), distro) : undefined;
    const p = pathApi(ctx);
    // dnf's own resolution: it expands the variables, fetches repomd.xml from the main repository and prints
    // the baseurl it used. Sandboxed (MIRRORKIT_SYSROOT), it reads that root's repos and dnf variables.
    const sandbox = ctx.sysroot
      ? [
          `--installroot=${ctx.sysroot}`,
          `--setopt=reposdir=${systemPath(ctx, REPOS_DIR)}`,
          ...(os?.versionId ? [`--releasever=${os.versionId.split('.')[0]}`] : []),
        ]
      : [];
    const args = [
      ...sandbox,
      `--setopt=cachedir=${p.join(ctx.stateDir, 'dnf-cache')}`,
      ...(main ? [`--repo=${main.section.id}`] : []),
      '-v',
      'repolist',
    ];
    const command = [exe ?? 'dnf', ...args];
    if (!exe) return notInstalled('dnf', command);
    // It downloads the main repository's metadata (a few MB for BaseOS): give a slow link time.
    const r = await ctx.exec(exe, args, { env: { ...ctx.env }, timeoutMs: 120_000 });
    if (r.code !== 0) return failedToRun('dnf', command, r);
    const urls = [...r.stdout.matchAll(/^Repo-baseurl\s*:\s*(\S+?),?(\s|$)/gm)].map((m) => m[1] ?? '');
    const observed = urls[0] ?? null;
    const ok = expected === null ? observed !== null : urls.some((u) => expands(expected, u));
    return verdict('dnf', command, ok, observed, { tool: 'dnf', observed: observed ?? '-', expected: expected ?? '-' });
  },
};
