import { useRef, useState, type ChangeEvent } from 'react';

import { MAX_IMPORT_SIGNATURE, MAX_IMPORT_TEXT, type ProfileInspection } from '../../../shared/profile/inspection';
import type { Message } from '../../../shared/types/core';
import { api } from '../bridge';
import { hostOf, formatDate, providerName, toolName } from '../components/labels';
import { Badge, ErrorNote } from '../components/ui';
import { useLang, useT } from '../i18n';
import { wizard, useWizard } from '../wizard/store';

interface Picked {
  name: string;
  text: string;
}

/** A file's text, or the reason it cannot be used (too large for main to accept, or unreadable). */
async function readPicked(e: ChangeEvent<HTMLInputElement>, max: number): Promise<Picked | Message | null> {
  const file = e.target.files?.[0];
  if (!file) return null;
  if (file.size > max) return { code: 'app.profile.too-large', params: { name: file.name, max } };
  try {
    return { name: file.name, text: await file.text() };
  } catch {
    return { code: 'app.profile.unreadable', params: { name: file.name } };
  }
}

const isPicked = (v: Picked | Message | null): v is Picked => v !== null && 'text' in v;

/**
 * The Choose page's "Import a profile…" card. Main checks the profile against the organization's keys and says
 * what it sets; "Use this profile" plans it, and main checks it once more then (this page's verdict is only shown).
 */
export function ImportProfile({ busy }: { busy: boolean }) {
  const t = useT();
  const [profile, setProfile] = useState<Picked | null>(null);
  const [signature, setSignature] = useState<Picked | null>(null);
  const [seen, setSeen] = useState<ProfileInspection | null>(null);
  const [problem, setProblem] = useState<Message | null>(null);

  // Only the latest pick's answer is shown: an older inspection that returns late is dropped.
  const latest = useRef(0);

  const inspect = async (p: Picked | null, sig: Picked | null): Promise<void> => {
    setProfile(p);
    setSignature(sig);
    setSeen(null);
    const n = ++latest.current;
    if (!p) return;
    const r = await api().inspectProfile({ name: p.name, text: p.text, ...(sig ? { signature: sig.text } : {}) });
    if (n !== latest.current) return;
    if (r.ok) setSeen(r.value);
    else setProblem(r.error);
  };
  const onPick = async (which: 'profile' | 'signature', e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const got = await readPicked(e, which === 'profile' ? MAX_IMPORT_TEXT : MAX_IMPORT_SIGNATURE);
    setProblem(got !== null && !isPicked(got) ? got : null);
    const value = isPicked(got) ? got : null;
    await (which === 'profile' ? inspect(value, signature) : inspect(profile, value));
  };
  const usable = seen !== null && seen.trust.state !== 'refused' && profile !== null;
  return (
    <div className="card profile-import">
      <h2>{t('app.profile.title')}</h2>
      <p className="muted">{t('app.profile.lede')}</p>
      <div className="field">
        <label htmlFor="profile-file">{t('app.profile.file')}</label>
        <input
          id="profile-file"
          type="file"
          accept=".json,application/json"
          onChange={(e) => void onPick('profile', e)}
        />
      </div>
      <div className="field">
        <label htmlFor="profile-signature">{t('app.profile.signature')}</label>
        <input id="profile-signature" type="file" accept=".minisig" onChange={(e) => void onPick('signature', e)} />
      </div>
      {problem ? <ErrorNote error={problem} /> : null}
      {seen ? <Verdict seen={seen} /> : null}
      {usable ? (
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() =>
            void wizard.planProfile({
              name: profile.name,
              text: profile.text,
              ...(signature ? { signature: signature.text } : {}),
            })
          }
        >
          {t('app.profile.use')}
        </button>
      ) : null}
    </div>
  );
}

function Verdict({ seen }: { seen: ProfileInspection }) {
  const t = useT();
  const lang = useLang((s) => s.lang);
  const catalog = useWizard((s) => s.info?.catalog);
  const trust = seen.trust;
  if (trust.state === 'refused') {
    return (
      <div className="profile-verdict" data-state="refused">
        <Badge tone="bad">{t('app.profile.refused')}</Badge>
        <p role="alert">{t(trust.reason)}</p>
      </div>
    );
  }
  return (
    <div className="profile-verdict" data-state={trust.state}>
      {trust.state === 'signed' ? (
        <Badge tone="ok">{t('app.profile.signed', { key: trust.keyId })}</Badge>
      ) : (
        <Badge tone="warn">{t('app.profile.unsigned')}</Badge>
      )}
      {trust.state === 'unsigned' && trust.signatureUnchecked ? (
        <p className="muted">{t('app.profile.unchecked')}</p>
      ) : null}
      <ul className="muted profile-facts">
        {trust.state === 'signed' && trust.trustedComment ? (
          <li>{t('app.profile.comment', { comment: trust.trustedComment })}</li>
        ) : null}
        {trust.serial !== undefined ? <li>{t('app.profile.serial', { serial: trust.serial })}</li> : null}
        {trust.expires ? <li>{t('app.profile.expires', { date: formatDate(lang, trust.expires) })}</li> : null}
      </ul>
      <p>{t(seen.targets.length > 0 ? 'app.profile.sets' : 'app.profile.sets-none')}</p>
      <ul className="winners">
        {seen.targets.map((s) => (
          <li key={s.target}>
            <strong>{toolName(t, s.target)}</strong>
            <span>{s.provider ? providerName(catalog, lang, s.provider) : ''}</span>
            <span className="mirror-host">{s.urls.map(hostOf).join(', ')}</span>
          </li>
        ))}
        {seen.caCount > 0 ? <li>{t('app.profile.ca', { count: seen.caCount })}</li> : null}
        {seen.proxy ? <li>{t('app.profile.proxy')}</li> : null}
      </ul>
    </div>
  );
}
