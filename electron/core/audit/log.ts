import fs from 'node:fs/promises';
import path from 'node:path';

import type { ApplyResult, Plan, RestoreResult } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { system32 } from '../platform/win32/search-path';

/**
 * The audit trail (issue 18): one JSON line per apply, check, restore and trust failure in the state folder,
 * and on Windows the same event in the Application log under the source "MirrorKit" (registered by the
 * all-users installer). Auditing never fails the operation it records: a full disk or a missing event source
 * must not turn a successful apply into an error.
 */
/** 'elevate': what the administrator's helper is about to change, recorded before it writes. */
export type AuditOp = 'apply' | 'check' | 'restore' | 'trust-failure' | 'elevate';

export interface AuditEvent {
  op: AuditOp;
  /** applied / partial / failed …, compliant / drift / error, restored …, or the refusal's message code. */
  status: string;
  /** Event log id: 100 applied, 101 compliant, 200 drift, 300 trust failure, 400 restore. */
  eventId: 100 | 101 | 200 | 300 | 400;
  level: 'INFORMATION' | 'WARNING' | 'ERROR';
  /** One line for the event log. */
  summary: string;
  detail?: Record<string, unknown>;
}

const MAX_LOG_BYTES = 1024 * 1024;

export function auditFile(ctx: Pick<Ctx, 'stateDir'>): string {
  return path.join(ctx.stateDir, 'audit.jsonl');
}

/** eventcreate's argv. /D is one argument (no shell), at most 1,000 ids; the message is kept to one line. */
export function eventcreateArgv(ev: AuditEvent): string[] {
  const text = ev.summary.replace(/[\r\n]+/g, ' ').slice(0, 1000);
  return ['/L', 'APPLICATION', '/SO', 'MirrorKit', '/T', ev.level, '/ID', String(ev.eventId), '/D', text];
}

async function append(ctx: Ctx, line: string): Promise<void> {
  const file = auditFile(ctx);
  await fs.mkdir(path.dirname(file), { recursive: true });
  // One older generation is kept, so the log stays small on a machine checked every hour for years.
  const size = await fs.stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size > MAX_LOG_BYTES) await fs.rename(file, path.join(path.dirname(file), 'audit.1.jsonl'));
  await fs.appendFile(file, `${line}\n`, { mode: 0o600 });
}

export async function audit(ctx: Ctx, ev: AuditEvent): Promise<void> {
  const record = {
    time: ctx.now().toISOString(),
    op: ev.op,
    status: ev.status,
    eventId: ev.eventId,
    summary: ev.summary,
    ...(ev.detail ? { detail: ev.detail } : {}),
  };
  try {
    await append(ctx, JSON.stringify(record));
  } catch {
    // See above: the operation's own result matters more than its log line.
  }
  if (ctx.platform !== 'win32') return;
  try {
    await ctx.exec(system32(ctx.env, 'eventcreate.exe'), eventcreateArgv(ev), {
      env: { ...ctx.env },
      timeoutMs: 10_000,
    });
  } catch {
    // No event source, or no eventcreate (Wine): the JSONL line above still holds the event.
  }
}

export function applyEvent(plan: Plan, result: ApplyResult): AuditEvent {
  const ok = result.status === 'applied' || result.status === 'nothing-to-do';
  const targets = result.targets.map((r) => `${r.target}=${r.outcome}`).join(', ');
  return {
    op: 'apply',
    status: result.status,
    eventId: 100,
    level: ok ? 'INFORMATION' : 'ERROR',
    summary: `MirrorKit apply ${result.status}: ${plan.label}${targets ? ` (${targets})` : ''}${result.id ? ` [${result.id}]` : ''}`,
    detail: {
      id: result.id ?? null,
      label: plan.label,
      targets: result.targets.map((r) => ({ target: r.target, outcome: r.outcome })),
    },
  };
}

export function restoreEvent(result: RestoreResult): AuditEvent {
  return {
    op: 'restore',
    status: result.status,
    eventId: 400,
    level: result.status === 'restored' ? 'INFORMATION' : 'ERROR',
    summary: `MirrorKit restore ${result.status}: ${result.id} (${result.restored.length} items, ${result.conflicts.length} conflicts)`,
    detail: { id: result.id, restored: result.restored, conflicts: result.conflicts.map((c) => c.name) },
  };
}

export function checkEvent(
  verdict: 'compliant' | 'drift' | 'error',
  profile: string,
  tools: { target: string; state: string }[],
): AuditEvent {
  const list = tools.map((x) => `${x.target}=${x.state}`).join(', ');
  return {
    op: 'check',
    status: verdict,
    eventId: verdict === 'compliant' ? 101 : 200,
    level: verdict === 'compliant' ? 'INFORMATION' : 'WARNING',
    summary: `MirrorKit check ${verdict}: ${list} (profile ${profile})`,
    detail: { profile, tools },
  };
}

export function trustFailureEvent(profile: string, code: string, params: Record<string, string | number>): AuditEvent {
  return {
    op: 'trust-failure',
    status: code,
    eventId: 300,
    level: 'ERROR',
    summary: `MirrorKit refused the profile ${profile}: ${code}`,
    detail: { profile, code, params },
  };
}
