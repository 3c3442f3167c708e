import { createTwoFilesPatch } from 'diff';

import { maskSecrets } from '../../../shared/text/secrets';
import { distroFileName } from '../../../shared/text/wsl-name';
import type { Change, Plan, PreviewItem } from '../../../shared/types/core';
import { sourceCommands } from '../targets/winget-source';

/**
 * A CA bundle MirrorKit writes for the tools (issue 18) holds the public roots too: shown as a summary (how many
 * certificates, the company's own by subject) rather than a few thousand lines of base64.
 */
export function shown(path: string, text: string, encoding?: 'base64'): string {
  if (encoding === 'base64') return `(binary, ${Buffer.byteLength(text, 'base64')} bytes)\n`;
  if (!/\.(pem|crt)$/i.test(path) || !text.includes('-----BEGIN CERTIFICATE-----')) return maskSecrets(text);
  const count = text.split('-----BEGIN CERTIFICATE-----').length - 1;
  const own = text.split(/\r?\n/).filter((l) => l.startsWith('# '));
  return [`(${count} certificates, PEM)`, ...own, ''].join('\n');
}

function previewChange(c: Change): PreviewItem {
  switch (c.kind) {
    case 'writeFile':
      return {
        kind: 'file',
        target: c.target,
        path: c.path,
        diff: createTwoFilesPatch(
          `a/${c.path}`,
          `b/${c.path}`,
          shown(c.path, c.before ?? ''),
          shown(c.path, c.after, c.encoding),
        ),
        admin: c.admin,
        created: c.before === null,
      };
    case 'setEnv':
      return {
        kind: 'env',
        target: c.target,
        name: c.name,
        scope: c.scope,
        before: c.before,
        after: c.value,
        admin: c.admin,
      };
    case 'runTool':
      return { kind: 'tool', target: c.target, argv: [...c.argv], admin: c.admin };
    case 'firewallRule':
      return { kind: 'firewall', target: c.target, action: c.action, spec: { ...c.spec } };
    case 'wingetSource':
      // Shown as what it is: winget commands, run by the administrator's helper.
      return {
        kind: 'tool',
        target: c.target,
        argv: sourceCommands(c).flatMap((s, i) => [...(i > 0 ? [';'] : []), 'winget', ...s.args]),
        admin: true,
      };
    case 'distroFile': {
      const name = distroFileName(c.distro, c.path);
      const diff = createTwoFilesPatch(`a/${name}`, `b/${name}`, maskSecrets(c.before), maskSecrets(c.after));
      return { kind: 'file', target: c.target, path: name, diff, admin: false, created: false };
    }
  }
}

/** What an apply of `plan` would do, for review and dry runs: only targets that will change are shown. */
export function previewPlan(plan: Plan): PreviewItem[] {
  return plan.targets.filter((t) => t.status === 'change').flatMap((t) => t.changes.map(previewChange));
}

/**
 * The plan as it may leave the engine for display (the wizard, `--json` reports a fleet tool keeps in its
 * logs): file texts with their secrets masked. The engine itself keeps and applies the real plan.
 */
export function redactPlan(plan: Plan): Plan {
  return {
    ...plan,
    targets: plan.targets.map((tp) => ({
      ...tp,
      changes: tp.changes.map((c) =>
        c.kind === 'writeFile'
          ? {
              ...c,
              before: c.before === null ? null : shown(c.path, c.before),
              after: shown(c.path, c.after, c.encoding),
            }
          : c.kind === 'distroFile'
            ? { ...c, before: maskSecrets(c.before), after: maskSecrets(c.after) }
            : c,
      ),
    })),
  };
}
