import { z } from 'zod';

import { checkMirrorUrl } from '../validate/url';

/**
 * The building blocks of a profile's per-target entries (each target spec composes its own from these). A
 * profile comes from outside: every field is validated and objects are strict, so a typo cannot silently do
 * nothing.
 */
export const url = z.string().superRefine((v, ctx) => {
  const r = checkMirrorUrl(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason.code });
});
export const provider = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
/** Either a catalog provider id or a URL: the entry of most targets. */
export const mirror = z.union([z.object({ provider }).strict(), z.object({ url }).strict()]);
