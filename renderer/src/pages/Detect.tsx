import { useState } from 'react';

import { TARGET_SPEC } from '../../../shared/targets';
import { TOOL_FAMILIES } from '../../../shared/targets/define';
import type { ToolStatus } from '../../../shared/types/api';
import { MessageText } from '../components/MessageText';
import { providerName, originText, toolName } from '../components/labels';
import { OneClick } from '../components/OneClick';
import { Actions, Badge, PageTitle, Source, Spinner } from '../components/ui';
import { useLang, useT } from '../i18n';
import { probeTargets } from '../wizard/logic';
import { useWizard, wizard } from '../wizard/store';

export function Detect() {
  const t = useT();
  const tools = useWizard((s) => s.tools);
  const busy = useWizard((s) => s.busy === 'detect');
  const canTest = tools !== null && probeTargets(tools).length > 0;
  return (
    <section className="page" aria-labelledby="detect-title">
      <PageTitle lede={t('app.detect.lede')}>{t('app.detect.title')}</PageTitle>
      <OneClick />
      {busy && tools === null ? <Spinner label={t('app.detect.busy')} /> : null}
      {tools ? <ToolList tools={tools} busy={busy} /> : null}
      <Actions>
        <button type="button" className="btn btn-ghost" onClick={() => void wizard.detect()} disabled={busy}>
          {busy ? t('app.detect.busy') : t('app.detect.rescan')}
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => wizard.goto('choose')}
          disabled={tools === null}
        >
          {t('app.detect.skip-test')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => void wizard.testSpeed()} disabled={!canTest}>
          {t('app.detect.next')}
        </button>
      </Actions>
    </section>
  );
}

/** A tool the user has, or has settings for, or whose settings need attention: shown without asking. */
function isRelevant(tool: ToolStatus): boolean {
  return tool.detection.installed || Boolean(tool.reading?.value) || tool.error !== undefined;
}

/** The tools by family (Python, JavaScript, Java …); the ones not on this computer one click away. */
function ToolList({ tools, busy }: { tools: ToolStatus[]; busy: boolean }) {
  const t = useT();
  const [showAll, setShowAll] = useState(false);
  const hidden = tools.filter((tool) => !isRelevant(tool)).length;
  const shown = showAll ? tools : tools.filter(isRelevant);
  const groups = TOOL_FAMILIES.map((family) => ({
    family,
    list: shown.filter((tool) => TARGET_SPEC[tool.target].family === family),
  })).filter((g) => g.list.length > 0);
  return (
    <div aria-busy={busy}>
      {groups.map(({ family, list }) => (
        <section key={family} className="tool-family" data-family={family}>
          <h2 className="family-title">{t(`app.family.${family}`)}</h2>
          <ul className="tool-grid">
            {list.map((tool) => (
              <ToolCard key={tool.target} tool={tool} />
            ))}
          </ul>
        </section>
      ))}
      {hidden > 0 ? (
        <button type="button" className="btn btn-ghost show-all" onClick={() => setShowAll(!showAll)}>
          {showAll ? t('app.detect.show-found') : t('app.detect.show-all', { count: tools.length, hidden })}
        </button>
      ) : null}
    </div>
  );
}

function ToolCard({ tool }: { tool: ToolStatus }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const catalog = useWizard((s) => s.info?.catalog);
  const { detection, reading, error } = tool;
  const state = !detection.supported
    ? { tone: 'muted' as const, text: t('app.detect.not-supported') }
    : detection.installed
      ? detection.versionPending
        ? { tone: 'muted' as const, text: t('app.detect.checking') }
        : {
            tone: 'ok' as const,
            text: detection.version
              ? t('app.detect.installed-version', { version: detection.version })
              : t('app.detect.installed'),
          }
      : { tone: 'muted' as const, text: t('app.detect.not-installed') };
  const status = reading?.match?.status;
  return (
    <li
      className={`card tool-card${detection.supported ? '' : ' is-dim'}`}
      data-target={tool.target}
      data-pending={detection.versionPending ? 'true' : undefined}
    >
      <div className="card-head">
        <h2>{toolName(t, tool.target)}</h2>
        <Badge tone={state.tone}>{state.text}</Badge>
      </div>
      {reading ? (
        <dl className="facts">
          <dt>{t('app.detect.source')}</dt>
          <dd>
            <Source value={reading.value} />
            {reading.match ? (
              <span className="provider">
                {providerName(catalog, lang, reading.match.provider)}
                {status && status !== 'active' ? <Badge tone="bad">{t(`app.mirror-status.${status}`)}</Badge> : null}
              </span>
            ) : null}
          </dd>
          <dt>{t('app.detect.from')}</dt>
          <dd className="origin">{originText(t, reading.origin)}</dd>
        </dl>
      ) : null}
      {reading && reading.warnings.length > 0 ? (
        <ul className="warnings">
          {reading.warnings.map((w, i) => (
            <li key={i}>
              <MessageText msg={w} />
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="tool-error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </li>
  );
}
