import { LANGS } from '../../shared/i18n';
import { ManagedBanner } from './components/ManagedBanner';
import { Stepper } from './components/Stepper';
import { ErrorNote } from './components/ui';
import { setLang, useLang, useT } from './i18n';
import { Apply } from './pages/Apply';
import { Choose } from './pages/Choose';
import { Detect } from './pages/Detect';
import { Done } from './pages/Done';
import { History } from './pages/History';
import { Review } from './pages/Review';
import { Test } from './pages/Test';
import { useWizard, wizard } from './wizard/store';

const LANG_NAMES = { en: 'English', 'zh-CN': '中文' } as const;

export function App() {
  const t = useT();
  const page = useWizard((s) => s.page);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skip-to-content')}
      </a>
      <header className="topbar">
        <div className="brand">
          <Logo />
          <span className="brand-name">MirrorKit</span>
          <span className="brand-sub">{t('app.tagline')}</span>
        </div>
        <nav className="nav" aria-label={t('app.nav.label')}>
          <button
            type="button"
            aria-current={page === 'wizard' ? 'page' : undefined}
            onClick={() => wizard.showPage('wizard')}
          >
            {t('app.nav.wizard')}
          </button>
          <button
            type="button"
            aria-current={page === 'history' ? 'page' : undefined}
            onClick={() => wizard.showPage('history')}
          >
            {t('app.nav.history')}
          </button>
        </nav>
        <LangSwitch />
      </header>
      {page === 'wizard' ? (
        <Wizard />
      ) : (
        <div className="scroll">
          <main id="main" className="main">
            <History />
          </main>
        </div>
      )}
    </div>
  );
}

function Wizard() {
  const step = useWizard((s) => s.step);
  const error = useWizard((s) => s.error);
  return (
    <>
      <Stepper />
      <div className="scroll">
        <main id="main" className="main">
          <ManagedBanner />
          {error ? <ErrorNote error={error} onDismiss={wizard.dismissError} /> : null}
          {step === 'detect' ? <Detect /> : null}
          {step === 'test' ? <Test /> : null}
          {step === 'choose' ? <Choose /> : null}
          {step === 'review' ? <Review /> : null}
          {step === 'apply' ? <Apply /> : null}
          {step === 'done' ? <Done /> : null}
        </main>
      </div>
    </>
  );
}

function LangSwitch() {
  const t = useT();
  const lang = useLang((s) => s.lang);
  return (
    <div className="lang" role="group" aria-label={t('app.lang.label')}>
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={lang === l} onClick={() => setLang(l)}>
          {LANG_NAMES[l]}
        </button>
      ))}
    </div>
  );
}

function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path
        d="M8 22V10l8 7 8-7v12"
        fill="none"
        stroke="#fff"
        strokeWidth="2.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
