import { distroFileName } from '../../../shared/text/wsl-name';
import type { Change, Message, TargetPlan } from '../../../shared/types/core';
import { failed } from '../targets/plan-helpers';

/** What a change writes to: one file, or one variable in one scope. */
function placeOf(c: Change): string | undefined {
  if (c.kind === 'writeFile') return `file\0${c.path}`;
  if (c.kind === 'setEnv') return `env\0${c.scope}\0${c.name.toUpperCase()}`;
  if (c.kind === 'distroFile') return `wsl\0${c.distro}\0${c.path}`;
  return undefined;
}

function sameEdit(a: Change, b: Change): boolean {
  if (a.kind === 'writeFile' && b.kind === 'writeFile') return a.before === b.before && a.after === b.after;
  if (a.kind === 'setEnv' && b.kind === 'setEnv') return a.before === b.before && a.value === b.value;
  if (a.kind === 'distroFile' && b.kind === 'distroFile') return a.before === b.before && a.after === b.after;
  return false;
}

function what(c: Change): string {
  if (c.kind === 'distroFile') return distroFileName(c.distro, c.path);
  return c.kind === 'writeFile' ? c.path : c.kind === 'setEnv' ? c.name : c.kind;
}

/**
 * Tools that read another tool's setting (pnpm ≤ 10 reads npm's ~/.npmrc and NPM_CONFIG_REGISTRY) plan the same
 * edit as that tool when both are applied together. The apply checks every change against the file as it was
 * planned, so the second copy would fail as "changed since plan": the first tool (registry order) keeps the edit
 * and the other's plan says it shares it. Two different edits of one place are a conflict the user must settle
 * (a profile giving npm and pnpm ≤ 10 different mirrors): the later tool's plan becomes an error and changes
 * nothing. Plans come in registry order.
 */
export function shareWrites(plans: TargetPlan[]): TargetPlan[] {
  const first = new Map<string, Change>();
  return plans.map((tp) => {
    if (tp.status !== 'change') return tp;
    const kept: Change[] = [];
    const notes: Message[] = [];
    for (const c of tp.changes) {
      const place = placeOf(c);
      const earlier = place === undefined ? undefined : first.get(place);
      if (!earlier) {
        if (place !== undefined) first.set(place, c);
        kept.push(c);
      } else if (sameEdit(earlier, c)) {
        notes.push({ code: 'warn.shared-change', params: { what: what(c), target: earlier.target } });
      } else {
        return failed(tp.target, {
          code: 'error.shared-change-conflict',
          params: { what: what(c), target: earlier.target },
        });
      }
    }
    // Still 'change' when something was shared: the value changes, and the tool is verified after the apply.
    return notes.length === 0 ? tp : { ...tp, changes: kept, warnings: [...tp.warnings, ...notes] };
  });
}
