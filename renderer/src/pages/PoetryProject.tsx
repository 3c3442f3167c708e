import { useState } from 'react';

import type { Message } from '../../../shared/types/core';
import { ErrorNote } from '../components/ui';
import { useT } from '../i18n';
import { useWizard, wizard } from '../wizard/store';

/**
 * The Choose page's "Poetry project" card. Poetry has no user-level mirror, only each project's pyproject.toml,
 * so the user names the project: the desktop app opens the system's folder dialog (main opens it; the page
 * never names a folder there), the harness in a browser takes a typed path. Main checks the folder either way
 * and every plan made on this page then carries it.
 */
export function PoetryProject({ busy }: { busy: boolean }) {
  const t = useT();
  const shell = useWizard((s) => s.info?.shell);
  const project = useWizard((s) => s.project);
  const [typed, setTyped] = useState('');
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<Message | null>(null);

  const pick = async (path?: string): Promise<void> => {
    setChecking(true);
    setProblem(null);
    setProblem(await wizard.pickProject(path));
    setChecking(false);
  };
  const problemId = 'poetry-project-error';
  return (
    <div className="card poetry-project">
      <h2>{t('app.project.title')}</h2>
      <p className="muted">{t('app.project.lede')}</p>
      {shell === 'electron' ? (
        <button type="button" className="btn btn-secondary" disabled={busy || checking} onClick={() => void pick()}>
          {t('app.project.choose')}
        </button>
      ) : (
        <form
          className="field"
          onSubmit={(e) => {
            e.preventDefault();
            void pick(typed.trim());
          }}
        >
          <label htmlFor="poetry-project-path">{t('app.project.path')}</label>
          <input
            id="poetry-project-path"
            type="text"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={problem !== null}
            aria-describedby={problem ? problemId : undefined}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit" className="btn" disabled={busy || checking || typed.trim() === ''}>
            {t('app.project.use')}
          </button>
        </form>
      )}
      {problem ? (
        <div id={problemId}>
          <ErrorNote error={problem} />
        </div>
      ) : null}
      {project ? (
        <div className="project-chosen">
          <p>
            <strong>{t('app.project.chosen', { dir: project.dir })}</strong>
          </p>
          <p className="muted">{t('app.project.file', { file: project.file })}</p>
          <button type="button" className="btn btn-ghost btn-small" onClick={wizard.clearProject}>
            {t('app.project.remove')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
