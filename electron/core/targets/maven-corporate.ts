import type { Change, CorporateSetting, Message, TargetPlan } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { plannedText } from '../corporate/file';
import { planJavaTrust, TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE } from '../corporate/java-truststore';
import type { CorporateFor, CorporatePart, CorporatePlan } from '../corporate/types';
import { withPath } from '../edit/errors';
import { mavenProxies, setMirrorkitProxies, type MavenProxy } from '../edit/maven-proxies';
import { mavenrcStore, setMavenrc, storePathProblem } from '../edit/mavenrc';
import { homeDir, pathApi } from '../platform/paths';

import { processEnv } from './common';
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
 * The company CA for Maven: a truststore (corporate/java-truststore.ts) put in front of MAVEN_OPTS by the file
 * Maven's own launcher runs first, `~/.mavenrc` (bin/mvn sources it) or `%USERPROFILE%\mavenrc_pre.cmd` (bin\mvn.cmd
 * calls it). Not `.mvn/jvm.config`: that is per project. Not a persistent MAVEN_OPTS variable: the user's own would
 * have to be rewritten, and every Java program would not need it anyway.
 */
async function mavenTrust(ctx: Ctx, tp: TargetPlan, ca: NonNullable<CorporateFor['ca']>): Promise<CorporatePlan> {
  const trust = await planJavaTrust(ctx, tp, ca);
  const out: CorporatePlan = { changes: trust.changes, warnings: trust.warnings, settings: [] };
  if (!trust.store) return out;
  const problem = storePathProblem(ctx.platform, trust.store);
  if (problem) {
    out.warnings.push({ code: 'corp.maven-store-path', params: { path: trust.store, reason: problem } });
    return out;
  }
  const win = ctx.platform === 'win32';
  const file = pathApi(ctx).join(homeDir(ctx), win ? 'mavenrc_pre.cmd' : '.mavenrc');
  const { before, text } = await plannedText(tp, file);
  const after = setMavenrc(
    text,
    ctx.platform,
    { store: trust.store, type: TRUSTSTORE_TYPE, password: TRUSTSTORE_PASSWORD },
    { eol: win ? '\r\n' : '\n' },
  );
  out.settings.push({
    key: 'javax.net.ssl.trustStore',
    path: file,
    actual: mavenrcStore(before, ctx.platform),
    expected: trust.store,
  });
  out.changes.push(writeFile('maven', file, before, after));
  if (processEnv(ctx, 'MAVEN_SKIP_RC')) out.warnings.push({ code: 'corp.maven-skip-rc', params: { path: file } });
  const opts = processEnv(ctx, 'MAVEN_OPTS') ?? '';
  if (/-Djavax\.net\.ssl\.trustStore=/.test(opts))
    out.warnings.push({ code: 'corp.maven-opts-truststore', params: { value: opts } });
  return out;
}

/**
 * Maven: `<proxies>` in ~/.m2/settings.xml, one MirrorKit proxy per protocol (https, http), first in the list, and
 * the company CA through a truststore (`mavenTrust`).
 */
export const mavenCorporate: CorporatePart = {
  async plan(ctx, tp, wanted) {
    const changes: Change[] = [];
    const warnings: Message[] = [];
    const settings: CorporateSetting[] = [];
    if (wanted.ca) {
      const trust = await mavenTrust(ctx, tp, wanted.ca);
      changes.push(...trust.changes);
      warnings.push(...trust.warnings);
      settings.push(...trust.settings);
    }
    if (wanted.proxy) {
      const file = pathApi(ctx).join(homeDir(ctx), '.m2', 'settings.xml');
      const { before, text } = await plannedText(tp, file);
      const nph = nonProxyHosts(wanted.proxy.noProxy);
      if (nph.dropped.length > 0)
        warnings.push({ code: 'corp.maven-noproxy-dropped', params: { entries: nph.dropped.join(', ') } });
      // Java's HTTP clients speak plain HTTP to a proxy (no TLS to the proxy itself): an https:// proxy address is
      // written as host and port, where Maven would then fail the first exchange.
      for (const url of new Set([wanted.proxy.https, wanted.proxy.http]))
        if (url.startsWith('https:')) warnings.push({ code: 'corp.maven-https-proxy', params: { proxy: url } });
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
