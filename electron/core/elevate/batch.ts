import { z } from 'zod';

import { TARGET_IDS, type BrokerChange, type Message } from '../../../shared/types/core';
import { checkMirrorUrl } from '../../../shared/validate/url';
import { MirrorKitError } from '../errors';
import { checkEnvName, checkEnvValue, SETX_MAX } from '../platform/win32/env-rules';

import { ADMIN_ACTIONS, MACHINE_VARIABLES } from './allowlist';
import { FIREWALL_NAME, isRemoteAddress } from './values';

/**
 * The elevated batch: the admin changes of one apply (or restore), as the unelevated app hands them to the
 * elevated helper. The helper trusts nothing in it: the schema is strict (unknown keys refused), every variable
 * name is on an allowlist with a validator for its value, firewall rules are checked field by field, and file
 * paths are resolved again on the elevated side (./files.ts). One bad change refuses the whole batch.
 */
export const BATCH_VERSION = 1;

/** Bigger than any config file MirrorKit edits, small enough that a parser cannot be made to chew for long. */
export const MAX_FILE_BYTES = 256 * 1024;
const MAX_CHANGES = 64;

const target = z.enum(TARGET_IDS);

const SetEnvSchema = z.strictObject({
  kind: z.literal('setEnv'),
  target,
  name: z.string().min(1).max(255),
  value: z.string().max(SETX_MAX).nullable(),
  /** User-scope variables never need elevation, and the elevated token may belong to another account. */
  scope: z.literal('machine'),
  before: z.string().max(32_767).nullable(),
  admin: z.literal(true),
});

const FirewallSchema = z.strictObject({
  kind: z.literal('firewallRule'),
  target,
  action: z.enum(['ensure', 'remove']),
  spec: z.strictObject({
    name: z.string().regex(FIREWALL_NAME),
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(['TCP', 'UDP']),
    direction: z.enum(['Inbound', 'Outbound']),
    remoteAddress: z
      .string()
      .max(64)
      .refine(isRemoteAddress, 'LocalSubnet, or an IP address with an optional prefix length')
      .optional(),
  }),
  admin: z.literal(true),
});

const WriteFileSchema = z.strictObject({
  kind: z.literal('writeFile'),
  target,
  path: z.string().min(1).max(1024),
  before: z.string().max(MAX_FILE_BYTES).nullable(),
  after: z.string().max(MAX_FILE_BYTES),
  admin: z.literal(true),
});

/** Restore's undo of a file MirrorKit created: allowed only when the file holds nothing but mirror keys (./files.ts). */
const RemoveFileSchema = z.strictObject({
  kind: z.literal('removeFile'),
  target,
  path: z.string().min(1).max(1024),
  before: z.string().max(MAX_FILE_BYTES),
  admin: z.literal(true),
});

/** A URL field of a winget action: bounded here, checked against the allowlist in checkSemantics. */
const wingetArg = z.string().min(1).max(2048);

/** winget's own source commands (the winget target): which source is fixed, the URL is checked by the allowlist. */
const WingetSourceSchema = z.strictObject({
  kind: z.literal('wingetSource'),
  target,
  action: z.enum(['set', 'reset', 'remove']),
  arg: wingetArg.nullable(),
  trusted: z.boolean(),
  explicit: z.boolean(),
  options18: z.boolean(),
  before: z.strictObject({ arg: wingetArg.nullable(), trusted: z.boolean(), explicit: z.boolean() }),
  admin: z.literal(true),
});

export const AllowedChangeSchema = z.discriminatedUnion('kind', [
  SetEnvSchema,
  FirewallSchema,
  WriteFileSchema,
  RemoveFileSchema,
  WingetSourceSchema,
]);
export type AllowedChange = z.infer<typeof AllowedChangeSchema>;

export const ElevatedBatchSchema = z.strictObject({
  version: z.literal(BATCH_VERSION),
  createdAt: z.iso.datetime(),
  changes: z.array(AllowedChangeSchema).min(1).max(MAX_CHANGES),
});
export type ElevatedBatch = z.infer<typeof ElevatedBatchSchema>;

export type BatchCheck = { ok: true; batch: ElevatedBatch } | { ok: false; error: Message };

function issueText(err: z.ZodError): string {
  const first = err.issues[0];
  if (!first) return 'invalid';
  return `${first.path.join('.') || '(root)'}: ${first.message}`;
}

/**
 * A winget action only for a target that declares it, with a URL its check passes: the one to set, and the one
 * `before` holds, which the helper's own rollback sets again. `set` needs a URL, `reset` and `remove` take none.
 */
function checkWinget(c: Extract<AllowedChange, { kind: 'wingetSource' }>, index: number): Message | null {
  const check = ADMIN_ACTIONS.wingetSource[c.target];
  if (!check) return { code: 'winget.batch-not-allowed', params: { index } };
  const bad = (value: string): Message => ({
    code: 'windows.batch-bad-value',
    params: { name: 'winget source', index, value: JSON.stringify(value.slice(0, 80)) },
  });
  if ((c.action === 'set') !== (c.arg !== null)) return bad(String(c.arg));
  for (const url of [c.arg, c.before.arg]) if (url !== null && !check(url)) return bad(url);
  return null;
}

/** The allowlist proper, beyond the schema's shape: names known, values valid for their name. */
function checkSemantics(c: AllowedChange, index: number): Message | null {
  if (c.kind === 'wingetSource') return checkWinget(c, index);
  if (c.kind !== 'setEnv') return null;
  try {
    checkEnvName(c.name);
    if (c.value !== null) checkEnvValue(c.name, c.value);
  } catch (e) {
    if (e instanceof MirrorKitError) return e.toMessage();
    throw e;
  }
  const check = MACHINE_VARIABLES[c.name.toUpperCase()];
  if (!check) return { code: 'windows.batch-unknown-variable', params: { name: c.name, index } };
  if (c.value === null) return null;
  // The value is shown escaped and cut short: it may have been written to mess with a terminal.
  return check(c.value)
    ? null
    : { code: 'windows.batch-bad-value', params: { name: c.name, index, value: JSON.stringify(c.value.slice(0, 80)) } };
}

/**
 * PIP_TRUSTED_HOST turns TLS checking off for its hosts, machine-wide: it may only name the host of the plain
 * http index the same batch sets (what pip's plan derives from that URL), never some other host.
 */
function checkTrustedHost(changes: readonly AllowedChange[]): Message | null {
  const env = (name: string) => changes.find((c) => c.kind === 'setEnv' && c.name.toUpperCase() === name);
  const trusted = env('PIP_TRUSTED_HOST');
  if (trusted?.kind !== 'setEnv' || trusted.value === null) return null;
  const index = env('PIP_INDEX_URL');
  const url = index?.kind === 'setEnv' && index.value !== null ? checkMirrorUrl(index.value) : null;
  const hosts = url?.ok && url.url.startsWith('http://') ? [url.host, new URL(url.url).host] : [];
  const ok = trusted.value.split(' ').every((h) => hosts.includes(h.toLowerCase()));
  return ok
    ? null
    : {
        code: 'windows.batch-bad-value',
        params: {
          name: 'PIP_TRUSTED_HOST',
          index: changes.indexOf(trusted),
          value: JSON.stringify(trusted.value.slice(0, 80)),
        },
      };
}

/** Validate a parsed batch document. Nothing is trusted: this runs on both sides of the elevation. */
export function validateBatch(raw: unknown): BatchCheck {
  const parsed = ElevatedBatchSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, error: { code: 'windows.batch-malformed', params: { reason: issueText(parsed.error) } } };
  for (const [i, c] of parsed.data.changes.entries()) {
    const error = checkSemantics(c, i);
    if (error) return { ok: false, error };
  }
  const trusted = checkTrustedHost(parsed.data.changes);
  if (trusted) return { ok: false, error: trusted };
  return { ok: true, batch: parsed.data };
}

/** Turn the apply's admin changes into a batch, refusing what the helper would refuse, before any prompt. */
export function buildBatch(changes: readonly BrokerChange[], createdAt: Date): BatchCheck {
  const raw = {
    version: BATCH_VERSION,
    createdAt: createdAt.toISOString(),
    changes: changes.map((c) => ({ ...c })),
  };
  return validateBatch(raw);
}
