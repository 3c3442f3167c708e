import { ProfileSchema } from '../../shared/profile/schema';
import type { Ctx } from '../core/context';
import { MirrorKitError } from '../core/errors';
import { parseProfileJson } from '../core/plan/profile-json';
import type { ProbeProxy } from '../core/probe';

import { flagBool, flagString } from './args';
import type { ParsedArgs } from './command';
import { loadSelectedProfile } from './profile';

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

/** HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case), as the tools on this machine read them. */
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

/**
 * The proxy the speed test goes through: the profile's (`--profile F` or `--from-policy`, checked and verified as
 * for `apply`) when it has one, else the environment's — what the tools will use once the profile is applied.
 */
export async function probeProxy(ctx: Ctx, args: ParsedArgs): Promise<ProbeProxy | undefined> {
  if (flagString(args, 'profile') !== undefined || flagBool(args, 'from-policy')) {
    const loaded = await loadSelectedProfile(ctx, args);
    const parsed = ProfileSchema.safeParse(parseProfileJson(loaded.text, loaded.name));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MirrorKitError('error.bad-profile', {
        path: loaded.name,
        where: issue?.path.join('.') || '(top level)',
        reason: issue?.message ?? 'invalid',
      });
    }
    const p = parsed.data.proxy;
    if (p) return { https: p.https, http: p.http ?? p.https, noProxy: p.noProxy ?? [] };
  }
  return envProbeProxy(ctx.env);
}
