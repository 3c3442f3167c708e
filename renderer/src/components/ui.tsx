import { useEffect, useRef, type ReactNode } from 'react';

import type { Message } from '../../../shared/types/core';
import { useT } from '../i18n';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted';

export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** A page heading that takes focus when the page appears, so keyboard and screen-reader users land on it. */
export function PageTitle({ children, lede }: { children: ReactNode; lede?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="page-head">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {lede ? <p className="lede">{lede}</p> : null}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div className="spinner" role="status">
      <span className="spinner-dot" aria-hidden="true" />
      {label}
    </div>
  );
}

/** A core or transport error, as a sentence in the user's language. */
export function ErrorNote({ error, onDismiss }: { error: Message; onDismiss?: () => void }) {
  const t = useT();
  return (
    <div className="note note-bad" role="alert">
      <span className="note-icon" aria-hidden="true">
        !
      </span>
      <p>{t(error)}</p>
      {onDismiss ? (
        <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
          {t('app.action.dismiss')}
        </button>
      ) : null}
    </div>
  );
}

export function Note({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <div className={`note note-${tone}`}>
      <span className="note-icon" aria-hidden="true">
        {tone === 'ok' ? '✓' : tone === 'info' ? 'i' : '!'}
      </span>
      <div>{children}</div>
    </div>
  );
}

/** The row of buttons at the bottom of a page. */
export function Actions({ children }: { children: ReactNode }) {
  return <div className="actions">{children}</div>;
}

/** A mirror value, or the tool's built-in default when null. */
export function Source({ value }: { value: string | null }) {
  const t = useT();
  return value === null ? (
    <span className="muted">{t('app.source.default')}</span>
  ) : (
    <code className="url">{value}</code>
  );
}

/** A card of radio buttons for one setting (where settings are saved, what a declined prompt leaves). */
export function RadioCard<V extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  children,
}: {
  legend: ReactNode;
  name: string;
  options: readonly { value: V; label: ReactNode }[];
  value: V;
  onChange: (v: V) => void;
  children?: ReactNode;
}) {
  return (
    <fieldset className="card scope">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="scope-option">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          {o.label}
        </label>
      ))}
      {children}
    </fieldset>
  );
}
