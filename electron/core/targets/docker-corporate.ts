import type { Change, CorporateSetting, Message } from '../../../shared/types/core';
import { plannedText } from '../corporate/file';
import type { CorporatePart } from '../corporate/types';
import { withPath } from '../edit/errors';
import { jsonParseStrict, jsonSet } from '../edit/json';
import { sha256 } from '../fsx/hash';
import { homeDir, pathApi, systemPath, xdgConfigHome } from '../platform/paths';

import { readText } from './common';
import { dockerDaemonFile, type DaemonFile } from './docker';
import { writeFile } from './plan-helpers';

/** The daemon's certificate folder: /etc/docker/certs.d, the rootless engine's, or Docker Desktop's in the home. */
function certsDir(ctx: Parameters<CorporatePart['plan']>[0], f: DaemonFile): string {
  const p = pathApi(ctx);
  if (f.desktop) return p.join(homeDir(ctx), '.docker', 'certs.d');
  return f.admin ? systemPath(ctx, '/etc/docker/certs.d') : p.join(xdgConfigHome(ctx), 'docker', 'certs.d');
}

const digest = (text: string | null): string | null => (text === null ? null : `sha256:${sha256(text).slice(0, 16)}`);

/**
 * Docker: the company's CA as `certs.d/<mirror host>/ca.crt` for each mirror (the daemon adds it to the system
 * roots for that registry), and `proxies` (http-proxy, https-proxy, no-proxy) in daemon.json, read by dockerd 23
 * and later when it starts. Docker Desktop takes its proxy from its own settings: the plan says so.
 */
export const dockerCorporate: CorporatePart = {
  async plan(ctx, tp, wanted) {
    const f = await dockerDaemonFile(ctx);
    const changes: Change[] = [];
    const warnings: Message[] = [];
    const settings: CorporateSetting[] = [];
    const p = pathApi(ctx);
    if (wanted.ca) {
      const hosts = (tp.after ?? '')
        .split(' ')
        .filter(Boolean)
        .map((u) => new URL(u).host);
      for (const host of [...new Set(hosts)]) {
        const file = p.join(certsDir(ctx, f), host, 'ca.crt');
        const now = await readText(file);
        settings.push({
          key: `certs.d/${host}/ca.crt`,
          path: file,
          actual: digest(now),
          expected: digest(wanted.ca.certsFile.text),
        });
        changes.push(writeFile('docker', file, now, wanted.ca.certsFile.text, f.admin));
      }
    }
    if (wanted.proxy && f.desktop)
      warnings.push({ code: 'corp.docker-desktop-proxy', params: { proxy: wanted.proxy.https } });
    else if (wanted.proxy) {
      const { before, text } = await plannedText(tp, f.path);
      const proxies = {
        'http-proxy': wanted.proxy.http,
        'https-proxy': wanted.proxy.https,
        ...(wanted.proxy.noProxy.length > 0 ? { 'no-proxy': wanted.proxy.noProxy.join(',') } : {}),
      };
      let after: string;
      let actual: unknown;
      try {
        actual = before === null ? undefined : (jsonParseStrict(before) as Record<string, unknown>).proxies;
        after = jsonSet(text ?? '', ['proxies'], proxies, { eol: ctx.platform === 'win32' ? '\r\n' : '\n' });
      } catch (e) {
        throw withPath(e, f.path);
      }
      settings.push({
        key: 'proxies',
        path: f.path,
        actual: actual === undefined ? null : JSON.stringify(actual),
        expected: JSON.stringify(proxies),
      });
      changes.push(writeFile('docker', f.path, before, after, f.admin));
      warnings.push({ code: 'corp.docker-proxy-restart' });
    }
    return { changes, warnings, settings };
  },
};
