import type { Change, CorporateSetting, Message } from '../../../shared/types/core';
import { plannedText, stateFileChange } from '../corporate/file';
import type { CorporatePart } from '../corporate/types';
import { withPath } from '../edit/errors';
import { mavenProxies, setMirrorkitProxies, type MavenProxy } from '../edit/maven-proxies';
import { homeDir, pathApi } from '../platform/paths';

import { writeFile } from './plan-helpers';

/**
 * NO_PROXY entries as Maven's nonProxyHosts: `|`-separated host names with `*` wildcards (jfrog/jfrog-cli#2638).
 * A `.domain` is its subdomains, a bare domain itself and its subdomains (as curl reads it); CIDR blocks, ports
 * and IPv6 addresses have no Maven form and are left out (the plan says which).
 */
export function nonProxyHosts(noProxy: readonly string[]): { value: string; dropped: string[] } {
  const out: string[] = [];
  const dropped: string[] = [];
  for (const e of noProxy) {
    if (e === '*') out.push('*');
    else if (/[/:[\]]/.test(e)) dropped.push(e);
    else if (e.startsWith('.') || e.startsWith('*.')) out.push(`*.${e.replace(/^\*?\./, '')}`);
    else if (/^[\d.]+$/.test(e)) out.push(e);
    else out.push(e, `*.${e}`);
  }
  return { value: [...new Set(out)].join('|'), dropped };
}

function proxyOf(id: string, protocol: 'http' | 'https', url: string, nph: string): MavenProxy {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return { id, protocol, host: u.hostname.replace(/^\[|\]$/g, ''), port, ...(nph ? { nonProxyHosts: nph } : {}) };
}

const describe = (p: MavenProxy): string => `${p.id} ${p.protocol} ${p.host}:${p.port} ${p.nonProxyHosts ?? ''}`.trim();

/**
 * Maven: `<proxies>` in ~/.m2/settings.xml, one MirrorKit proxy per protocol (https, http), first in the list.
 * Maven (Java) takes CA certificates from the JDK's truststore, which MirrorKit does not edit: the plan gives the
 * keytool command for the copy it keeps.
 */
export const mavenCorporate: CorporatePart = {
  async plan(ctx, tp, wanted) {
    const changes: Change[] = [];
    const warnings: Message[] = [];
    const settings: CorporateSetting[] = [];
    if (wanted.ca) {
      changes.push(await stateFileChange(tp, wanted.ca.certsFile));
      warnings.push({ code: 'corp.java-ca', params: { target: 'maven', path: wanted.ca.certsFile.path } });
    }
    if (wanted.proxy) {
      const file = pathApi(ctx).join(homeDir(ctx), '.m2', 'settings.xml');
      const { before, text } = await plannedText(tp, file);
      const nph = nonProxyHosts(wanted.proxy.noProxy);
      if (nph.dropped.length > 0)
        warnings.push({ code: 'corp.maven-noproxy-dropped', params: { entries: nph.dropped.join(', ') } });
      const proxies = [
        proxyOf('mirrorkit-https', 'https', wanted.proxy.https, nph.value),
        proxyOf('mirrorkit-http', 'http', wanted.proxy.http, nph.value),
      ];
      let after: string;
      let actual: string[];
      try {
        actual = mavenProxies(before).filter((l) => l.startsWith('mirrorkit-'));
        after = setMirrorkitProxies(text, proxies, { eol: ctx.platform === 'win32' ? '\r\n' : '\n' });
      } catch (e) {
        throw withPath(e, file);
      }
      settings.push({
        key: 'proxies',
        path: file,
        actual: actual.length > 0 ? actual.join('; ') : null,
        expected: proxies.map(describe).join('; '),
      });
      changes.push(writeFile('maven', file, before, after));
    }
    return { changes, warnings, settings };
  },
};
