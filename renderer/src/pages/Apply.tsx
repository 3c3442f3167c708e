import type { ApplyPhase } from '../../../shared/types/api';
import type { ApplyResult, TargetResult } from '../../../shared/types/core';
import { MessageText } from '../components/MessageText';
import { toolName } from '../components/labels';
import { Actions, Badge, Note, PageTitle, Source, Spinner, type Tone } from '../components/ui';
import { useT } from '../i18n';
import { useWizard, wizard } from '../wizard/store';

const OUTCOME_TONE: Record<TargetResult['outcome'], Tone> = {
  applied: 'ok',
  unchanged: 'muted',
  skipped: 'muted',
  failed: 'bad',
  'rolled-back': 'bad',
  'needs-elevation': 'warn',
};

/** Each step of a target while it is applied, as it happens. */
const PHASE: Record<ApplyPhase | 'waiting', { code: string; tone: Tone }> = {
  waiting: { code: 'app.apply.pending', tone: 'muted' },
  'backing-up': { code: 'app.apply-phase.backing-up', tone: 'info' },
  writing: { code: 'app.apply-phase.writing', tone: 'info' },
  verifying: { code: 'app.apply-phase.verifying', tone: 'info' },
  done: { code: 'app.apply-phase.done', tone: 'ok' },
  failed: { code: 'app.apply-phase.failed', tone: 'bad' },
};

const STATUS_TONE: Record<ApplyResult['status'], Tone> = {
  applied: 'ok',
  'nothing-to-do': 'info',
  'dry-run': 'info',
  partial: 'warn',
  'needs-elevation': 'warn',
  'verify-failed': 'bad',
  failed: 'bad',
};

export function Apply() {
  const t = useT();
  const result = useWizard((s) => s.result);
  const plan = useWizard((s) => s.plan);
  const phases = useWizard((s) => s.applyPhase);
  return (
    <section className="page">
      <PageTitle lede={result ? undefined : t('app.apply.lede')}>
        {result ? t('app.apply.title-done') : t('app.apply.title')}
      </PageTitle>
      {!result ? (
        <>
          <Spinner label={t('app.apply.busy')} />
          <ul className="result-list">
            {plan?.targets
              .filter((p) => p.status === 'change')
              .map((p) => (
                <li
                  key={p.target}
                  className="card result-row"
                  data-target={p.target}
                  data-phase={phases[p.target] ?? 'waiting'}
                >
                  <div className="card-head">
                    <strong>{toolName(t, p.target)}</strong>
                    <Badge tone={PHASE[phases[p.target] ?? 'waiting'].tone}>
                      {t(PHASE[phases[p.target] ?? 'waiting'].code)}
                    </Badge>
                  </div>
                </li>
              ))}
          </ul>
        </>
      ) : (
        <>
          <div role="status">
            <Note tone={STATUS_TONE[result.status]}>
              <strong>{t(`app.apply-status.${result.status}`)}</strong>
            </Note>
          </div>
          <ul className="result-list">
            {result.targets.map((r) => (
              <ResultRow key={r.target} r={r} />
            ))}
          </ul>
          <Actions>
            <span className="spacer" />
            <button type="button" className="btn btn-primary" onClick={() => wizard.goto('done')}>
              {t('app.apply.next')}
            </button>
          </Actions>
        </>
      )}
    </section>
  );
}

function ResultRow({ r }: { r: TargetResult }) {
  const t = useT();
  const v = r.verification;
  return (
    <li className="card result-row" data-target={r.target} data-outcome={r.outcome}>
      <div className="card-head">
        <strong>{toolName(t, r.target)}</strong>
        <Badge tone={OUTCOME_TONE[r.outcome]}>{t(`app.target-outcome.${r.outcome}`)}</Badge>
        {v ? (
          v.ok ? (
            <Badge tone="ok">{t('app.apply.verified')}</Badge>
          ) : v.skipped ? (
            <Badge tone="muted">{t('app.apply.not-verified')}</Badge>
          ) : v.notInEffect ? (
            <Badge tone="warn">{t('app.apply.not-in-effect')}</Badge>
          ) : (
            <Badge tone="bad">{t('app.apply.verify-failed')}</Badge>
          )
        ) : null}
      </div>
      {v?.ok ? (
        <p className="verify">
          <span>{t('app.apply.checked-with')}</span>
          <code className="command">{v.command.join(' ')}</code>
          <span className="arrow">→</span>
          <Source value={v.observed} />
        </p>
      ) : null}
      {v?.skipped ? <p className="muted">{t(v.skipped)}</p> : null}
      {v?.message ? (
        <p className={v.ok ? 'muted' : v.notInEffect ? 'tool-warning' : 'tool-error'}>{t(v.message)}</p>
      ) : null}
      {r.error ? <p className="tool-error">{t(r.error)}</p> : null}
      {r.warnings.length > 0 ? (
        <ul className="warnings">
          {r.warnings.map((w, i) => (
            <li key={i}>
              <MessageText msg={w} />
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
