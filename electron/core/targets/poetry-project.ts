import fs from 'node:fs/promises';

import type { Message } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { isPrimary, MIRRORKIT_SOURCE, readPyProject, type SourceStyle } from '../edit/poetry-source';
import { MAX_PROJECT_PATH } from '../../../shared/targets/poetry';
import { escapeNonPrintable } from '../../../shared/validate/url';
import { MirrorKitError } from '../errors';
import { pathApi } from '../platform/paths';

import { exists, readText } from './common';

/**
 * The project folder a `poetry` choice names, checked before anything is planned: an absolute path to a folder
 * whose pyproject.toml Poetry manages. Every refusal names the path and changes nothing.
 */
export interface PoetryProject {
  dir: string;
  file: string;
  text: string;
  sources: Record<string, unknown>[];
}

/**
 * The shape of a project path, before the disk is asked: absolute, no control characters, no `.` or `..` parts
 * (a path that says one folder and means another is refused, not resolved), no Windows device namespace
 * (`\\?\`, `\\.\`, which skip the checks Windows makes on ordinary paths).
 */
export function checkProjectPath(ctx: Pick<Ctx, 'platform'>, dir: string): void {
  // Control and invisible format characters (bidi overrides, zero-width) make a path read as another one.
  if (dir.length > MAX_PROJECT_PATH || /[\p{Cc}\p{Cf}\u2028\u2029]/u.test(dir))
    throw new MirrorKitError('poetry.project-path-odd', { path: escapeNonPrintable(dir.slice(0, 300)) });
  const win = ctx.platform === 'win32';
  // On Windows `\\folder` is "absolute" to Node but relative to the current drive: a drive or a share is named.
  const absolute = win ? /^([A-Za-z]:[\\/]|[\\/]{2}[^\\/])/.test(dir) : pathApi(ctx).isAbsolute(dir);
  if (!absolute) throw new MirrorKitError('poetry.project-not-absolute', { path: dir });
  if (win && /^[\\/]{2}[?.][\\/]/.test(dir)) throw new MirrorKitError('poetry.project-path-device', { path: dir });
  if (dir.split(win ? /[\\/]/ : '/').some((part) => part === '.' || part === '..'))
    throw new MirrorKitError('poetry.project-path-dots', { path: dir });
}

export async function openProject(ctx: Ctx, dir: string): Promise<PoetryProject> {
  const p = pathApi(ctx);
  checkProjectPath(ctx, dir);
  const st = await fs.stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new MirrorKitError('poetry.project-missing', { path: dir });
  const file = p.join(dir, 'pyproject.toml');
  const text = await readText(file);
  if (text === null) throw new MirrorKitError('poetry.no-pyproject', { path: dir });
  let project: ReturnType<typeof readPyProject>;
  try {
    project = readPyProject(text);
  } catch (e) {
    throw withPath(e, file);
  }
  // Poetry 2 also manages a plain [project] table; a lock file of its own says it does here.
  const managed = project.poetryManaged || (project.hasProject && (await exists(p.join(dir, 'poetry.lock'))));
  if (!managed) throw new MirrorKitError('poetry.not-poetry-project', { path: file });
  return { dir, file, text, sources: project.sources };
}

/**
 * The project a user picked in the wizard (a folder dialog, or the harness's typed path), checked as a plan
 * would check it, and named by its real path: what the Review shows is the file that will be written.
 */
export async function pickProject(ctx: Ctx, dir: string): Promise<{ dir: string; file: string }> {
  checkProjectPath(ctx, dir);
  const real = await fs.realpath(dir).catch(() => null);
  if (real === null) throw new MirrorKitError('poetry.project-missing', { path: dir });
  const project = await openProject(ctx, real);
  return { dir: project.dir, file: project.file };
}

/** The source Poetry asks first for the project's packages (PyPI's own when none replaces it: null). */
export function primaryUrl(sources: Record<string, unknown>[], style: SourceStyle): string | null {
  const s = sources.find((x) => isPrimary(x, style) && typeof x.url === 'string');
  return s ? (s.url as string) : null;
}

/** Warnings about what the edit cannot settle by itself: the lock file, and the user's own primary sources. */
export async function projectWarnings(
  ctx: Ctx,
  project: PoetryProject,
  style: SourceStyle,
  official: boolean,
): Promise<Message[]> {
  const warnings: Message[] = [];
  const lock = pathApi(ctx).join(project.dir, 'poetry.lock');
  if (await exists(lock)) warnings.push({ code: 'poetry.lock-records-sources', params: { path: lock } });
  // Back on PyPI, a primary source of the user's is the user's choice, not a conflict with MirrorKit's.
  if (official) return warnings;
  for (const s of project.sources)
    if (s.name !== MIRRORKIT_SOURCE && isPrimary(s, style))
      warnings.push({ code: 'poetry.other-primary', params: { name: String(s.name), path: project.file } });
  return warnings;
}
