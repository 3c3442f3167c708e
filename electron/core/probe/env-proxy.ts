import { MirrorKitError } from '../errors';

import type { ProbeProxy } from './types';

function envValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  return env[name] || env[name.toLowerCase()] || undefined;
}

/** A proxy variable as curl reads it (a bare `host:port` is http://); anything else is bad input. */
function proxyUrl(name: string, raw: string): string {
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(u.protocol);
    return u.href;
  } catch {
    throw new MirrorKitError('probe.cli.bad-proxy', { name, value: raw });
  }
}

/**
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case), as the tools on this machine read them: the speed test goes
 * through this proxy (from the CLI and from the app's Test step), so it measures what the tools will see.
 */
export function envProbeProxy(env: Readonly<Record<string, string | undefined>>): ProbeProxy | undefined {
  const https = envValue(env, 'HTTPS_PROXY');
  const http = envValue(env, 'HTTP_PROXY');
  if (!https && !http) return undefined;
  return {
    ...(https ? { https: proxyUrl('HTTPS_PROXY', https) } : {}),
    ...(http ? { http: proxyUrl('HTTP_PROXY', http) } : {}),
    noProxy: (envValue(env, 'NO_PROXY') ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  };
}
