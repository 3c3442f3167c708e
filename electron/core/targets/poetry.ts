import fs from 'node:fs/promises';

import { poetry as poetrySpec } from '../../../shared/targets/poetry';
import type { Reading, TargetPlan, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { MIRRORKIT_SOURCE, poetrySetSource, type SourceStyle } from '../edit/poetry-source';
import { pathApi } from '../platform/paths';

import { findExecutable, foundOnly, toolVersion } from './common';
import { skipped, targetPlan, writeFile } from './plan-helpers';
import { openProject, primaryUrl, projectWarnings } from './poetry-project';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const PER_PROJECT = { code: 'poetry.per-project' };

/**
 * Poetry's version from the virtual environment it is installed in (the official installer, pipx and pip all
 * leave a `poetry-X.Y.Z.dist-info` beside the package), so detection starts no Python; undefined if not found.
 */
async function installedVersion(ctx: Ctx, exe: string): Promise<string | undefined> {
  const p = pathApi(ctx);
  const real = await fs.realpath(exe).catch(() => exe);
  const venv = p.dirname(p.dirname(real));
  const lib = p.join(venv, 'lib');
  const dirs = [p.join(venv, 'Lib', 'site-packages')];
  for (const py of await fs.readdir(lib).catch(() => [] as string[]))
    if (py.startsWith('python')) dirs.push(p.join(lib, py, 'site-packages'));
  for (const dir of dirs)
    for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
      const m = /^poetry-(\d[^-]*)\.dist-info$/.exec(name);
      if (m) return m[1];
    }
  return undefined;
}

async function poetryVersion(ctx: Ctx, exe: string): Promise<string | undefined> {
  return (await installedVersion(ctx, exe)) ?? (await toolVersion(ctx, exe, ['--version'], /version ([0-9][^\s)]*)/));
}

/** `priority = "primary"` from Poetry 1.5 on (and when Poetry is not found: what a new install reads). */
function styleFor(version: string | undefined): SourceStyle {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return 'priority';
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < 1 || (major === 1 && minor < 5) ? 'default' : 'priority';
}

/** The sources `poetry source show` lists, as name → url. */
export function parseSourceShow(out: string): Map<string, string> {
  const found = new Map<string, string>();
  let name: string | undefined;
  for (const line of out.split(/\r?\n/)) {
    const m = /^\s*(name|url)\s*:\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    if (m[1] === 'name') name = m[2];
    else if (name !== undefined) found.set(name, m[2]!);
  }
  return found;
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

export const poetry: TargetModule = {
  ...poetrySpec,
  machineEnv: {},

  async detect(ctx, opts) {
    const exe = await findExecutable(ctx, 'poetry');
    if (opts?.quick || !exe) return foundOnly('poetry', exe);
    const version = await poetryVersion(ctx, exe);
    return {
      target: 'poetry',
      supported: true,
      installed: version !== undefined,
      executable: exe,
      ...(version ? { version } : {}),
    };
  },

  // No user-level setting exists to read; the project's primary source is read when a plan names the project.
  async read(): Promise<Reading> {
    return { target: 'poetry', value: null, origin: { kind: 'default' }, layers: [], warnings: [PER_PROJECT] };
  },

  async plan(ctx, choice): Promise<TargetPlan> {
    const dir = choice.extras?.project;
    if (!dir) return skipped('poetry', PER_PROJECT);
    const project = await openProject(ctx, dir);
    const exe = await findExecutable(ctx, 'poetry');
    const style = styleFor(exe ? await poetryVersion(ctx, exe) : undefined);
    const url = choice.urls[0] ?? null;
    const official = url === null || ctx.catalog.match('pypi', url)?.provider === 'official';
    let after: string;
    try {
      after = poetrySetSource(project.text, official ? null : url, style, { eol: '\n' });
    } catch (e) {
      throw withPath(e, project.file);
    }
    const warnings = await projectWarnings(ctx, project, style, official);
    return targetPlan(
      'poetry',
      primaryUrl(project.sources, style),
      official ? null : url,
      [writeFile('poetry', project.file, project.text, after)],
      warnings,
      choice.provider,
    );
  },

  async verify(ctx, expected, tp): Promise<Verification> {
    const written = tp?.changes.find((c) => c.kind === 'writeFile');
    const exe = await findExecutable(ctx, 'poetry');
    const args = ['source', 'show', '--no-interaction'];
    const command = [exe ?? 'poetry', ...args];
    if (written?.kind !== 'writeFile')
      return { target: 'poetry', ok: false, observed: null, command, skipped: { code: 'poetry.verify-no-project' } };
    if (!exe) return notInstalled('poetry', command);
    // In the project folder: that is the only place Poetry reads these sources from.
    const r = await ctx.exec(exe, args, {
      env: { ...ctx.env },
      cwd: pathApi(ctx).dirname(written.path),
      timeoutMs: 60_000,
    });
    if (r.code !== 0) return failedToRun('poetry', command, r);
    const observed = parseSourceShow(r.stdout).get(MIRRORKIT_SOURCE) ?? null;
    const ok = expected === null ? observed === null : observed !== null && sameUrl(observed, expected);
    return verdict('poetry', command, ok, observed, {
      tool: 'poetry',
      observed: observed ?? 'PyPI',
      expected: expected ?? 'PyPI',
    });
  },
};
