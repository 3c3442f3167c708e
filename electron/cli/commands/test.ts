import { t } from '../../../shared/i18n';
import { TARGET_SPEC } from '../../../shared/targets';
import {
  MIRROR_KINDS,
  TARGET_IDS,
  TARGET_KIND,
  type Lang,
  type MirrorKind,
  type TargetId,
} from '../../../shared/types/core';
import { checkMirrorUrl, escapeNonPrintable } from '../../../shared/validate/url';
import type { Core } from '../../core/api';
import type { Ctx } from '../../core/context';
import { EXIT, MirrorKitError } from '../../core/errors';
import {
  KINDS,
  QUICK_BUDGET,
  DEFAULT_BUDGET,
  DEFAULT_TIMEOUT_MS,
  type ProbeCandidate,
  type ProbeReport,
  type ProbeResult,
} from '../../core/probe';
import { targetIds } from '../../core/targets';
import { flagBool, flagList, flagString } from '../args';
import type { Command, ParsedArgs } from '../command';
import { refusePublicProbe } from '../../core/policy/locks';
import { probeNetwork } from '../probe-proxy';

/**
 * `mirrorkit test [TARGET…] [--quick] [--json] [--timeout MS] [--budget BYTES]`, or `--kind KIND --url URL…` for
 * any URL (a company's Nexus, a mirror not in the catalog). Streams one row per mirror as it resolves, then a
 * summary per tool; `--json` prints the report (results best first, `best` per tool) as one document.
 */
export const testCommand: Command = {
  name: 'test',
  summary: 'cli.cmd.test',
  flags: {
    quick: false,
    timeout: true,
    budget: true,
    kind: true,
    url: true,
    profile: true,
    'from-policy': false,
    pubkey: true,
  },
  async run(args, ctx, io, core) {
    const quick = flagBool(args, 'quick');
    const timeoutMs = positive(args, 'timeout') ?? DEFAULT_TIMEOUT_MS;
    const budgetBytes = positive(args, 'budget') ?? (quick ? QUICK_BUDGET : DEFAULT_BUDGET);
    if (flagString(args, 'kind') === undefined && flagList(args, 'url').length === 0) await refusePublicProbe(ctx);
    const candidates = await chooseCandidates(args, ctx, core, io.lang);
    if (!io.json) {
      const groups = [...new Set(candidates.map((c) => c.target ?? c.kind))];
      const artifacts = groups.map((g) => `${g} ${mb(KINDS[kindOf(g, candidates)].profile.bytes)}`).join(', ');
      const mode = t(io.lang, quick ? 'probe.cli.mode.quick' : 'probe.cli.mode.full');
      io.out(
        t(io.lang, 'probe.cli.header', {
          count: candidates.length,
          mode,
          timeout: timeoutMs / 1000,
          budget: mb(budgetBytes),
          artifacts,
        }),
      );
      io.out(row(HEAD.map((k) => t(io.lang, `probe.cli.col.${k}`))));
    }
    const report = await core.probe.run(candidates, {
      ...(await probeNetwork(ctx, args)),
      quick,
      timeoutMs,
      budgetBytes,
      ...(io.json ? {} : { onProgress: (r: ProbeResult) => io.out(row(cells(io.lang, r))) }),
    });
    if (io.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of summary(io.lang, report, candidates)) io.out(line);
    return Object.values(report.best).every((b) => b) ? EXIT.ok : EXIT.targetFailed;
  },
};

async function chooseCandidates(args: ParsedArgs, ctx: Ctx, core: Core, lang: Lang): Promise<ProbeCandidate[]> {
  const kind = flagString(args, 'kind');
  const urls = flagList(args, 'url');
  if (kind !== undefined || urls.length > 0) {
    if (kind === undefined) throw new MirrorKitError('probe.cli.url-needs-kind');
    if (!(MIRROR_KINDS as readonly string[]).includes(kind))
      throw new MirrorKitError('probe.cli.bad-kind', { kind, known: MIRROR_KINDS.join(', ') });
    if (urls.length === 0) throw new MirrorKitError('probe.cli.kind-needs-url');
    if (args.positionals.length > 0) throw new MirrorKitError('probe.cli.targets-and-urls');
    return urls.map((url) => {
      const check = checkMirrorUrl(url.replace(/^sparse\+/i, ''));
      if (!check.ok)
        throw new MirrorKitError('error.bad-url', { url: escapeNonPrintable(url), reason: t(lang, check.reason) });
      return { target: null, kind: kind as MirrorKind, url };
    });
  }
  const named = targetIds(args.positionals);
  const targets =
    named.length > 0 ? named : TARGET_IDS.filter((id) => TARGET_SPEC[id].platforms.includes(ctx.platform));
  return core.probe.candidates(targets);
}

function positive(args: ParsedArgs, flag: string): number | undefined {
  const v = flagString(args, flag);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) <= 0) throw new MirrorKitError('probe.cli.bad-number', { flag, value: v });
  return Number(v);
}

function kindOf(group: string, candidates: ProbeCandidate[]): MirrorKind {
  return (TARGET_IDS as readonly string[]).includes(group)
    ? TARGET_KIND[group as TargetId]
    : (candidates.find((c) => c.kind === group)?.kind ?? 'npm');
}

const HEAD = ['tool', 'mirror', 'address', 'dns', 'tcp', 'tls', 'ttfb', 'warm', 'rate', 'est', 'status'] as const;
const WIDTH = [7, 26, 22, 6, 6, 6, 7, 8, 6, 8];

function row(cols: string[]): string {
  return cols
    .map((c, i) => (i < WIDTH.length ? pad(c, WIDTH[i] ?? 0) : c))
    .join(' ')
    .trimEnd();
}

function pad(s: string, w: number): string {
  let width = 0;
  for (const ch of s)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]/.test(ch) ? 2 : 1;
  return width >= w ? s : s + ' '.repeat(w - width);
}

function cells(lang: Lang, r: ProbeResult): string[] {
  const ms = (v: number | undefined): string => (v === undefined ? '—' : `${Math.round(v)}ms`);
  const status = [t(lang, `probe.outcome.${r.outcome}`)];
  if (r.alpn) status.push(r.alpn);
  if (r.current) status.push(t(lang, 'probe.cli.current-mark'));
  if (r.reason && r.reason.code !== 'probe.reason.refused') status.push(`· ${t(lang, r.reason)}`);
  if (r.downloadHost) status.push(`· ${t(lang, 'probe.cli.via', { host: r.downloadHost })}`);
  return [
    r.target ?? r.kind,
    name(r).slice(0, 26),
    r.address ? `${r.address} (v${r.family ?? 4})` : '—',
    ms(r.dnsMs),
    ms(r.tcpMs),
    ms(r.tlsMs),
    ms(r.ttfbMs),
    ms(r.warmRttMs),
    r.throughputBps === undefined ? '—' : (r.throughputBps / 1e6).toFixed(1),
    r.estimateMs === undefined ? '—' : seconds(r.estimateMs),
    status.join(' '),
  ];
}

function name(r: { provider?: string; url: string }): string {
  if (r.provider) return r.provider;
  try {
    const u = new URL(r.url.replace(/^sparse\+/i, ''));
    return `${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return r.url;
  }
}

function summary(lang: Lang, report: ProbeReport, candidates: ProbeCandidate[]): string[] {
  const lines: string[] = [];
  for (const [group, pick] of Object.entries(report.best)) {
    const size = mb((KINDS[kindOf(group, candidates)] ?? KINDS.npm).profile.bytes);
    const parts: string[] = [];
    const winner = pick ? report.results.find((r) => (r.target ?? r.kind) === group && r.url === pick.url) : undefined;
    if (!pick || !winner) parts.push(t(lang, 'probe.cli.no-best', { group }));
    else {
      const est = winner.estimateMs === undefined ? '—' : seconds(winner.estimateMs);
      const confidence = t(lang, pick.confident ? 'probe.cli.confident' : 'probe.cli.close-call');
      parts.push(
        pick.marginPct === undefined
          ? t(lang, 'probe.cli.best-alone', { group, name: name(winner), est, size })
          : t(lang, 'probe.cli.best', { group, name: name(winner), est, size, margin: pick.marginPct, confidence }),
      );
    }
    const cur = report.currentComparison?.[group];
    if (cur) {
      const curName = name(cur);
      if (cur.outcome !== 'ok' && cur.outcome !== 'slow')
        parts.push(
          t(lang, 'probe.cli.current-broken', { name: curName, outcome: t(lang, `probe.outcome.${cur.outcome}`) }),
        );
      else if (pick && pick.url === cur.url) parts.push(t(lang, 'probe.cli.current-best', { name: curName }));
      else if (cur.ratio !== undefined)
        parts.push(t(lang, 'probe.cli.current-slower', { name: curName, ratio: cur.ratio }));
    }
    lines.push(parts.join(' · '));
  }
  lines.push(t(lang, 'probe.cli.totals', { wall: (report.wallMs / 1000).toFixed(1), bytes: mb(report.bytes) }));
  return lines;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function mb(bytes: number): string {
  return bytes >= 1e6 ? `${Math.round(bytes / 1e5) / 10} MB` : `${Math.round(bytes / 100) / 10} KB`;
}
