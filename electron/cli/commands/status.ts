import { EXIT } from '../../core/errors';
import { targetIds } from '../../core/targets';
import type { Command } from '../command';
import { renderStatus } from '../format';

export const statusCommand: Command = {
  name: 'status',
  summary: 'cli.cmd.status',
  flags: {},
  async run(args, _ctx, io, core) {
    const only = targetIds(args.positionals);
    const rows = await core.status(only.length > 0 ? only : undefined);
    io.out(io.json ? JSON.stringify({ tools: rows }, null, 2) : renderStatus(io.lang, rows));
    return EXIT.ok;
  },
};
