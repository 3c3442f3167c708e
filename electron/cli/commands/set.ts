import path from 'node:path';

import { t } from '../../../shared/i18n';
import type { TargetId } from '../../../shared/types/core';
import { MirrorKitError } from '../../core/errors';
import { targetIds } from '../../core/targets';
import { planAndApply, requestOptions } from '../apply-flow';
import { flagString } from '../args';
import type { Command } from '../command';
import { refuseLocked } from '../../core/policy/locks';

/**
 * Poetry's sources live in one project's pyproject.toml, so `set poetry` needs the folder (a relative one is
 * taken from the working folder), and no other target takes one.
 */
function projectExtras(target: TargetId, project: string | undefined): Record<string, string> | undefined {
  if (project !== undefined && target !== 'poetry')
    throw new MirrorKitError('poetry.project-flag-other-target', { target });
  if (target !== 'poetry') return undefined;
  if (!project) throw new MirrorKitError('poetry.per-project');
  return { project: path.resolve(project) };
}

export const setCommand: Command = {
  name: 'set',
  summary: 'cli.cmd.set',
  flags: { 'dry-run': false, 'env-scope': true, firewall: true, 'if-declined': true, project: true },
  async run(args, ctx, io, core) {
    const [name, mirror] = args.positionals;
    if (!name || !mirror)
      throw new MirrorKitError('cli.missing-arg', { what: 'TARGET MIRROR', usage: t(io.lang, 'cli.cmd.set') });
    const [target] = targetIds([name]) as [TargetId];
    const extras = projectExtras(target, flagString(args, 'project'));
    return planAndApply(
      core,
      io,
      args,
      { selection: { kind: 'set', target, mirror, ...(extras ? { extras } : {}) }, ...requestOptions(ctx, args) },
      { guard: refuseLocked(ctx) },
    );
  },
};
