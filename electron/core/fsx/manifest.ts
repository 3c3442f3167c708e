import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { DISTRO_NAME, DISTRO_PATH } from '../../../shared/text/wsl-name';
import { TARGET_IDS } from '../../../shared/types/core';

/**
 * The journal record of one apply (`<stateDir>/applies/<id>/manifest.json`). It is written before the first
 * change and updated after each one, so that an apply cut short by a crash still leaves what restore needs.
 * It is parsed on the way back in: a hand-edited or truncated manifest must not steer restore to a path
 * outside its own backup folder.
 */

const target = z.enum(TARGET_IDS);
const sha = z.string().regex(/^[0-9a-f]{64}$/);

/** pending: recorded, not yet carried out; applied: carried out; rolled-back: undone by this apply's rollback. */
export const ENTRY_STATES = ['pending', 'applied', 'rolled-back'] as const;
const state = z.enum(ENTRY_STATES);

const fileEntry = z.object({
  kind: z.literal('file'),
  target,
  path: z.string().min(1),
  admin: z.boolean(),
  existed: z.boolean(),
  /** Permission bits of the original, null when it did not exist. */
  mode: z.number().int().min(0).max(0o7777).nullable(),
  sha256Before: sha.nullable(),
  sha256After: sha,
  /** Relative to the apply folder; null when the file did not exist. */
  backup: z
    .string()
    .regex(/^files\/\d+$/)
    .nullable(),
  state,
});

const envEntry = z.object({
  kind: z.literal('env'),
  target,
  name: z.string().min(1),
  scope: z.enum(['user', 'machine']),
  admin: z.boolean(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  state,
});

const firewallEntry = z.object({
  kind: z.literal('firewall'),
  target,
  spec: z.object({
    name: z.string().min(1),
    port: z.number().int(),
    protocol: z.enum(['TCP', 'UDP']),
    direction: z.enum(['Inbound', 'Outbound']),
    remoteAddress: z.string().optional(),
  }),
  action: z.enum(['ensure', 'remove']),
  /** Unknown (absent) unless the elevation broker reported it. */
  existedBefore: z.boolean().optional(),
  state,
});

const wingetState = z.object({ arg: z.string().nullable(), trusted: z.boolean(), explicit: z.boolean() });

/**
 * A change of winget's `winget` source (the elevated helper ran winget's commands): the change as planned, whose
 * `before` is what restore puts back.
 */
const wingetEntry = z.object({
  kind: z.literal('winget'),
  target,
  action: z.enum(['set', 'reset', 'remove']),
  arg: z.string().nullable(),
  trusted: z.boolean(),
  explicit: z.boolean(),
  options18: z.boolean(),
  before: wingetState,
  state,
});

/** A file inside a WSL distro (its original bytes are kept here, on the Windows side); only ever rewritten. */
const distroFileEntry = z.object({
  kind: z.literal('distroFile'),
  target,
  distro: z.string().regex(DISTRO_NAME),
  path: z.string().regex(DISTRO_PATH),
  admin: z.literal(false),
  sha256Before: sha,
  sha256After: sha,
  backup: z.string().regex(/^files\/\d+$/),
  state,
});

/** A tool run cannot be undone; it is recorded so the history says what ran. */
const toolEntry = z.object({ kind: z.literal('tool'), target, argv: z.array(z.string()), admin: z.boolean(), state });

export const ManifestEntrySchema = z.discriminatedUnion('kind', [
  fileEntry,
  envEntry,
  firewallEntry,
  toolEntry,
  wingetEntry,
  distroFileEntry,
]);

const applyStatus = z.enum([
  'applied',
  'partial',
  'failed',
  'verify-failed',
  'needs-elevation',
  'dry-run',
  'nothing-to-do',
]);

export const ManifestSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  createdAt: z.string(),
  label: z.string(),
  platform: z.enum(['win32', 'linux', 'darwin']),
  planId: z.string(),
  targets: z.array(target),
  /** 'in-progress' until the apply finishes; a manifest left so was cut short. */
  status: z.union([applyStatus, z.literal('in-progress')]),
  finishedAt: z.string().optional(),
  restoredAt: z.string().optional(),
  /** The last restore attempt, also when it did not complete (restoredAt is then absent). */
  lastRestore: z.object({ at: z.string(), status: z.enum(['restored', 'partial', 'failed']) }).optional(),
  /** Set when the apply was cut short (a crash) and the next run rolled it back from this journal. */
  interrupted: z.boolean().optional(),
  entries: z.array(ManifestEntrySchema),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;
export type FileEntry = z.infer<typeof fileEntry>;
export type EnvEntry = z.infer<typeof envEntry>;
export type FirewallEntry = z.infer<typeof firewallEntry>;
export type WingetEntry = z.infer<typeof wingetEntry>;
export type DistroFileEntry = z.infer<typeof distroFileEntry>;
export type EntryState = (typeof ENTRY_STATES)[number];

const ID_PATTERN = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

export function isApplyId(id: string): boolean {
  return ID_PATTERN.test(id);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `20261123-101502-ab12`: UTC time (sorts as text, immune to DST) plus randomness for two applies in a second. */
export function newApplyId(now: Date): string {
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${date}-${time}-${randomBytes(2).toString('hex')}`;
}

/** Newest first: by creation time, then by id. */
export function newestFirst(a: Pick<Manifest, 'createdAt' | 'id'>, b: Pick<Manifest, 'createdAt' | 'id'>): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
