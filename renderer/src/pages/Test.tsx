import type { ProbeResultData, ProbeTarget } from '../../../shared/ipc/probe';
import { TARGET_IDS } from '../../../shared/types/core';
import { hostOf, providerName, toolName } from '../components/labels';
import { Actions, Badge, Note, PageTitle, Source, type Tone } from '../components/ui';
import { useLang, useT } from '../i18n';
import { concludeTool, networkTrouble, type ToolConclusion } from '../wizard/conclude';
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
  const targets = TARGET_IDS.filter((id) => probe.candidates.some((c) => c.target === id));
  const done = results.length;
  const total = probe.candidates.length;
  // Said once the run is over: while it runs, "nothing yet" is just "not yet".
  const trouble = !probe.running && probe.report ? networkTrouble(probe.report.results) : null;
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
          t('app.test.finished', {
            count: probe.report.results.length,
            seconds: (probe.report.wallMs / 1000).toFixed(1),
          })
        ) : probe.cancelled ? (
          t('app.test.cancelled')
        ) : (
          t('app.test.idle')
        )}
        {total > 0 ? <progress max={total} value={done} aria-label={t('app.test.progress')} /> : null}
      </div>
      {trouble ? (
        <div className="network-banner" role="alert">
          <Note tone="bad">
            <strong>
              {trouble.answered === 0
                ? t('app.test.offline-none', { total: trouble.total })
                : t('app.test.offline-few', trouble)}
            </strong>
            <p>{t('app.test.offline-check')}</p>
            <ul>
              <li>{t('app.test.offline-connection')}</li>
              <li>{t('app.test.offline-proxy')}</li>
              <li>{t('app.test.offline-firewall')}</li>
            </ul>
          </Note>
        </div>
      ) : null}
      {targets.map((target) => (
        <ToolCard
          key={target}
          c={concludeTool(target, probe.candidates, probe.results, best[target], probe.report?.best[target])}
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

/** One tool: the conclusion first, then the mirrors that answered as a bar chart of estimated fetch time. */
function ToolCard({ c }: { c: ToolConclusion }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const catalog = useWizard((s) => s.info?.catalog);
  const current = useWizard((s) => s.tools?.find((x) => x.target === c.target)?.reading);
  const name = (r: { provider?: string; url: string }): string =>
    r.provider ? providerName(catalog, lang, r.provider) : hostOf(r.url);
  const measured = c.rows.flatMap((r) => ('outcome' in r && r.estimateMs !== undefined ? [r.estimateMs] : []));
  const maxEstimate = Math.max(1, ...measured);
  return (
    <div className="card probe-card" data-target={c.target}>
      <h2>{toolName(t, c.target)}</h2>
      <dl className="probe-conclusion">
        <dt>{t('app.test.pick')}</dt>
        <dd data-role="pick">
          {c.pick ? (
            <>
              <strong>{name(c.pick)}</strong>{' '}
              {c.next && c.marginPct !== undefined
                ? t('app.test.margin', { pct: c.marginPct, next: name(c.next) })
                : c.next
                  ? null
                  : t('app.test.only-one')}
            </>
          ) : (
            <span className="muted">{c.rows.length > 0 ? t('app.test.pick-pending') : t('app.test.pick-none')}</span>
          )}
        </dd>
        <dt>{t('app.test.now')}</dt>
        <dd>
          {current?.match ? (
            <span className="provider">{providerName(catalog, lang, current.match.provider)}</span>
          ) : null}
          <Source value={current?.value ?? null} />
        </dd>
      </dl>
      {c.rows.length > 0 ? (
        <table className="probe-table">
          <thead>
            <tr>
              <th scope="col">{t('app.test.col.mirror')}</th>
              <th scope="col">{t('app.test.col.result')}</th>
              <th scope="col">{t('app.test.col.estimate')}</th>
              <th scope="col">{t('app.test.col.speed')}</th>
            </tr>
          </thead>
          <tbody>
            {c.rows.map((row) => (
              <Row
                key={resultKey(row)}
                row={row}
                isBest={c.pick !== undefined && resultKey(c.pick) === resultKey(row)}
                name={name(row)}
                maxEstimate={maxEstimate}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      {c.failed.length > 0 ? (
        <p className="probe-failed">
          <span className="probe-failed-count">{t('app.test.failed', { count: c.failed.length })}</span>{' '}
          {c.failed.map((r, i) => (
            <span
              key={resultKey(r)}
              className="failed-item"
              data-outcome={r.outcome}
              title={r.reason ? t(r.reason) : undefined}
            >
              {i > 0 ? ' · ' : ''}
              {name(r)} ({t(`app.outcome.${r.outcome}`)})
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}

function Row({
  row,
  isBest,
  name,
  maxEstimate,
}: {
  row: ProbeResultData | ProbeTarget;
  isBest: boolean;
  name: string;
  maxEstimate: number;
}) {
  const t = useT();
  const r = 'outcome' in row ? row : undefined;
  return (
    <tr className={isBest ? 'is-best' : undefined} data-outcome={r?.outcome ?? 'pending'}>
      <th scope="row">
        <span className="mirror-name">{name}</span>
        <span className="mirror-host">{hostOf(row.url)}</span>
      </th>
      <td>
        {r ? (
          <Badge tone={TONE[r.outcome]}>{t(`app.outcome.${r.outcome}`)}</Badge>
        ) : (
          <Badge tone="info">{t('app.test.pending')}</Badge>
        )}
        {isBest ? <Badge tone="ok">{t('app.test.fastest')}</Badge> : null}
        {r?.current ? <Badge tone="muted">{t('app.test.in-use')}</Badge> : null}
      </td>
      <td>
        {/* A bar only for a measured value: a pending row shimmers, an unmeasured one shows a dash, never an empty bar. */}
        {!r ? (
          <Bar fraction={0} pending />
        ) : r.estimateMs !== undefined ? (
          <Bar fraction={barFraction(r.estimateMs, maxEstimate)} pending={false} />
        ) : null}
        <span className="num">{formatMs(r?.estimateMs)}</span>
      </td>
      <td>
        <span className="num">{formatRate(r?.throughputBps)}</span>
      </td>
    </tr>
  );
}

/** A measured value as a bar; while pending, a moving shimmer (remounted, so it never animates into the value). */
function Bar({ fraction, pending }: { fraction: number; pending: boolean }) {
  return (
    <span
      key={pending ? 'pending' : 'done'}
      className={`bar bar-estimate${pending ? ' is-pending' : ''}`}
      aria-hidden="true"
    >
      <span style={{ width: `${Math.max(4, Math.round(fraction * 100))}%` }} />
    </span>
  );
}
