import { useLang, useT } from '../i18n';
import { featuredPreset } from '../wizard/logic';
import { useWizard, wizard } from '../wizard/store';

import { PresetWarnings } from './PresetWarnings';
import { Spinner } from './ui';

/**
 * The first screen's one click: the recommended preset as the page's main button, the other presets one step
 * away. Planning shows its progress here, in place, rather than greying the page.
 */
export function OneClick() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const presets = useWizard((s) => s.info?.catalog.presets) ?? [];
  const tools = useWizard((s) => s.tools);
  const busy = useWizard((s) => s.busy);
  const featured = featuredPreset(presets);
  if (!featured) return null;
  const others = presets.filter((p) => p !== featured);
  const disabled = tools === null || busy === 'plan';
  return (
    <div className="card hero oneclick" aria-busy={busy === 'plan'}>
      <div>
        <p className="hero-kicker">{t('app.oneclick.title')}</p>
        <h2>{featured.name[lang]}</h2>
        <p>{featured.description[lang]}</p>
        <p className="hero-hint">{t('app.oneclick.hint')}</p>
        <PresetWarnings presets={presets} />
      </div>
      <div className="oneclick-side">
        <button
          type="button"
          className="btn btn-primary btn-large"
          data-action="one-click"
          disabled={disabled}
          onClick={() => void wizard.planPreset(featured.id)}
        >
          {t('app.oneclick.button', { name: featured.name[lang] })}
        </button>
        {busy === 'plan' ? <Spinner label={t('app.plan.busy')} /> : null}
        {others.length > 0 ? (
          <details className="other-presets">
            <summary>{t('app.oneclick.others')}</summary>
            <div className="preset-row">
              {others.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  className="btn btn-secondary btn-small"
                  disabled={disabled}
                  onClick={() => void wizard.planPreset(p.id)}
                >
                  {t('app.oneclick.other-button', { name: p.name[lang] })}
                </button>
              ))}
            </div>
          </details>
        ) : null}
      </div>
    </div>
  );
}
