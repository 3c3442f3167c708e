import { useState } from 'react';

import type { TargetId } from '../../../shared/types/core';
import { toolName } from '../components/labels';
import { Note } from '../components/ui';
import { useT } from '../i18n';
import { useWizard, wizard } from '../wizard/store';

/** The firewall's own bounds; the core checks again, as it checks a profile's rules. */
function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : null;
}

/**
 * Inbound firewall rules for a local or LAN cache a tool uses (a registry cache, devpi…): the wizard's twin of a
 * profile's `firewall` entries. They ride along with whichever plan the user makes next.
 */
export function FirewallRules() {
  const t = useT();
  const info = useWizard((s) => s.info);
  const tools = (useWizard((s) => s.tools) ?? []).filter((s) => s.detection.supported).map((s) => s.target);
  const rules = useWizard((s) => s.firewall);
  const [target, setTarget] = useState<TargetId | ''>('');
  const [port, setPort] = useState('');
  const [protocol, setProtocol] = useState<'TCP' | 'UDP'>('TCP');
  const [lan, setLan] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const tool = target || tools[0];
  // Checked as it is typed, beside the field; the Add button waits for a valid port.
  const portBad = port.trim() !== '' && parsePort(port) === null;

  const add = (): void => {
    const n = parsePort(port);
    if (!tool || n === null) return setProblem(t('app.choose.firewall-bad-port'));
    const added = wizard.addFirewallRule({
      target: tool,
      port: n,
      protocol,
      ...(lan ? { remoteAddress: 'LocalSubnet' } : {}),
    });
    setProblem(added ? null : t('app.choose.firewall-duplicate'));
    if (added) setPort('');
  };

  return (
    <details className="card firewall" open={rules.length > 0}>
      <summary>
        <h2>{t('app.choose.firewall-title')}</h2>
      </summary>
      <p className="muted">{t('app.choose.firewall-lede')}</p>
      {info && info.platform !== 'win32' ? <Note tone="muted">{t('app.choose.firewall-windows-only')}</Note> : null}
      <form
        className="firewall-form"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label>
          {t('app.choose.firewall-tool')}
          <select value={tool ?? ''} onChange={(e) => setTarget(e.target.value as TargetId)}>
            {tools.map((id) => (
              <option key={id} value={id}>
                {toolName(t, id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('app.choose.firewall-port')}
          <input
            type="text"
            inputMode="numeric"
            className="port"
            value={port}
            placeholder="5000"
            onChange={(e) => {
              setPort(e.target.value);
              setProblem(null);
            }}
            aria-invalid={portBad}
            aria-describedby={portBad ? 'firewall-port-error' : undefined}
          />
          {portBad ? (
            <span id="firewall-port-error" className="field-error" role="alert">
              {t('app.choose.firewall-bad-port')}
            </span>
          ) : null}
        </label>
        <label>
          {t('app.choose.firewall-protocol')}
          <select value={protocol} onChange={(e) => setProtocol(e.target.value as 'TCP' | 'UDP')}>
            <option value="TCP">TCP</option>
            <option value="UDP">UDP</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={lan} onChange={(e) => setLan(e.target.checked)} />
          {t('app.choose.firewall-lan')}
        </label>
        <button type="submit" className="btn btn-secondary" disabled={!tool || port.trim() === '' || portBad}>
          {t('app.choose.firewall-add')}
        </button>
      </form>
      {problem ? (
        <p className="tool-error" role="alert">
          {problem}
        </p>
      ) : null}
      {rules.length > 0 ? (
        <>
          <ul className="firewall-list">
            {rules.map((r, i) => (
              <li key={`${r.target}-${r.port}-${r.protocol ?? 'TCP'}`}>
                <span>
                  {t('app.choose.firewall-item', {
                    tool: toolName(t, r.target),
                    protocol: r.protocol ?? 'TCP',
                    port: r.port,
                  })}
                </span>
                <span className="muted">
                  {t(r.remoteAddress ? 'app.choose.firewall-item-lan' : 'app.choose.firewall-item-any')}
                </span>
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  aria-label={t('app.choose.firewall-remove', { tool: toolName(t, r.target), port: r.port })}
                  onClick={() => wizard.removeFirewallRule(i)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <p className="muted">{t('app.choose.firewall-applies')}</p>
        </>
      ) : null}
    </details>
  );
}
