import type { PreviewItem, TargetPlan } from '../../../shared/types/core';
import { Diff } from '../components/Diff';
import { MessageText } from '../components/MessageText';
import { providerName, toolName } from '../components/labels';
import { Actions, Badge, PageTitle, RadioCard, Source, type Tone } from '../components/ui';
import { useLang, useT } from '../i18n';
import { previewFor } from '../wizard/logic';
import { useWizard, wizard } from '../wizard/store';

const PLAN_TONE: Record<TargetPlan['status'], Tone> = {
  change: 'info',
  unchanged: 'muted',
  skipped: 'muted',
  error: 'bad',
};

export function Review() {
  const t = useT();
  const plan = useWizard((s) => s.plan);
  const preview = useWizard((s) => s.preview) ?? [];
  const info = useWizard((s) => s.info);
  const busy = useWizard((s) => s.busy === 'apply');
  const backTo = useWizard((s) => s.planFrom);
  if (!plan) return null;
  const changing = plan.targets.filter((p) => p.status === 'change');
  const adminCount = changing.reduce((n, p) => n + p.changes.filter((c) => c.admin).length, 0);
  const files = preview.filter((i) => i.kind === 'file').length;
  return (
    <section className="page">
      <PageTitle lede={t('app.review.lede')}>{t('app.review.title')}</PageTitle>
      <div className="summary-bar">
        <span>{t('app.review.summary', { tools: changing.length, files })}</span>
        {adminCount > 0 ? (
          <Badge tone="warn">
            {info?.isAdmin
              ? t('app.review.admin-count', { count: adminCount })
              : t('app.review.admin-prompt', { count: adminCount })}
          </Badge>
        ) : null}
      </div>
      {plan.targets.map((tp) => (
        <TargetReview key={tp.target} plan={tp} items={previewFor(preview, tp.target)} />
      ))}
      {adminCount > 0 && info?.platform === 'win32' && !info.isAdmin ? <IfDeclinedChoice /> : null}
      <Actions>
        <button type="button" className="btn btn-ghost" onClick={() => wizard.goto(backTo)}>
          {t('app.action.back')}
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-primary btn-large"
          disabled={busy || changing.length === 0}
          onClick={() => void wizard.apply()}
        >
          {changing.length === 0 ? t('app.review.nothing') : t('app.review.apply', { count: changing.length })}
        </button>
      </Actions>
    </section>
  );
}

/** Windows asks for administrator rights once; the user says beforehand what a "no" should leave behind. */
function IfDeclinedChoice() {
  const t = useT();
  const choice = useWizard((s) => s.ifDeclined);
  return (
    <RadioCard
      legend={t('app.review.declined-title')}
      name="if-declined"
      options={(['rollback', 'keep'] as const).map((c) => ({ value: c, label: t(`app.review.declined-${c}`) }))}
      value={choice}
      onChange={wizard.setIfDeclined}
    />
  );
}

function TargetReview({ plan, items }: { plan: TargetPlan; items: PreviewItem[] }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const catalog = useWizard((s) => s.info?.catalog);
  return (
    <article className={`card review-card status-${plan.status}`} data-target={plan.target}>
      <div className="card-head">
        <h2>{toolName(t, plan.target)}</h2>
        <Badge tone={PLAN_TONE[plan.status]}>{t(`app.plan-status.${plan.status}`)}</Badge>
      </div>
      {plan.status === 'change' || plan.status === 'unchanged' ? (
        <p className="before-after">
          <Source value={plan.before} />
          <span className="arrow" aria-label={t('app.review.becomes')}>
            →
          </span>
          <Source value={plan.after} />
          {plan.provider ? <span className="provider">{providerName(catalog, lang, plan.provider)}</span> : null}
        </p>
      ) : null}
      {plan.reason ? (
        <p className={plan.status === 'error' ? 'tool-error' : 'muted'}>
          <MessageText msg={plan.reason} />
        </p>
      ) : null}
      {plan.warnings.length > 0 ? (
        <ul className="warnings">
          {plan.warnings.map((w, i) => (
            <li key={i}>
              <MessageText msg={w} />
            </li>
          ))}
        </ul>
      ) : null}
      {plan.status === 'change' && items.length > 0 ? (
        <details className="review-details">
          <summary>{t('app.review.full-diff')}</summary>
          {items.map((item, i) => (
            <ItemView key={i} item={item} />
          ))}
        </details>
      ) : null}
    </article>
  );
}

function ItemView({ item }: { item: PreviewItem }) {
  const t = useT();
  const admin = 'admin' in item && item.admin ? <Badge tone="warn">{t('app.review.needs-admin')}</Badge> : null;
  switch (item.kind) {
    case 'file':
      return (
        <div className="change">
          <div className="change-head">
            <code className="path">{item.path}</code>
            {admin}
            <Badge tone="muted">{item.created ? t('app.review.created') : t('app.review.backed-up')}</Badge>
          </div>
          <Diff diff={item.diff} label={t('app.review.diff-of', { path: item.path })} />
        </div>
      );
    case 'env':
      return (
        <div className="change">
          <div className="change-head">
            <code className="path">{item.name}</code>
            <span className="muted">{t(`app.scope.${item.scope}`)}</span>
            {admin}
          </div>
          <p className="before-after">
            {item.before === null ? (
              <span className="muted">{t('app.review.unset')}</span>
            ) : (
              <code className="url">{item.before}</code>
            )}
            <span className="arrow">→</span>
            {item.after === null ? (
              <span className="muted">{t('app.review.unset')}</span>
            ) : (
              <code className="url">{item.after}</code>
            )}
          </p>
        </div>
      );
    case 'tool':
      return (
        <div className="change">
          <div className="change-head">
            <span>{t('app.review.runs')}</span>
            {admin}
          </div>
          <code className="command">{item.argv.join(' ')}</code>
        </div>
      );
    case 'firewall':
      return (
        <div className="change">
          <div className="change-head">
            <span>{t(`app.review.firewall-${item.action}`, { name: item.spec.name, port: item.spec.port })}</span>
            <Badge tone="warn">{t('app.review.needs-admin')}</Badge>
          </div>
        </div>
      );
  }
}
