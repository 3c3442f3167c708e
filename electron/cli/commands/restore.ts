import { t } from '../../../shared/i18n';
import { EXIT, MirrorKitError, type ExitCode } from '../../core/errors';
import { flagBool } from '../args';
import type { CliIO, Command } from '../command';
import { renderRestore } from '../format';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'cli.cmd.restore',
  flags: {},
  async run(args, _ctx, io, core) {
    const requested = args.positionals[0];
    if (!flagBool(args, 'yes')) {
      if (!io.interactive) throw new MirrorKitError('cli.needs-yes');
      const id = requested ?? (await core.history()).find((h) => !h.restoredAt)?.id;
      if (!id) return nothingToRestore(io);
      if (!(await io.confirm(t(io.lang, 'cli.confirm-restore', { id })))) {
        io.out(t(io.lang, 'cli.cancelled'));
        return EXIT.ok;
      }
    }
    let r;
    try {
      r = await core.restore(requested);
    } catch (e) {
      // Nothing left to undo is the state the user asked for, not an error (README: exit 0).
      if (e instanceof MirrorKitError && e.code === 'error.nothing-to-restore') return nothingToRestore(io);
      throw e;
    }
    io.out(io.json ? JSON.stringify(r, null, 2) : renderRestore(io.lang, r));
    return r.status === 'restored' ? EXIT.ok : EXIT.targetFailed;
  },
};

function nothingToRestore(io: CliIO): ExitCode {
  io.out(io.json ? JSON.stringify({ status: 'nothing-to-restore' }) : t(io.lang, 'error.nothing-to-restore'));
  return EXIT.ok;
}
