import type { TargetId } from '../../../shared/types/core';
import { createCore } from '../../core/api';
import { EXIT, MirrorKitError } from '../../core/errors';
import { isTargetId } from '../../core/targets';
import type { Command } from '../command';
import { renderStatus } from '../format';

export const statusCommand: Command = {
  name: 'status',
  summary: 'cli.cmd.status',
  flags: {},
  async run(args, ctx, io) {
    for (const p of args.positionals) if (!isTargetId(p)) throw new MirrorKitError('error.unknown-target', { target: p, known: 'pip, npm, go, cargo, docker, apt' });
    const rows = await createCore(ctx).status(args.positionals.length > 0 ? (args.positionals as TargetId[]) : undefined);
    io.out(io.json ? JSON.stringify({ tools: rows }, null, 2) : renderStatus(io.lang, rows));
    return EXIT.ok;
  },
};
