import { z } from 'zod';

import { TARGET_IDS } from '../targets';
import { hasNoControls } from '../text/escape';

/**
 * A profile's corporate CA certificates and proxy (issue 18, Deliver 4 and 5). Pure zod, no Node: the renderer
 * validates the same fields. Whether a PEM really holds a valid certificate is decided in the core
 * (electron/core/corporate/pem.ts, node:crypto); here only its shape.
 */

/** A profile is at most 256 KiB; a CA bundle inside it cannot be larger. */
export const MAX_PEM_CHARS = 256 * 1024;

const targets = z.array(z.enum(TARGET_IDS)).min(1).max(TARGET_IDS.length).optional();

/** An absolute path to a PEM bundle already on this machine (deployed by the IT department's own tooling). */
export const PemFileSchema = z
  .string()
  .min(2)
  .max(1024)
  .refine((v) => hasNoControls(v), 'no control or invisible characters')
  .refine((v) => v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\\\'), 'an absolute path');

const pemText = z
  .string()
  .max(MAX_PEM_CHARS)
  .refine((v) => v.includes('-----BEGIN CERTIFICATE-----'), 'PEM text with -----BEGIN CERTIFICATE-----');

/** One CA source: inline PEM or a file; `targets` limits it to some tools (default: every tool that takes a CA). */
export const CaEntrySchema = z.union([
  z.object({ pem: pemText, targets }).strict(),
  z.object({ file: PemFileSchema, targets }).strict(),
]);

/** Characters a shell or a config format could read as syntax: never part of a proxy value. */
const SHELL_META = /[\s"'`$\\;&|<>(){}!#^~%,]/;

export type ProxyProblem = 'controls' | 'not-url' | 'scheme' | 'credentials' | 'shell' | 'path' | 'host';

/** The English of each problem (a profile's validation message); policy reasons are translated (policy.reason.proxy.*). */
export const PROXY_PROBLEM_EN: Record<ProxyProblem, string> = {
  controls: 'no control or invisible characters, at most 512 characters',
  'not-url': 'a URL such as http://proxy.corp.example:8080',
  scheme: 'an http:// or https:// URL',
  credentials: 'no user name or password in the URL',
  shell: 'no spaces, quotes or shell metacharacters',
  path: 'no path, query or fragment',
  host: 'a host',
};

/**
 * A proxy address: http:// or https://, a host and an optional port, nothing else. Credentials are refused:
 * they would be written in clear into every tool's file, and a profile is handed around.
 */
export function proxyUrlProblem(v: string): ProxyProblem | null {
  if (v.length > 512 || !hasNoControls(v)) return 'controls';
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return 'not-url';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'scheme';
  if (u.username || u.password || /@/.test(v)) return 'credentials';
  if (SHELL_META.test(v.replace(/^[a-z]+:\/\//i, '').replace(/\[[0-9a-f:.]+\]/i, ''))) return 'shell';
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) return 'path';
  if (u.hostname === '') return 'host';
  return null;
}

const proxyUrl = z.string().superRefine((v, ctx) => {
  const p = proxyUrlProblem(v);
  if (p) ctx.addIssue({ code: 'custom', message: PROXY_PROBLEM_EN[p] });
});

/**
 * A NO_PROXY entry as curl, npm, Go and Docker read it: `*`, a host or domain (`corp.example`, `.corp.example`,
 * `*.corp.example`), an IPv4/IPv6 address or CIDR block, optionally with `:port`. Letters, digits and `.-*:[]/`
 * only: no shell metacharacter, no separator of any tool's list (`,` `|` space).
 */
export const NO_PROXY_ENTRY =
  /^(\*|(\*\.|\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(\/\d{1,3})?(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?|[0-9A-Fa-f:.]+(\/\d{1,3})?)$/;

export const ProxySchema = z
  .object({
    /** The proxy for https:// traffic (CONNECT); also used for http:// unless `http` is given. */
    https: proxyUrl,
    http: proxyUrl.optional(),
    noProxy: z
      .array(
        z.string().max(253).regex(NO_PROXY_ENTRY, 'a host, domain, IP address or CIDR block (no spaces or separators)'),
      )
      .max(64)
      .optional(),
    targets,
  })
  .strict();

export type CaEntry = z.infer<typeof CaEntrySchema>;
export type ProxySettings = z.infer<typeof ProxySchema>;
