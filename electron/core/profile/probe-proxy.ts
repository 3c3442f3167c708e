import type { ProxySettings } from '../../../shared/profile/corporate';
import { ProfileSchema } from '../../../shared/profile/schema';
import type { Ctx } from '../context';
import { MirrorKitError } from '../errors';
import { parseProfileJson } from '../plan/profile-json';
import { withPolicyCorporate } from '../policy/corporate';
import { readPolicy, type Policy } from '../policy/read';
import { envProbeProxy } from '../probe/env-proxy';
import type { ProbeProxy } from '../probe/types';

import { loadProfile, type LoadedProfile } from './source';
import { policyAnchors } from './trust';

/** A profile's `proxy`, checked as planning checks it. */
function profileProxy(text: string, name: string): ProxySettings | undefined {
  const parsed = ProfileSchema.safeParse(parseProfileJson(text, name));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MirrorKitError('error.bad-profile', {
      path: name,
      where: issue?.path.join('.') || '(top level)',
      reason: issue?.message ?? 'invalid',
    });
  }
  return parsed.data.proxy;
}

/** A proxy as the speed test takes it (`http` defaults to `https`, as the tools' files get it). */
const asProbe = (p: ProxySettings): ProbeProxy => ({
  https: p.https,
  http: p.http ?? p.https,
  noProxy: p.noProxy ?? [],
});

/** A profile's `proxy` as the speed test takes it, without policy. */
export function profileProbeProxy(text: string, name: string): ProbeProxy | undefined {
  const p = profileProxy(text, name);
  return p ? asProbe(p) : undefined;
}

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

/**
 * The proxy the speed test goes through, so it measures what the tools will see once configured. The profile in
 * use is the one chosen (the app's import, `--profile F`), else the one the ProfileUrl policy names (fetched and
 * verified as `apply --from-policy` does: unreachable with nothing cached is this test's error); its `proxy`
 * under the HttpsProxy/NoProxy policies (as the apply writes it) when there is one, else HTTPS_PROXY/NO_PROXY.
 * The app's Test step, `mirrorkit test` and `apply --fastest` share it.
 */
export async function testProxy(ctx: Ctx, o: TestProxyOptions = {}): Promise<ProbeProxy | undefined> {
  const policy = await readPolicy(ctx);
  let profile = o.profile;
  if (!profile && policy.effective.ProfileUrl !== undefined)
    profile = await loadPolicyProfile(ctx, o.extraKeys, policy);
  if (!profile) return envProbeProxy(ctx.env);
  // As the apply will write it: the policy's HttpsProxy/NoProxy over the profile's (a mandatory value wins).
  const proxy = withPolicyCorporate(policy, undefined, profileProxy(profile.text, profile.name)).proxy;
  return proxy ? asProbe(proxy) : envProbeProxy(ctx.env);
}
