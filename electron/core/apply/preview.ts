import { createTwoFilesPatch } from 'diff';

import type { Change, Plan, PreviewItem } from '../../../shared/types/core';

function previewChange(c: Change): PreviewItem {
  switch (c.kind) {
    case 'writeFile':
      return {
        kind: 'file',
        target: c.target,
        path: c.path,
        diff: createTwoFilesPatch(`a/${c.path}`, `b/${c.path}`, c.before ?? '', c.after),
        admin: c.admin,
        created: c.before === null,
      };
    case 'setEnv':
      return { kind: 'env', target: c.target, name: c.name, scope: c.scope, before: c.before, after: c.value, admin: c.admin };
    case 'runTool':
      return { kind: 'tool', target: c.target, argv: [...c.argv], admin: c.admin };
    case 'firewallRule':
      return { kind: 'firewall', target: c.target, action: c.action, spec: { ...c.spec } };
  }
}

/** What an apply of `plan` would do, for review and dry runs: only targets that will change are shown. */
export function previewPlan(plan: Plan): PreviewItem[] {
  return plan.targets.filter((t) => t.status === 'change').flatMap((t) => t.changes.map(previewChange));
}
