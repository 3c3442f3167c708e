import { useEffect } from 'react';

import type { HistoryEntry } from '../../../shared/types/core';
import { RestoreList } from '../components/RestoreList';
import { formatDate, planLabel, toolName } from '../components/labels';
import { Badge, ErrorNote, PageTitle, Spinner, type Tone } from '../components/ui';
import { history, useHistory } from '../history/store';
import { useLang, useT } from '../i18n';
import { useWizard } from '../wizard/store';

const TONE: Record<HistoryEntry['status'], Tone> = {
  applied: 'ok',
  partial: 'warn',
  failed: 'bad',
  'verify-failed': 'bad',
  'needs-elevation': 'warn',
  'dry-run': 'muted',
  'nothing-to-do': 'muted',
};

export function History() {
  const t = useT();
  const { entries, loading, error, last } = useHistory();
  useEffect(() => {
    void history.load();
  }, []);
  return (
    <section className="page">
      <PageTitle lede={t('app.history.lede')}>{t('app.history.title')}</PageTitle>
      {error ? <ErrorNote error={error} onDismiss={history.dismissError} /> : null}
      {loading && !entries ? <Spinner label={t('app.history.loading')} /> : null}
      {entries && entries.length === 0 ? <p className="empty">{t('app.history.empty')}</p> : null}
      {entries && entries.length > 0 ? (
        <ol className="history-list">
          {entries.map((e) => (
            <Entry key={e.id} entry={e} />
          ))}
        </ol>
      ) : null}
      {last ? (
        <div className="card">
          <h2>{t('app.history.restored-title')}</h2>
          <RestoreList result={last.result} />
        </div>
      ) : null}
    </section>
  );
}

function Entry({ entry }: { entry: HistoryEntry }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const restoring = useHistory((s) => s.restoring);
  const catalog = useWizard((s) => s.info?.catalog);
  const restorable = !entry.restoredAt && entry.status !== 'dry-run' && entry.status !== 'nothing-to-do';
  return (
    <li className="card history-entry" data-id={entry.id}>
      <div className="history-main">
        <time dateTime={entry.createdAt}>{formatDate(lang, entry.createdAt)}</time>
        <strong className="history-label">{planLabel(t, lang, catalog, entry.label)}</strong>
        <span className="muted">{entry.targets.map((id) => toolName(t, id)).join(' · ')}</span>
      </div>
      <div className="history-side">
        <Badge tone={TONE[entry.status]}>{t(`app.apply-status.${entry.status}`)}</Badge>
        {entry.restoredAt ? (
          <Badge tone="muted">{t('app.history.restored-at', { date: formatDate(lang, entry.restoredAt) })}</Badge>
        ) : null}
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={!restorable || restoring !== null}
          aria-label={t('app.history.restore-label', { date: formatDate(lang, entry.createdAt) })}
          onClick={() => void history.restore(entry.id)}
        >
          {restoring === entry.id ? t('app.done.restoring') : t('app.history.restore')}
        </button>
      </div>
    </li>
  );
}
