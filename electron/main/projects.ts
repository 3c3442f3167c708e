import type { Parsed, ProjectPick } from '../../shared/ipc/contract';
import type { PlanRequest } from '../../shared/types/api';
import type { Lang } from '../../shared/types/core';

import { UserError } from './user-error';

/** How main gets at project folders: the core's check, and (desktop app only) the system's folder dialog. */
export interface ProjectDeps {
  /**
   * The core's check of a project folder (electron/core/targets/poetry-project.ts `pickProject`); throws why not.
   * A binding without it offers no project picking.
   */
  checkProject?: (dir: string) => Promise<ProjectPick>;
  /** The desktop app's folder dialog, in the page's language; null when cancelled. The harness has none. */
  chooseFolder?: (lang: Lang | undefined) => Promise<string | null>;
}

/** Folders one window may plan with, at most this many (a page cannot grow main's memory without end). */
const MAX_PICKED = 64;

/**
 * The project folders the user picked. A plan request may name only these: in the desktop app a page cannot
 * reach a folder the user did not choose in the system's dialog, and in both shells only a folder main checked
 * (and named by its real path) reaches the core, which checks it again when it plans.
 */
export function projectPicker(deps: ProjectDeps) {
  const picked = new Set<string>();

  return {
    async pick(input: Parsed<'project:pick'>): Promise<ProjectPick | null> {
      if (!deps.checkProject) throw new UserError('app.error.unknown-channel');
      let dir: string | null;
      if (deps.chooseFolder) {
        if (input.path !== undefined) throw new UserError('app.error.project-path-from-page');
        dir = await deps.chooseFolder(input.lang);
        if (dir === null) return null;
      } else {
        if (input.path === undefined) throw new UserError('app.error.project-path-needed');
        dir = input.path;
      }
      const project = await deps.checkProject(dir);
      picked.delete(project.dir);
      picked.add(project.dir);
      if (picked.size > MAX_PICKED) picked.delete(picked.values().next().value as string);
      return project;
    },

    /** Throws unless every project folder the request names was picked here. */
    assertPicked(req: Pick<PlanRequest, 'selection' | 'extras'>): void {
      const named = [
        ...Object.values(req.extras ?? {}).map((e) => e?.project),
        ...(req.selection.kind === 'set' ? [req.selection.extras?.project] : []),
        ...(req.selection.kind === 'choices' ? req.selection.choices.map((c) => c.extras?.project) : []),
      ];
      if (named.some((dir) => dir !== undefined && !picked.has(dir)))
        throw new UserError('app.error.project-not-picked');
    },
  };
}
