import { t } from '../../../shared/i18n';
import type { TargetId } from '../../../shared/types/core';
import { MirrorKitError } from '../../core/errors';
import { targetIds } from '../../core/targets';
import { planAndApply, requestOptions } from '../apply-flow';
import type { Command } from '../command';
import { refuseLocked } from '../../core/policy/locks';

export const setCommand: Command = {
  name: 'set',
  summary: 'cli.cmd.set',
  flags: { 'dry-run': false, 'env-scope': true, firewall: true, 'if-declined': true },
  async run(args, ctx, io, core) {
    const [name, mirror] = args.positionals;
    if (!name || !mirror)
      throw new MirrorKitError('cli.missing-arg', { what: 'TARGET MIRROR', usage: t(io.lang, 'cli.cmd.set') });
    const [target] = targetIds([name]) as [TargetId];
    return planAndApply(
      core,
      io,
      args,
      { selection: { kind: 'set', target, mirror }, ...requestOptions(ctx, args) },
      { guard: refuseLocked(ctx) },
    );
  },
};
