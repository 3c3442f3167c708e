import { useShallow } from 'zustand/react/shallow';

import { useT } from '../i18n';
import { canVisit, STEPS } from '../wizard/logic';
import { useWizard, wizard } from '../wizard/store';

/** The six steps, as an ordered list of buttons; the ones that cannot be visited yet are disabled. */
export function Stepper() {
  const t = useT();
  const step = useWizard((s) => s.step);
  const progress = useWizard(
    useShallow((s) => ({ detected: s.tools !== null, planned: s.plan !== null, applied: s.result !== null })),
  );
  const current = STEPS.indexOf(step);
  return (
    <nav className="stepper" aria-label={t('app.steps.label')}>
      <ol>
        {STEPS.map((s, i) => {
          const state = i < current ? 'past' : i === current ? 'current' : 'future';
          return (
            <li key={s} className={`step step-${state}`}>
              <button
                type="button"
                aria-current={state === 'current' ? 'step' : undefined}
                disabled={state !== 'current' && !canVisit(s, progress)}
                onClick={() => wizard.goto(s)}
              >
                <span className="step-num" aria-hidden="true">
                  {state === 'past' ? '✓' : i + 1}
                </span>
                <span className="step-name">{t(`app.step.${s}`)}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
