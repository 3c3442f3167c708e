import fs from 'node:fs/promises';

import type { Selection } from '../../../shared/types/api';
import { createCore } from '../../core/api';
import { MirrorKitError } from '../../core/errors';
import { hostDeps } from '../../core/host';
import { flagBool, flagString } from '../args';
import { onlyTargets, planAndApply, requestOptions } from '../apply-flow';
import type { Command } from '../command';
import { fastestSelection } from '../fastest';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'cli.cmd.apply',
  flags: { preset: true, profile: true, fastest: false, only: true, 'dry-run': false, 'env-scope': true, firewall: true, 'if-declined': true },
  async run(args, ctx, io) {
    const preset = flagString(args, 'preset');
    const profile = flagString(args, 'profile');
    const fastest = flagBool(args, 'fastest');
    if ([preset !== undefined, profile !== undefined, fastest].filter(Boolean).length !== 1) throw new MirrorKitError('cli.one-selection');
    const only = onlyTargets(args);
    let selection: Selection;
    if (preset !== undefined) selection = { kind: 'preset', preset };
    else if (profile !== undefined) selection = { kind: 'profile', text: await readProfile(profile), name: profile };
    else selection = await fastestSelection(ctx, io, only);
    return planAndApply(createCore(ctx, hostDeps(ctx)), io, args, { selection, ...(only ? { only } : {}), ...requestOptions(ctx, args) });
  },
};

async function readProfile(path: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new MirrorKitError('cli.profile-unreadable', { path, reason: (e as Error).message });
  }
}
