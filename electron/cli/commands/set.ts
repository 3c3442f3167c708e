import { t } from '../../../shared/i18n';
import { TARGET_IDS } from '../../../shared/types/core';
import { createCore } from '../../core/api';
import { MirrorKitError } from '../../core/errors';
import { hostDeps } from '../../core/host';
import { isTargetId } from '../../core/targets';
import { planAndApply, requestOptions } from '../apply-flow';
import type { Command } from '../command';

export const setCommand: Command = {
  name: 'set',
  summary: 'cli.cmd.set',
  flags: { 'dry-run': false, 'env-scope': true, firewall: true, 'if-declined': true },
  async run(args, ctx, io) {
    const [target, mirror] = args.positionals;
    if (!target || !mirror) throw new MirrorKitError('cli.missing-arg', { what: 'TARGET MIRROR', usage: t(io.lang, 'cli.cmd.set') });
    if (!isTargetId(target)) throw new MirrorKitError('error.unknown-target', { target, known: TARGET_IDS.join(', ') });
    return planAndApply(createCore(ctx, hostDeps(ctx)), io, args, { selection: { kind: 'set', target, mirror }, ...requestOptions(ctx, args) });
  },
};
