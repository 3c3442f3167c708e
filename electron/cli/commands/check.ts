import { t } from '../../../shared/i18n';
import type { Lang } from '../../../shared/types/core';
import type { Core } from '../../core/api';
import { MirrorKitError, toMessage, type ExitCode } from '../../core/errors';
import { checkProfile } from '../../core/profile/check';
import type { ToolCompliance } from '../../core/profile/compliance';
import type { LoadedProfile } from '../../core/profile/source';
import { flagBool } from '../args';
import type { CliIO, Command } from '../command';
import { origin, table } from '../format';
import { onlyTargets } from '../apply-flow';
import { loadSelectedProfile } from '../profile';

/** Intune Remediations keep 2,048 characters of a script's output. */
const SUMMARY_MAX = 2000;

function profileLine(lang: Lang, p: LoadedProfile): string {
  return t(lang, 'check.profile', {
    name: p.name,
    serial: p.trust.serial ?? '-',
    signature:
      p.trust.signature === 'verified'
        ? t(lang, 'check.signed-by', { key: p.trust.keyId ?? '' })
        : t(lang, 'check.unsigned'),
    from: t(lang, `check.from.${p.from}`),
  });
}

function summary(lang: Lang, verdict: string, tools: ToolCompliance[], p: LoadedProfile): string {
  const list = tools.map((x) => `${x.target}=${x.state}`).join(', ');
  const line = `MirrorKit ${t(lang, `check.verdict.${verdict}`)}: ${list || '-'}; ${profileLine(lang, p)}`;
  return line.length > SUMMARY_MAX ? `${line.slice(0, SUMMARY_MAX - 1)}…` : line;
}

function render(lang: Lang, verdict: string, tools: ToolCompliance[], p: LoadedProfile): string {
  const dflt = t(lang, 'cli.default');
  const head = ['cli.head.tool', 'check.head.state', 'cli.head.source', 'check.head.winner'].map((k) => t(lang, k));
  const rows = tools.map((x) => [
    x.target,
    t(lang, `check.state.${x.state}`),
    x.actual ?? dflt,
    x.layer ? origin(lang, x.layer) : x.reason ? t(lang, x.reason) : '',
  ]);
  const lines = [profileLine(lang, p), '', table([head, ...rows])];
  for (const x of tools) {
    if (x.state === 'shadowed' && x.shadowedLayer && x.layer) {
      lines.push(
        t(lang, 'check.shadowed-by', {
          target: x.target,
          layer: origin(lang, x.shadowedLayer),
          winner: origin(lang, x.layer),
        }),
      );
    } else if (x.state === 'drift' || x.state === 'missing')
      lines.push(t(lang, 'check.expected', { target: x.target, value: x.expected ?? dflt }));
    for (const c of x.corporate ?? [])
      lines.push(
        t(lang, 'check.corporate-drift', {
          target: x.target,
          key: c.key,
          path: c.path,
          actual: c.actual ?? t(lang, 'check.corporate-unset'),
          expected: c.expected ?? t(lang, 'check.corporate-unset'),
        }),
      );
  }
  lines.push('', t(lang, `check.verdict-line.${verdict}`));
  return lines.join('\n');
}

async function runCheck(
  args: Parameters<Command['run']>[0],
  ctx: Parameters<Command['run']>[1],
  io: CliIO,
  core: Core,
): Promise<ExitCode> {
  const loaded = await loadSelectedProfile(ctx, args);
  const { verdict, exit, tools } = await checkProfile(ctx, core, loaded, onlyTargets(args));
  if (flagBool(args, 'summary')) io.out(summary(io.lang, verdict, tools, loaded));
  else if (io.json)
    io.out(
      JSON.stringify(
        { verdict, exit, profile: { name: loaded.name, from: loaded.from, ...loaded.trust }, tools },
        null,
        2,
      ),
    );
  else io.out(render(io.lang, verdict, tools, loaded));
  return exit;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'cli.cmd.check',
  flags: { profile: true, 'from-policy': false, pubkey: true, summary: false, only: true },
  async run(args, ctx, io, core) {
    try {
      return await runCheck(args, ctx, io, core);
    } catch (e) {
      // --summary is for remediation scripts: Intune reads stdout and treats anything on stderr as a script error.
      if (!flagBool(args, 'summary') || !(e instanceof MirrorKitError)) throw e;
      io.out(`MirrorKit ${t(io.lang, 'check.verdict.error')}: ${t(io.lang, toMessage(e))}`.slice(0, SUMMARY_MAX));
      return e.exit;
    }
  },
};
