import { t } from '../../../shared/i18n';
import { escapeControls } from '../../../shared/text/escape';
import type { FirewallRuleSpec, Lang, Message } from '../../../shared/types/core';
import type { AuditEvent } from '../audit/log';

/**
 * What the administrator's helper is about to change, said before it writes (issue 17): the person who typed
 * the administrator password sees, and the audit trail keeps, every file path with the lines that change, every
 * machine variable with its value, every firewall rule. Everything was validated before; values are still
 * escaped for the terminal.
 */
export interface Announced {
  files: { path: string; current: string | null; after: string | null }[];
  env: { name: string; value: string | null }[];
  firewall: { action: 'ensure' | 'remove'; spec: FirewallRuleSpec }[];
  /** winget's source actions (absent in announcements made before there were any). */
  winget?: { action: 'set' | 'reset' | 'remove'; arg: string | null }[];
}

function lines(text: string | null): string[] {
  return text === null ? [] : text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/** The lines a write adds and removes (order kept, unchanged lines left out). */
export function changedLines(current: string | null, after: string | null): { added: string[]; removed: string[] } {
  const before = lines(current);
  const next = lines(after);
  return { added: next.filter((l) => !before.includes(l)), removed: before.filter((l) => !next.includes(l)) };
}

/** One message per change, in the order the helper makes them (files, variables, winget, firewall rules). */
export function announcement(a: Announced): Message[] {
  const out: Message[] = [];
  for (const f of a.files) {
    if (f.after === null) {
      out.push({ code: 'elevate.will-remove-file', params: { path: f.path } });
      continue;
    }
    out.push({ code: 'elevate.will-write-file', params: { path: f.path } });
    const d = changedLines(f.current, f.after);
    for (const l of d.removed) out.push({ code: 'elevate.line-removed', params: { line: l } });
    for (const l of d.added) out.push({ code: 'elevate.line-added', params: { line: l } });
  }
  for (const e of a.env)
    out.push(
      e.value === null
        ? { code: 'elevate.will-remove-variable', params: { name: e.name } }
        : { code: 'elevate.will-set-variable', params: { name: e.name, value: e.value } },
    );
  for (const w of a.winget ?? [])
    out.push(
      w.action === 'set'
        ? { code: 'winget.will-set-source', params: { arg: w.arg ?? '' } }
        : { code: w.action === 'reset' ? 'winget.will-reset-source' : 'winget.will-remove-source' },
    );
  for (const r of a.firewall)
    out.push({
      code: r.action === 'ensure' ? 'elevate.will-ensure-rule' : 'elevate.will-remove-rule',
      params: {
        name: r.spec.name,
        protocol: r.spec.protocol,
        port: r.spec.port,
        direction: r.spec.direction,
        remote: r.spec.remoteAddress ?? 'Any',
      },
    });
  return out;
}

/** The announcement as terminal lines, a heading first. */
export function announcementText(lang: Lang, a: Announced): string {
  const body = announcement(a).map((m) => `  ${escapeControls(t(lang, m))}`);
  return [t(lang, { code: 'elevate.announce' }), ...body].join('\n');
}

/** The audit trail's record of it: one line for the event log, every change in the JSON line's detail. */
export function elevateEvent(a: Announced): AuditEvent {
  const what = announcement(a)
    .filter((m) => !m.code.startsWith('elevate.line-'))
    .map((m) => t('en', m));
  return {
    op: 'elevate',
    status: 'announced',
    eventId: 100,
    level: 'INFORMATION',
    summary: `Administrator helper is about to change: ${what.join('; ')}`,
    detail: {
      files: a.files.map((f) => ({ path: f.path, remove: f.after === null, ...changedLines(f.current, f.after) })),
      env: a.env,
      firewall: a.firewall,
      ...(a.winget?.length ? { winget: a.winget } : {}),
    },
  };
}
