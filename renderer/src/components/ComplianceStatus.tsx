import { useEffect, useState } from 'react';

import type { ComplianceCheck } from '../../../shared/ipc/compliance';
import { api } from '../bridge';
import { useLang, useT } from '../i18n';

import { complianceView } from './compliance-view';
import { MessageText } from './MessageText';
import { Badge, Note } from './ui';

/**
 * The periodic compliance check's latest result (CheckIntervalHours policy), inside the managed banner. Main
 * checks on its own schedule and pushes each result; the page asks once for the one it may have missed.
 */
export function ComplianceStatus() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const [check, setCheck] = useState<ComplianceCheck | null>(null);
  useEffect(() => {
    let live = true;
    const off = api().onCompliance((c) => setCheck(c));
    void api()
      .compliance()
      .then((r) => {
        // An event that came first is newer than this answer.
        if (live && r.ok && r.value) setCheck((cur) => cur ?? r.value);
      });
    return () => {
      live = false;
      off();
    };
  }, []);
  if (!check) return null;
  const v = complianceView(check, (iso) => new Date(iso).toLocaleString(lang));
  return (
    <div className="compliance-status" data-verdict={check.verdict} style={{ marginTop: '0.5rem' }}>
      <Note tone={v.tone}>
        {t(v.line)}{' '}
        {v.tools.map((x) => (
          <span key={x.target} style={{ marginRight: '0.35rem' }}>
            <Badge tone="muted">
              {t(`app.tool.${x.target}`)}: {t(`check.state.${x.state}`)}
            </Badge>
          </span>
        ))}
        {v.error ? <MessageText msg={v.error} /> : null}
        {v.command ? (
          <>
            {' '}
            {t('app.compliance.apply-hint')} <code className="command">{v.command}</code>
          </>
        ) : null}
      </Note>
    </div>
  );
}
