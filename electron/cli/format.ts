import { t } from '../../shared/i18n';
import { distroFileName } from '../../shared/text/wsl-name';
import type { ToolStatus } from '../../shared/types/api';
import type {
  ApplyResult,
  Change,
  HistoryEntry,
  Lang,
  Message,
  Origin,
  Plan,
  RestoreResult,
  TargetPlan,
  TargetResult,
} from '../../shared/types/core';
import { wingetCommandLine } from '../core/apply/steps';

/** Render a table with columns padded to the widest cell (CJK characters count double, as terminals draw them). */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, width(c))));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c)))).join('  '))
    .join('\n');
}

function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

export function origin(lang: Lang, o: Origin): string {
  if (o.kind === 'file') return `${o.path} [${o.key}]`;
  if (o.kind === 'env') return t(lang, 'cli.origin.env', { name: o.name, scope: o.scope });
  return t(lang, 'cli.origin.default');
}

function warnings(lang: Lang, list: Message[]): string[] {
  return list.map((w) => t(lang, 'cli.warning', { text: t(lang, w) }));
}

export function renderStatus(lang: Lang, rows: ToolStatus[]): string {
  const head = ['cli.head.tool', 'cli.head.installed', 'cli.head.source', 'cli.head.from'].map((k) => t(lang, k));
  const body = rows.map((r) => {
    const installed = !r.detection.supported
      ? t(lang, 'cli.not-supported')
      : r.detection.installed
        ? (r.detection.version ?? '✓')
        : t(lang, 'cli.not-installed');
    const source = r.error
      ? '-'
      : r.reading?.value
        ? `${r.reading.value}${r.reading.match ? ` (${r.reading.match.provider})` : ''}`
        : t(lang, 'cli.default-source');
    const from = r.error ? t(lang, r.error) : r.reading ? origin(lang, r.reading.origin) : '';
    return [r.target, installed, source, from];
  });
  const lines = [table([head, ...body])];
  for (const r of rows) {
    const w = warnings(lang, r.reading?.warnings ?? []);
    if (w.length > 0) lines.push(`${r.target}:`, ...w);
  }
  return lines.join('\n');
}

function describeChange(lang: Lang, c: Change): string {
  const admin = c.admin ? t(lang, 'cli.plan.admin') : '';
  switch (c.kind) {
    case 'writeFile':
      return t(lang, c.before === null ? 'cli.plan.new-file' : 'cli.plan.file', { path: c.path, admin });
    case 'setEnv':
      return c.value === null
        ? t(lang, 'cli.plan.env-remove', { name: c.name, scope: c.scope, admin })
        : t(lang, 'cli.plan.env', { name: c.name, scope: c.scope, value: c.value, admin });
    case 'runTool':
      return t(lang, 'cli.plan.tool', { argv: c.argv.join(' '), admin });
    case 'firewallRule':
      return t(lang, 'cli.plan.firewall', { name: c.spec.name, port: c.spec.port, admin });
    case 'wingetSource':
      return t(lang, 'cli.plan.tool', { argv: wingetCommandLine(c), admin });
    case 'distroFile':
      return t(lang, 'cli.plan.file', { path: distroFileName(c.distro, c.path), admin });
  }
}

function planLine(lang: Lang, tp: TargetPlan): string {
  const dflt = t(lang, 'cli.default');
  switch (tp.status) {
    case 'change':
      return t(lang, 'cli.plan.change', { target: tp.target, before: tp.before ?? dflt, after: tp.after ?? dflt });
    case 'unchanged':
      return t(lang, 'cli.plan.unchanged', { target: tp.target, value: tp.after ?? dflt });
    case 'skipped':
      return t(lang, 'cli.plan.skipped', { target: tp.target, reason: tp.reason ? t(lang, tp.reason) : '' });
    case 'error':
      return t(lang, 'cli.plan.error', { target: tp.target, reason: tp.reason ? t(lang, tp.reason) : '' });
  }
}

export function renderPlan(lang: Lang, plan: Plan): string {
  const lines = [t(lang, 'cli.plan.title', { label: plan.label })];
  for (const tp of plan.targets) {
    lines.push(planLine(lang, tp));
    lines.push(...tp.changes.map((c) => describeChange(lang, c)));
    lines.push(...warnings(lang, tp.warnings));
  }
  if (plan.targets.some((tp) => tp.status === 'change')) lines.push('', t(lang, 'cli.plan.backup'));
  return lines.join('\n');
}

function resultLines(lang: Lang, r: TargetResult): string[] {
  const reason = r.error ? t(lang, r.error) : '';
  const lines = [t(lang, `cli.result.${r.outcome}`, { target: r.target, reason })];
  const v = r.verification;
  if (v) {
    if (v.skipped) lines.push(t(lang, 'cli.verify.skipped', { reason: t(lang, v.skipped) }));
    else if (v.ok) lines.push(t(lang, 'cli.verify.ok', { command: v.command.join(' '), observed: v.observed ?? '-' }));
    else
      lines.push(
        t(lang, v.notInEffect ? 'cli.verify.not-in-effect' : 'cli.verify.failed', {
          reason: v.message ? t(lang, v.message) : '',
        }),
      );
  }
  lines.push(...warnings(lang, r.warnings));
  return lines;
}

export function renderResult(lang: Lang, result: ApplyResult): string {
  const lines: string[] = [];
  if (result.preview) {
    for (const p of result.preview) {
      if (p.kind === 'file') lines.push(p.diff.trimEnd());
      else if (p.kind === 'env') lines.push(`${p.name} (${p.scope}): ${p.before ?? '∅'} → ${p.after ?? '∅'}`);
      else if (p.kind === 'tool') lines.push(`$ ${p.argv.join(' ')}`);
      else lines.push(`firewall ${p.action} ${p.spec.name} ${p.spec.protocol}/${p.spec.port}`);
    }
  }
  for (const r of result.targets) lines.push(...resultLines(lang, r));
  lines.push(t(lang, `cli.apply.status.${result.status}`));
  if (result.id) lines.push(t(lang, 'cli.apply.id', { id: result.id }));
  return lines.join('\n');
}

export function renderRestore(lang: Lang, r: RestoreResult): string {
  const lines = r.restored.map((x) =>
    t(lang, 'cli.restore.item', { action: t(lang, `cli.restore.${x.action}`), name: x.name }),
  );
  for (const c of r.conflicts) lines.push(t(lang, 'cli.warning', { text: t(lang, c.message) }));
  lines.push(t(lang, r.status === 'restored' ? 'cli.restore.done' : 'cli.restore.partial', { id: r.id }));
  return lines.join('\n');
}

export function renderHistory(lang: Lang, list: HistoryEntry[]): string {
  if (list.length === 0) return t(lang, 'cli.history.empty');
  return list
    .map((h) =>
      t(lang, 'cli.history.row', {
        id: h.id,
        date: h.createdAt,
        status: h.status,
        label: h.label,
        targets: h.targets.join(','),
        restored: h.restoredAt ? t(lang, 'cli.history.restored', { date: h.restoredAt }) : '',
      }),
    )
    .join('\n');
}
