import type { TargetId } from '../../../shared/types/core';
import { TARGET_IDS } from '../../../shared/types/core';
import { hostOf, providerName, toolName } from '../components/labels';
import { Actions, PageTitle, RadioCard } from '../components/ui';
import { useLang, useT } from '../i18n';
import {
  bestPerTarget,
  featuredPreset,
  formatMs,
  hasInvalidOverride,
  mirrorOptions,
  urlProblem,
  type Override,
} from '../wizard/logic';
import { useWizard, wizard } from '../wizard/store';

import { FirewallRules } from './FirewallRules';
import { ImportProfile } from './ImportProfile';
import { PoetryProject } from './PoetryProject';
import { PresetWarnings } from '../components/PresetWarnings';

export function Choose() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const info = useWizard((s) => s.info);
  const busy = useWizard((s) => s.busy === 'plan');
  const presets = info?.catalog.presets ?? [];
  const featured = featuredPreset(presets);
  const others = presets.filter((p) => p !== featured);
  return (
    <section className="page">
      <PageTitle lede={t('app.choose.lede')}>{t('app.choose.title')}</PageTitle>
      {featured ? (
        <div className="card hero">
          <div>
            <h2>{featured.name[lang]}</h2>
            <p>{featured.description[lang]}</p>
          </div>
          <button
            type="button"
            className="btn btn-primary btn-large"
            disabled={busy}
            onClick={() => void wizard.planPreset(featured.id)}
          >
            {t('app.choose.apply-preset', { name: featured.name[lang] })}
          </button>
        </div>
      ) : null}
      {others.length > 0 ? (
        <div className="preset-row">
          {others.map((p) => (
            <button
              key={p.id}
              type="button"
              className="btn btn-secondary"
              disabled={busy}
              onClick={() => void wizard.planPreset(p.id)}
            >
              {t('app.choose.apply-preset', { name: p.name[lang] })}
            </button>
          ))}
        </div>
      ) : null}
      <PresetWarnings presets={presets} />
      <ImportProfile busy={busy} />
      <PoetryProject busy={busy} />
      {info?.platform === 'win32' ? <EnvScope /> : null}
      <Fastest busy={busy} />
      <PerTool busy={busy} />
      <FirewallRules />
      <Actions>
        <button type="button" className="btn btn-ghost" onClick={() => wizard.goto('test')}>
          {t('app.action.back')}
        </button>
      </Actions>
    </section>
  );
}

function Fastest({ busy }: { busy: boolean }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const catalog = useWizard((s) => s.info?.catalog);
  const probe = useWizard((s) => s.probe);
  const best = bestPerTarget(Object.values(probe.results), probe.report?.best);
  const winners = TARGET_IDS.flatMap((id) => (best[id] ? [{ id, r: best[id] }] : []));
  return (
    <div className="card">
      <div className="card-head">
        <h2>{t('app.choose.fastest-title')}</h2>
        <button
          type="button"
          className="btn btn-secondary"
          disabled={busy || winners.length === 0}
          onClick={() => void wizard.planFastest()}
        >
          {t('app.choose.fastest-button')}
        </button>
      </div>
      {winners.length === 0 ? (
        <p className="muted">{t('app.choose.fastest-none')}</p>
      ) : (
        <ul className="winners">
          {winners.map(({ id, r }) => (
            <li key={id}>
              <strong>{toolName(t, id)}</strong>
              <span>{providerName(catalog, lang, r.provider)}</span>
              <span className="mirror-host">{hostOf(r.url)}</span>
              <span className="num">{formatMs(r.estimateMs ?? r.latencyMs)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PerTool({ busy }: { busy: boolean }) {
  const t = useT();
  const tools = useWizard((s) => s.tools) ?? [];
  const overrides = useWizard((s) => s.overrides);
  const chosen = Object.values(overrides).some((o) => o && o.mode !== 'keep' && o.url.trim() !== '');
  const invalid = hasInvalidOverride(overrides);
  return (
    <div className="card">
      <div className="card-head">
        <h2>{t('app.choose.custom-title')}</h2>
        <button
          type="button"
          className="btn btn-secondary"
          disabled={busy || !chosen || invalid}
          onClick={() => void wizard.planOverrides()}
        >
          {t('app.choose.custom-button')}
        </button>
      </div>
      <p className="muted">{t('app.choose.custom-lede')}</p>
      <div className="override-grid">
        {tools
          .filter((s) => s.detection.supported)
          .map((s) => (
            <OverrideRow key={s.target} target={s.target} value={overrides[s.target] ?? { mode: 'keep' }} />
          ))}
      </div>
    </div>
  );
}

function OverrideRow({ target, value }: { target: TargetId; value: Override }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const catalog = useWizard((s) => s.info?.catalog);
  const results = useWizard((s) => s.probe.results);
  const options = catalog ? mirrorOptions(catalog, target) : [];
  const tested = Object.values(results).filter((r) => r.target === target && !options.some((o) => o.url === r.url));
  const all = [...options, ...tested.map((r) => ({ provider: r.provider, url: r.url }))];
  const selectId = `override-${target}`;
  const errorId = `override-${target}-error`;
  // Said once the user has typed something: an empty field just opened is not yet a mistake.
  const problem = value.mode === 'custom' && value.url !== '' ? urlProblem(value.url) : null;
  const selected = value.mode === 'keep' ? 'keep' : value.mode === 'custom' ? 'custom' : value.url;
  const onSelect = (v: string): void => {
    if (v === 'keep') wizard.setOverride(target, { mode: 'keep' });
    else if (v === 'custom')
      wizard.setOverride(target, { mode: 'custom', url: value.mode === 'custom' ? value.url : '' });
    else wizard.setOverride(target, { mode: 'mirror', url: v, provider: all.find((o) => o.url === v)?.provider });
  };
  return (
    <div className="override-row">
      <label htmlFor={selectId}>{toolName(t, target)}</label>
      <select id={selectId} value={selected} onChange={(e) => onSelect(e.target.value)}>
        <option value="keep">{t('app.choose.keep')}</option>
        {all.map((o) => (
          <option key={o.url} value={o.url}>
            {`${providerName(catalog, lang, o.provider)} — ${hostOf(o.url)}`}
          </option>
        ))}
        <option value="custom">{t('app.choose.custom-url')}</option>
      </select>
      {value.mode === 'custom' ? (
        <div className="field">
          <input
            type="url"
            aria-label={t('app.choose.custom-url-label', { tool: toolName(t, target) })}
            aria-invalid={problem !== null}
            aria-describedby={problem ? errorId : undefined}
            placeholder="https://"
            value={value.url}
            spellCheck={false}
            onChange={(e) => wizard.setOverride(target, { mode: 'custom', url: e.target.value })}
          />
          {problem ? (
            <p id={errorId} className="field-error" role="alert">
              {t(problem)}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Windows only: where the settings go (the tools' own files, or user / machine environment variables). */
function EnvScope() {
  const t = useT();
  const scope = useWizard((s) => s.envScope);
  return (
    <RadioCard
      legend={t('app.choose.scope-title')}
      name="env-scope"
      options={(['file', 'user', 'machine'] as const).map((s) => ({ value: s, label: t(`app.choose.scope-${s}`) }))}
      value={scope}
      onChange={wizard.setEnvScope}
    >
      <p className="muted">{t('app.choose.scope-hint')}</p>
    </RadioCard>
  );
}
