import type { RestoreResult } from '../../../shared/types/core';
import { useT } from '../i18n';

import { Note } from './ui';

/** What a restore did, file by file. */
export function RestoreList({ result }: { result: RestoreResult }) {
  const t = useT();
  const tone = result.status === 'restored' ? 'ok' : result.status === 'partial' ? 'warn' : 'bad';
  return (
    <div className="restore-result" role="status">
      <Note tone={tone}>
        <strong>{t(`app.restore-status.${result.status}`)}</strong>
      </Note>
      <ul className="restored">
        {result.restored.map((r, i) => (
          <li key={i}>
            <code className="path">{r.name}</code> <span className="muted">{t(`app.restore-action.${r.action}`)}</span>
          </li>
        ))}
      </ul>
      {result.conflicts.length > 0 ? (
        <ul className="warnings">
          {result.conflicts.map((c, i) => (
            <li key={i}>{t(c.message)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
