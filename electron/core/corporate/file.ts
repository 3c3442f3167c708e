import type { Change, TargetPlan } from '../../../shared/types/core';
import { readText } from '../targets/common';
import { writeFile } from '../targets/plan-helpers';

import type { StateFile } from './types';

/**
 * A file as the target's plan will leave it: the `after` of the plan's own write, else the file as it is now.
 * `before` is always the text on disk, which the apply checks again before writing.
 */
export async function plannedText(
  tp: TargetPlan,
  path: string,
): Promise<{ before: string | null; text: string | null }> {
  const own = tp.changes.find((c) => c.kind === 'writeFile' && c.path === path);
  if (own?.kind === 'writeFile') return { before: own.before, text: own.after };
  const now = await readText(path);
  return { before: now, text: now };
}

/** A copy of a CA file in MirrorKit's state folder: created by the apply, removed by its restore. */
export async function stateFileChange(tp: TargetPlan, f: StateFile): Promise<Change> {
  const now = await readText(f.path);
  return writeFile(tp.target, f.path, now, f.text);
}
