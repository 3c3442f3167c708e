import { EXIT } from '../../core/errors';
import type { Command } from '../command';
import { renderHistory } from '../format';

export const historyCommand: Command = {
  name: 'history',
  summary: 'cli.cmd.history',
  flags: {},
  async run(_args, _ctx, io, core) {
    const list = await core.history();
    io.out(io.json ? JSON.stringify({ history: list }, null, 2) : renderHistory(io.lang, list));
    return EXIT.ok;
  },
};
