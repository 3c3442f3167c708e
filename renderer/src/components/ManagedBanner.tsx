import { useT } from '../i18n';
import { useWizard } from '../wizard/store';

import { Badge, Note } from './ui';

/**
 * Policy is present (issue 18): say so, and name the tools the organization locked. The command line refuses
 * to change those (exit 2); `mirrorkit apply --from-policy` is how they are configured.
 */
export function ManagedBanner() {
  const t = useT();
  const managed = useWizard((s) => s.info?.managed);
  if (!managed) return null;
  return (
    <div className="managed-banner" role="note">
      <Note tone="info">
        <strong>{t('app.managed.title')}</strong>{' '}
        {managed.locked.length > 0 ? (
          <>
            {t('app.managed.locked')}{' '}
            {managed.locked.map((id) => (
              <Badge key={id} tone="muted" title={t('app.managed.badge-title')}>
                🔒 {id}
              </Badge>
            ))}
          </>
        ) : (
          t('app.managed.none-locked')
        )}
      </Note>
    </div>
  );
}
