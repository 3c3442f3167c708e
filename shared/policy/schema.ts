import { NO_PROXY_ENTRY, PemFileSchema, proxyUrlProblem } from '../profile/corporate';
import type { Message } from '../types/base';
import { TARGET_IDS } from '../types/core';

/**
 * MirrorKit's policies (issue 18): one list that the readers (registry, JSON folders), `mirrorkit policy`, the
 * lock checks and the ADMX/ADML generator all use, so a policy cannot exist in one and be missing in another.
 * Names are ADMX-safe ids ([A-Za-z0-9_]) and are also the registry value names and the JSON keys.
 */
export type PolicyType = 'string' | 'list' | 'number' | 'boolean';

export interface PolicyDef {
  name: string;
  type: PolicyType;
  /** Checks a well-typed value; returns the reason it is refused (policy.reason.*, both languages), or null. */
  check: (v: string | string[] | number | boolean) => Message | null;
  /** number: the range the ADMX decimal element offers. */
  min?: number;
  max?: number;
  /** list: a single string (REG_SZ, a JSON string) is read too, comma-separated, as NO_PROXY is. */
  commaString?: boolean;
}

/** A refusal in the user's language: messages `policy.reason.<code>` (shared/i18n/messages/corporate.ts). */
const why = (code: string, params?: Message['params']): Message => ({
  code: `policy.reason.${code}`,
  ...(params ? { params } : {}),
});

const KEY_LINE = /^RW[A-Za-z0-9+/]{54}$/;

export const POLICIES = [
  {
    name: 'ProfileUrl',
    type: 'string',
    check: (v) =>
      typeof v === 'string' && /^https:\/\/[^\s"'<>\\]+$/.test(v) && v.length <= 2000 ? null : why('https-url'),
  },
  {
    name: 'ProfilePublicKeys',
    type: 'list',
    check: (v) =>
      Array.isArray(v) && v.length >= 1 && v.length <= 2 && v.every((k) => KEY_LINE.test(k))
        ? null
        : why('public-keys'),
  },
  {
    name: 'ProfileSha256',
    type: 'string',
    check: (v) => (typeof v === 'string' && /^[0-9a-fA-F]{64}$/.test(v) ? null : why('sha256')),
  },
  {
    name: 'LockedTargets',
    type: 'list',
    check: (v) =>
      Array.isArray(v) && v.every((x) => (TARGET_IDS as readonly string[]).includes(x))
        ? null
        : why('target-ids', { ids: TARGET_IDS.join(', ') }),
  },
  { name: 'AllowPublicMirrorProbe', type: 'boolean', check: () => null },
  {
    name: 'CheckIntervalHours',
    type: 'number',
    min: 1,
    max: 720,
    check: (v) =>
      typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 720 ? null : why('hours', { min: 1, max: 720 }),
  },
  // The company's proxy and CA (issue 18), checked as a profile's `proxy` and `ca: [{ file }]` are. CA certificates
  // are paths, not PEM text: Group Policy's multiText makes each line its own string (a PEM would arrive cut into
  // lines) and Intune's ADMX ingestion limits a value's length; the files are deployed by the IT department's own
  // tooling, and read and checked (X.509, a CA, valid now) when a plan is made, as a profile's files are.
  {
    name: 'HttpsProxy',
    type: 'string',
    check: (v) => {
      const p = typeof v === 'string' ? proxyUrlProblem(v) : 'not-url';
      return p === null ? null : why(`proxy.${p}`);
    },
  },
  {
    name: 'NoProxy',
    type: 'list',
    commaString: true,
    check: (v) =>
      Array.isArray(v) && v.length <= 64 && v.every((x) => x.length <= 253 && NO_PROXY_ENTRY.test(x))
        ? null
        : why('no-proxy', { max: 64 }),
  },
  {
    name: 'CaCertificates',
    type: 'list',
    check: (v) =>
      Array.isArray(v) && v.length >= 1 && v.length <= 16 && v.every((x) => PemFileSchema.safeParse(x).success)
        ? null
        : why('ca-paths', { max: 16 }),
  },
] as const satisfies readonly PolicyDef[];

export type PolicyName = (typeof POLICIES)[number]['name'];

/** Registry key of the mandatory policies; `Recommended` below it holds the recommended ones. */
export const POLICY_KEY = 'SOFTWARE\\Policies\\MirrorKit';
export const RECOMMENDED_SUBKEY = 'Recommended';
