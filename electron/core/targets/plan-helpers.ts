import type { Change, Message, PersistentScope, TargetId, TargetPlan } from '../../../shared/types/core';

/** Assemble a TargetPlan; a plan whose changes are all no-ops is 'unchanged'. */
export function targetPlan(
  target: TargetId,
  before: string | null,
  after: string | null,
  changes: Change[],
  warnings: Message[],
  provider?: string,
): TargetPlan {
  const real = changes.filter((c) => !isNoop(c));
  return {
    target,
    status: real.length === 0 ? 'unchanged' : 'change',
    before,
    after,
    ...(provider ? { provider } : {}),
    changes: real,
    warnings,
  };
}

export function skipped(target: TargetId, reason: Message, before: string | null = null): TargetPlan {
  return { target, status: 'skipped', before, after: before, changes: [], warnings: [], reason };
}

export function failed(target: TargetId, reason: Message): TargetPlan {
  return { target, status: 'error', before: null, after: null, changes: [], warnings: [], reason };
}

function isNoop(c: Change): boolean {
  if (c.kind === 'writeFile') return c.before === c.after;
  if (c.kind === 'setEnv') return c.before === c.value;
  if (c.kind === 'distroFile') return c.before === c.after;
  return false;
}

export function writeFile(target: TargetId, path: string, before: string | null, after: string, admin = false): Change {
  return { kind: 'writeFile', target, path, before, after, admin };
}

/** Rewrite a file inside a WSL distro (as root, through wsl.exe); `path` is the Linux path. */
export function distroFile(target: TargetId, distro: string, path: string, before: string, after: string): Change {
  return { kind: 'distroFile', target, distro, path, before, after, admin: false };
}

export function setEnv(
  target: TargetId,
  name: string,
  value: string | null,
  scope: PersistentScope,
  before: string | null,
): Change {
  return { kind: 'setEnv', target, name, value, scope, before, admin: scope === 'machine' };
}
