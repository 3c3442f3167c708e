import { useT } from '../i18n';
import { useWizard } from '../wizard/store';

import { ComplianceStatus } from './ComplianceStatus';
import { Badge, Note } from './ui';

/**
 * Policy is present (issue 18): say so, and name the tools the organization locked. The command line refuses
 * to change those (exit 2); `mirrorkit apply --from-policy` is how they are configured. Below it, the periodic
 * compliance check's latest result.
 */
export function ManagedBanner() {
  const t = useT();
  const managed = useWizard((s) => s.info?.managed);
  if (!managed) return null;
  return (
    <div className="managed-banner" role="note" style={{ marginBottom: '1rem' }}>
      <Note tone="info">
        <strong>{t('app.managed.title')}</strong>{' '}
        {managed.locked.length > 0 ? (
          <>
            {t('app.managed.locked')}{' '}
            {managed.locked.map((id) => (
              <span key={id} style={{ marginRight: '0.35rem' }}>
                <Badge tone="muted" title={t('app.managed.badge-title')}>
                  🔒 {id}
                </Badge>
              </span>
            ))}
          </>
        ) : (
          t('app.managed.none-locked')
        )}
      </Note>
      <ComplianceStatus />
    </div>
  );
}
