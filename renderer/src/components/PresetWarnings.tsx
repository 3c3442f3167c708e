import type { Preset } from '../../../shared/catalog/schema';
import { useLang, useT } from '../i18n';
import { presetFailures } from '../wizard/conclude';
import { useWizard } from '../wizard/store';

import { providerName, toolName } from './labels';

/** Before a preset is chosen: which of its mirrors failed this network's speed test, if any was run. */
export function PresetWarnings({ presets }: { presets: readonly Preset[] }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const catalog = useWizard((s) => s.info?.catalog);
  const results = useWizard((s) => s.probe.results);
  if (!catalog) return null;
  const list = Object.values(results);
  const warnings = presets.flatMap((p) => {
    const failed = presetFailures(p.choose, list, catalog);
    return failed.length > 0 ? [{ preset: p, failed }] : [];
  });
  if (warnings.length === 0) return null;
  return (
    <ul className="preset-warnings" role="note">
      {warnings.map(({ preset, failed }) => (
        <li key={preset.id} data-preset={preset.id}>
          {t('app.choose.preset-failed', {
            name: preset.name[lang],
            tools: failed
              .map((f) => `${toolName(t, f.target)} (${providerName(catalog, lang, f.provider)})`)
              .join(lang === 'zh-CN' ? '、' : ', '),
          })}
        </li>
      ))}
    </ul>
  );
}
