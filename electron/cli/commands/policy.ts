import { t } from '../../../shared/i18n';
import type { Lang } from '../../../shared/types/core';
import { EXIT } from '../../core/errors';
import { lockedTargets, readPolicy, type Policy } from '../../core/policy/read';
import type { Command } from '../command';
import { table } from '../format';

function shown(v: unknown): string {
  if (Array.isArray(v)) return v.join(', ');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function render(lang: Lang, p: Policy): string {
  if (p.entries.length === 0) return t(lang, 'policy.none');
  const head = [
    'policy.head.name',
    'policy.head.value',
    'policy.head.source',
    'policy.head.level',
    'policy.head.status',
  ].map((k) => t(lang, k));
  const rows = p.entries.map((e) => [
    e.name,
    shown(e.value ?? e.raw),
    e.source,
    t(lang, `policy.level.${e.level}`),
    e.reason
      ? `${t(lang, `policy.status.${e.status}`)}: ${t(lang, e.reason.code, e.reason.params)}`
      : t(lang, `policy.status.${e.status}`),
  ]);
  const locked = lockedTargets(p);
  return [
    table([head, ...rows]),
    ...(locked.length > 0 ? ['', t(lang, 'policy.locked-line', { targets: locked.join(', ') })] : []),
  ].join('\n');
}

/** A reason in JSON as errors are: its code and params, and its text in the user's language. */
function withText(lang: Lang, p: Policy) {
  return p.entries.map((e) =>
    e.reason ? { ...e, reason: { ...e.reason, message: t(lang, e.reason.code, e.reason.params) } } : e,
  );
}

/** `mirrorkit policy [--json]`: every value found, where it comes from, its level and whether it applies (as chrome://policy). */
export const policyCommand: Command = {
  name: 'policy',
  summary: 'cli.cmd.policy',
  flags: {},
  async run(_args, ctx, io) {
    const p = await readPolicy(ctx);
    io.out(
      io.json
        ? JSON.stringify({ policies: withText(io.lang, p), effective: p.effective, locked: lockedTargets(p) }, null, 2)
        : render(io.lang, p),
    );
    // A value that is ignored because of its type is the administrator's bad input: say so in the exit code too.
    return p.entries.some((e) => e.status === 'invalid') ? EXIT.badInput : EXIT.ok;
  },
};
