import { RestoreList } from '../components/RestoreList';
import { toolName } from '../components/labels';
import { Actions, Badge, PageTitle, Source } from '../components/ui';
import { useT } from '../i18n';
import { useWizard, wizard } from '../wizard/store';

export function Done() {
  const t = useT();
  const result = useWizard((s) => s.result);
  const plan = useWizard((s) => s.plan);
  const restored = useWizard((s) => s.restored);
  const busy = useWizard((s) => s.busy === 'restore');
  if (!result) return null;
  const applied = result.targets.filter((r) => r.outcome === 'applied');
  // Only a tool that reported the new mirror itself counts as using it.
  const verified = applied.filter((r) => r.verification?.ok);
  // After a restore the list says what is back, without the arrows of the change that no longer holds.
  const back = restored?.status === 'restored';
  return (
    <section className="page">
      <PageTitle
        lede={
          restored?.status === 'restored'
            ? t('app.done.lede-restored')
            : applied.length === 0
              ? t('app.done.lede-none')
              : verified.length === applied.length
                ? t('app.done.lede', { count: applied.length })
                : t('app.done.lede-partial', { verified: verified.length, count: applied.length })
        }
      >
        {t('app.done.title')}
      </PageTitle>
      {applied.length > 0 ? (
        <ul className="card changed-list">
          {applied.map((r) => {
            const tp = plan?.targets.find((p) => p.target === r.target);
            return (
              <li key={r.target} data-target={r.target} data-restored={back ? 'true' : undefined}>
                <strong>{toolName(t, r.target)}</strong>
                {back ? (
                  <span className="before-after">
                    <span className="muted">{t('app.done.back-to')}</span>
                    <Source value={tp?.before ?? null} />
                  </span>
                ) : (
                  <span className="before-after">
                    <Source value={tp?.before ?? null} />
                    <span className="arrow">→</span>
                    <Source value={tp?.after ?? null} />
                  </span>
                )}
                {!back && r.verification?.notInEffect ? (
                  <Badge tone="warn">{t('app.apply.not-in-effect')}</Badge>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {result.id ? (
        <div className="card restore-card">
          <div>
            <h2>{t('app.done.restore-title')}</h2>
            <p>{t('app.done.restore-lede')}</p>
          </div>
          {restored ? (
            <RestoreList result={restored} />
          ) : (
            <button
              type="button"
              className="btn btn-secondary btn-large"
              disabled={busy}
              onClick={() => void wizard.restore(result.id)}
            >
              {busy ? t('app.done.restoring') : t('app.done.restore')}
            </button>
          )}
        </div>
      ) : null}
      <Actions>
        <button type="button" className="btn btn-ghost" onClick={() => wizard.showPage('history')}>
          {t('app.nav.history')}
        </button>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => void wizard.restart()}>
          {t('app.done.again')}
        </button>
      </Actions>
    </section>
  );
}
