import type { ProbeResultData, ProbeTarget } from '../../../shared/ipc/probe';
import type { TargetId } from '../../../shared/types/core';
import { TARGET_IDS } from '../../../shared/types/core';
import { hostOf, providerName, toolName } from '../components/labels';
import { Actions, Badge, PageTitle, type Tone } from '../components/ui';
import { useLang, useT } from '../i18n';
import { barFraction, bestPerTarget, formatMs, formatRate, resultKey } from '../wizard/logic';
import { useWizard, wizard } from '../wizard/store';

const TONE: Record<ProbeResultData['outcome'], Tone> = {
  ok: 'ok',
  slow: 'warn',
  stale: 'warn',
  'http-error': 'bad',
  'wrong-protocol': 'bad',
  'tls-error': 'bad',
  'dns-error': 'bad',
  refused: 'bad',
  'connect-timeout': 'bad',
  'ttfb-timeout': 'bad',
  stalled: 'bad',
};

export function Test() {
  const t = useT();
  const probe = useWizard((s) => s.probe);
  const results = Object.values(probe.results);
  const best = bestPerTarget(results, probe.report?.best);
  const maxLatency = Math.max(1, ...results.map((r) => r.latencyMs ?? 0));
  const maxRate = Math.max(1, ...results.map((r) => r.throughputBps ?? 0));
  const targets = TARGET_IDS.filter((id) => probe.candidates.some((c) => c.target === id));
  const done = results.length;
  const total = probe.candidates.length;
  return (
    <section className="page">
      <PageTitle lede={t('app.test.lede')}>{t('app.test.title')}</PageTitle>
      <div className="probe-status" role="status" aria-live="polite">
        {probe.running ? (
          <>
            <span className="spinner-dot" aria-hidden="true" />
            {t('app.test.running', { done, total })}
          </>
        ) : probe.report ? (
          t('app.test.finished', { count: probe.report.results.length, seconds: (probe.report.wallMs / 1000).toFixed(1) })
        ) : probe.cancelled ? (
          t('app.test.cancelled')
        ) : (
          t('app.test.idle')
        )}
        {total > 0 ? <progress max={total} value={done} aria-label={t('app.test.progress')} /> : null}
      </div>
      {targets.map((target) => (
        <TargetTable
          key={target}
          target={target}
          rows={probe.candidates.filter((c) => c.target === target)}
          results={probe.results}
          best={best[target]}
          maxLatency={maxLatency}
          maxRate={maxRate}
        />
      ))}
      <Actions>
        <button type="button" className="btn btn-ghost" onClick={() => wizard.goto('detect')}>
          {t('app.action.back')}
        </button>
        <span className="spacer" />
        {probe.running ? (
          <button type="button" className="btn btn-secondary" onClick={() => void wizard.cancelProbe()}>
            {t('app.test.cancel')}
          </button>
        ) : (
          <button type="button" className="btn btn-secondary" onClick={() => void wizard.startProbe()}>
            {results.length > 0 ? t('app.test.again') : t('app.test.start')}
          </button>
        )}
        <button type="button" className="btn btn-primary" onClick={() => wizard.goto('choose')}>
          {t('app.test.next')}
        </button>
      </Actions>
    </section>
  );
}

interface TableProps {
  target: TargetId;
  rows: ProbeTarget[];
  results: Record<string, ProbeResultData>;
  best: ProbeResultData | undefined;
  maxLatency: number;
  maxRate: number;
}

function TargetTable({ target, rows, results, best, maxLatency, maxRate }: TableProps) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const catalog = useWizard((s) => s.info?.catalog);
  return (
    <div className="card probe-card" data-target={target}>
      <h2>{toolName(t, target)}</h2>
      <table className="probe-table">
        <thead>
          <tr>
            <th scope="col">{t('app.test.col.mirror')}</th>
            <th scope="col">{t('app.test.col.result')}</th>
            <th scope="col">{t('app.test.col.latency')}</th>
            <th scope="col">{t('app.test.col.speed')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const r = results[resultKey(c)];
            const isBest = best !== undefined && resultKey(best) === resultKey(c);
            return (
              <tr key={resultKey(c)} className={isBest ? 'is-best' : undefined} data-outcome={r?.outcome ?? 'pending'}>
                <th scope="row">
                  <span className="mirror-name">{providerName(catalog, lang, c.provider)}</span>
                  <span className="mirror-host">{hostOf(c.url)}</span>
                </th>
                <td>
                  {r ? (
                    <Badge tone={TONE[r.outcome]} title={r.reason ? t(r.reason) : undefined}>
                      {t(`app.outcome.${r.outcome}`)}
                    </Badge>
                  ) : (
                    <Badge tone="info">{t('app.test.pending')}</Badge>
                  )}
                  {isBest ? <Badge tone="ok">{t('app.test.fastest')}</Badge> : null}
                  {r?.reason && r.outcome !== 'ok' ? <span className="reason">{t(r.reason)}</span> : null}
                </td>
                <td>
                  <Bar key={r ? 'done' : 'pending'} fraction={barFraction(r?.latencyMs, maxLatency)} pending={!r} kind="latency" />
                  <span className="num">{formatMs(r?.latencyMs)}</span>
                </td>
                <td>
                  <Bar key={r ? 'done' : 'pending'} fraction={barFraction(r?.throughputBps, maxRate)} pending={!r} kind="speed" />
                  <span className="num">{formatRate(r?.throughputBps)}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A measured value as a bar; while pending, a moving shimmer (remounted, so it never animates into the value). */
function Bar({ fraction, pending, kind }: { fraction: number; pending: boolean; kind: 'latency' | 'speed' }) {
  return (
    <span className={`bar bar-${kind}${pending ? ' is-pending' : ''}`} aria-hidden="true">
      <span style={{ width: `${Math.round(fraction * 100)}%` }} />
    </span>
  );
}
