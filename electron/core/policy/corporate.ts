import type { CaEntry, ProxySettings } from '../../../shared/profile/corporate';
import type { PolicyName } from '../../../shared/policy/schema';

import type { Policy, PolicyValue } from './read';

/**
 * The company's CA and proxy from policy (HttpsProxy, NoProxy, CaCertificates) over a profile's `ca` and `proxy`,
 * value by value, as the precedence rules say: a mandatory policy wins over the profile, the profile over a
 * recommended policy. HttpsProxy also serves http:// (as a profile's `https` does without `http`). The values were
 * checked when the policy was read (shared/policy/schema.ts); the certificates are read and checked when planned,
 * as a profile's files are.
 */
export function withPolicyCorporate(
  policy: Policy,
  ca: readonly CaEntry[] | undefined,
  proxy: ProxySettings | undefined,
): { ca?: CaEntry[]; proxy?: ProxySettings; from: PolicyName[] } {
  const from: PolicyName[] = [];
  const pick = <T>(name: PolicyName, own: T | undefined, as: (v: PolicyValue) => T): T | undefined => {
    const e = policy.effective[name];
    if (!e || (e.level === 'recommended' && own !== undefined)) return own;
    from.push(name);
    return as(e.value);
  };
  const https = pick('HttpsProxy', proxy?.https, String);
  const mandatoryProxy = from.includes('HttpsProxy') && policy.effective.HttpsProxy?.level === 'mandatory';
  const http = mandatoryProxy ? https : proxy?.http;
  const noProxy = https !== undefined ? pick('NoProxy', proxy?.noProxy, (v) => v as string[]) : proxy?.noProxy;
  const files = pick<CaEntry[]>('CaCertificates', ca ? [...ca] : undefined, (v) =>
    (v as string[]).map((file) => ({ file })),
  );
  const mergedProxy: ProxySettings | undefined =
    https === undefined
      ? undefined
      : {
          https,
          ...(http !== undefined ? { http } : {}),
          ...(noProxy !== undefined ? { noProxy } : {}),
          ...(proxy?.targets ? { targets: proxy.targets } : {}),
        };
  return { ...(files ? { ca: files } : {}), ...(mergedProxy ? { proxy: mergedProxy } : {}), from };
}
