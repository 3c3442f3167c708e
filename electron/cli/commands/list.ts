import { t } from '../../../shared/i18n';
import { TARGET_IDS, TARGET_KIND } from '../../../shared/types/core';
import { EXIT } from '../../core/errors';
import { targetIds } from '../../core/targets';
import type { Command } from '../command';
import { table } from '../format';

export const listCommand: Command = {
  name: 'list',
  summary: 'cli.cmd.list',
  flags: {},
  run(args, ctx, io) {
    const which = args.positionals[0];
    const targets = which !== undefined ? targetIds([which]) : [...TARGET_IDS];
    const c = ctx.catalog;
    if (io.json) {
      const kinds = new Set(targets.map((x) => TARGET_KIND[x]));
      io.out(
        JSON.stringify(
          { providers: c.providers, presets: c.presets, mirrors: c.mirrors.filter((m) => kinds.has(m.kind)) },
          null,
          2,
        ),
      );
      return Promise.resolve(EXIT.ok);
    }
    const lines = [t(io.lang, 'cli.list.presets')];
    lines.push(table(c.presets.map((p) => ['  ' + p.id, p.name[io.lang], p.description[io.lang]])));
    for (const target of targets) {
      lines.push('', t(io.lang, 'cli.list.mirrors', { target }));
      lines.push(
        table(
          c.mirrorsOf(TARGET_KIND[target]).map((m) => ['  ' + m.provider, m.status, m.url, `${m.date} ${m.source}`]),
        ),
      );
    }
    io.out(lines.join('\n'));
    return Promise.resolve(EXIT.ok);
  },
};
