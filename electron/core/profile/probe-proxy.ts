import type { CaEntry, ProxySettings } from '../../../shared/profile/corporate';
import { ProfileSchema } from '../../../shared/profile/schema';
import type { Ctx } from '../context';
import { loadCorporate } from '../corporate/settings';
import { MirrorKitError } from '../errors';
import { parseProfileJson } from '../plan/profile-json';
import { withPolicyCorporate } from '../policy/corporate';
import { readPolicy, type Policy } from '../policy/read';
import { envProbeProxy } from '../probe/env-proxy';
import type { ProbeProxy } from '../probe/types';

import { loadProfile, type LoadedProfile } from './source';
import { policyAnchors } from './trust';

/** A profile's `ca` and `proxy`, checked as planning checks them. */
function profileNetwork(text: string, name: string): { ca?: CaEntry[]; proxy?: ProxySettings } {
  const parsed = ProfileSchema.safeParse(parseProfileJson(text, name));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MirrorKitError('error.bad-profile', {
      path: name,
      where: issue?.path.join('.') || '(top level)',
      reason: issue?.message ?? 'invalid',
    });
  }
  return {
    ...(parsed.data.ca ? { ca: parsed.data.ca } : {}),
    ...(parsed.data.proxy ? { proxy: parsed.data.proxy } : {}),
  };
}

/** A proxy as the speed test takes it (`http` defaults to `https`, as the tools' files get it). */
const asProbe = (p: ProxySettings): ProbeProxy => ({
  https: p.https,
  http: p.http ?? p.https,
  noProxy: p.noProxy ?? [],
});

/** The profile the ProfileUrl policy names, checked with the policy's keys (and `extraKeys`) and SHA-256 pin. */
export async function loadPolicyProfile(
  ctx: Ctx,
  extraKeys: readonly string[] = [],
  policy?: Policy,
): Promise<LoadedProfile> {
  const p = policy ?? (await readPolicy(ctx));
  const url = p.effective.ProfileUrl?.value as string | undefined;
  if (url === undefined) throw new MirrorKitError('policy.no-profile-url');
  const pin = p.effective.ProfileSha256?.value as string | undefined;
  // CheckIntervalHours: a verified copy younger than this is used without downloading (source.ts).
  const hours = p.effective.CheckIntervalHours?.value as number | undefined;
  return loadProfile(
    ctx,
    url,
    { ...(await policyAnchors(p, extraKeys)), ...(pin ? { sha256: pin } : {}) },
    hours === undefined ? {} : { maxAgeMs: hours * 3_600_000 },
  );
}

export interface TestProxyOptions {
  /** The profile the user chose (the app's import, `--profile F`): it comes first. */
  profile?: { text: string; name: string };
  /** `--pubkey` keys, besides the policy's, to verify the policy's profile with. */
  extraKeys?: readonly string[];
}

/** How the speed test reaches the mirrors: the tools' proxy, and the company CA they will trust besides the system's. */
export interface TestNetwork {
  proxy?: ProbeProxy;
  /** PEM certificates, checked as planning checks them (a TLS-intercepting proxy re-signs with the company CA). */
  ca?: string[];
}

/**
 * The route the speed test takes, so it measures what the tools will see once configured. The profile in use is
 * the one chosen (the app's import, `--profile F`), else the one the ProfileUrl policy names (fetched and
 * verified as `apply --from-policy` does: unreachable with nothing cached is this test's error); its `proxy` and
 * `ca` under the HttpsProxy/NoProxy/CaCertificates policies (as the apply writes them), else HTTPS_PROXY/NO_PROXY
 * and the system's CAs. The app's Test step, `mirrorkit test` and `apply --fastest` share it.
 */
export async function testNetwork(ctx: Ctx, o: TestProxyOptions = {}): Promise<TestNetwork> {
  const policy = await readPolicy(ctx);
  let profile = o.profile;
  if (!profile && policy.effective.ProfileUrl !== undefined)
    profile = await loadPolicyProfile(ctx, o.extraKeys, policy);
  const envProxy = envProbeProxy(ctx.env);
  if (!profile) return envProxy ? { proxy: envProxy } : {};
  // As the apply will write them: the policy's values over the profile's (a mandatory value wins).
  const own = profileNetwork(profile.text, profile.name);
  const merged = withPolicyCorporate(policy, own.ca, own.proxy);
  const proxy = merged.proxy ? asProbe(merged.proxy) : envProxy;
  const corp = await loadCorporate(ctx, merged.ca, undefined);
  const ca = corp?.ca.flatMap((e) => e.certs.map((c) => c.pem)) ?? [];
  return { ...(proxy ? { proxy } : {}), ...(ca.length > 0 ? { ca } : {}) };
}
