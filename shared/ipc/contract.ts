import { z } from 'zod';

import type { MirrorEntry, Preset, Provider } from '../catalog/schema';
import {
  MAX_IMPORT_SIGNATURE,
  MAX_IMPORT_TEXT,
  MAX_IMPORT_URL,
  type ProfileFetch,
  type ProfileInspection,
} from '../profile/inspection';
import { FirewallRequestSchema, MAX_FIREWALL_RULES } from '../profile/schema';
import type { ApplyProgress, ToolStatus } from '../types/api';
import { MAX_PROJECT_PATH } from '../targets/poetry';
import { TARGET_IDS } from '../types/core';
import type {
  ApplyResult,
  HistoryEntry,
  Lang,
  Plan,
  Platform,
  PreviewItem,
  RestoreResult,
  TargetId,
} from '../types/core';
import { checkMirrorUrl, MAX_URL_LENGTH } from '../validate/url';

import type { Channel, EventName } from './channels';
import type { ComplianceCheck } from './compliance';
import type { ProbeEvent, ProbeReportData } from './probe';

/**
 * The IPC contract: every channel the renderer may call, with the schema main checks the argument against
 * before anything reaches the core, and the type of the value it answers. Nothing else in the code base spells
 * a channel string. Plans never travel back from the renderer: main keeps the plans it made and the renderer
 * names them by id, so a compromised page cannot hand the core arbitrary file writes.
 */

const TargetIdSchema = z.enum(TARGET_IDS);
const IdSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'plain id');
const CatalogIdSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'catalog id');
const MirrorUrlSchema = z
  .string()
  .max(MAX_URL_LENGTH)
  .refine((u) => checkMirrorUrl(u).ok, 'acceptable mirror URL');
const LabelSchema = z.string().min(1).max(200);

const ExtrasSchema = z.record(z.string().max(60), z.string().max(MAX_URL_LENGTH));

export const TargetChoiceSchema = z.strictObject({
  target: TargetIdSchema,
  provider: CatalogIdSchema.optional(),
  urls: z.array(MirrorUrlSchema).min(1).max(10),
  extras: ExtrasSchema.optional(),
});

export const SelectionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('preset'), preset: CatalogIdSchema }),
  z.strictObject({
    kind: z.literal('profile'),
    text: z.string().max(MAX_IMPORT_TEXT),
    name: LabelSchema,
    // Checked again in main before planning: the renderer's word that a profile was signed counts for nothing.
    signature: z.string().max(MAX_IMPORT_SIGNATURE).optional(),
  }),
  z.strictObject({
    kind: z.literal('set'),
    target: TargetIdSchema,
    mirror: z.string().min(1).max(MAX_URL_LENGTH),
    extras: TargetChoiceSchema.shape.extras,
  }),
  z.strictObject({
    kind: z.literal('choices'),
    choices: z.array(TargetChoiceSchema).min(1).max(TARGET_IDS.length),
    label: LabelSchema,
  }),
]);

export const PlanRequestSchema = z.strictObject({
  selection: SelectionSchema,
  only: z.array(TargetIdSchema).max(TARGET_IDS.length).optional(),
  envScope: z.enum(['user', 'machine']).optional(),
  firewall: z.array(FirewallRequestSchema).max(MAX_FIREWALL_RULES).optional(),
  installed: z.array(TargetIdSchema).max(TARGET_IDS.length).optional(),
  // A project folder in here must have come back from project:pick: main checks that before planning.
  extras: z.partialRecord(TargetIdSchema, ExtrasSchema).optional(),
});

const NoArgs = z.undefined();

export const contract = {
  'app:info': NoArgs,
  'core:status': z.strictObject({
    only: z.array(TargetIdSchema).max(TARGET_IDS.length).optional(),
    quick: z.boolean().optional(),
  }),
  'core:plan': PlanRequestSchema,
  'core:preview': z.strictObject({ planId: IdSchema }),
  'core:apply': z.strictObject({
    planId: IdSchema,
    dryRun: z.boolean().optional(),
    ifDeclined: z.enum(['rollback', 'keep']).optional(),
  }),
  'core:restore': z.strictObject({ id: IdSchema.optional() }),
  'core:history': NoArgs,
  'probe:run': z.strictObject({
    targets: z.array(TargetIdSchema).min(1).max(TARGET_IDS.length),
    quick: z.boolean().optional(),
  }),
  'probe:cancel': NoArgs,
  'profile:inspect': z.strictObject({
    name: LabelSchema,
    text: z.string().max(MAX_IMPORT_TEXT),
    signature: z.string().max(MAX_IMPORT_SIGNATURE).optional(),
  }),
  'profile:fetch': z.strictObject({ url: z.string().max(MAX_IMPORT_URL) }),
  // The desktop app opens the system's folder dialog and refuses a path from the page; the harness, which has
  // no dialog, takes the typed path. Either way main checks the folder before the page may plan with it.
  'project:pick': z.strictObject({
    target: z.literal('poetry'),
    path: z.string().min(1).max(MAX_PROJECT_PATH).optional(),
    lang: z.enum(['en', 'zh-CN']).optional(),
  }),
  'policy:compliance': NoArgs,
} as const satisfies Record<Channel, z.ZodType>;

/** What the renderer passes (before parsing) and what the handler receives (after). */
export type In<C extends Channel> = z.input<(typeof contract)[C]>;
export type Parsed<C extends Channel> = z.output<(typeof contract)[C]>;

/** A project folder main has checked (Poetry's: it holds a pyproject.toml Poetry manages). */
export interface ProjectPick {
  dir: string;
  file: string;
}

/** The catalog as the wizard needs it: names, presets, and every mirror with its status. */
export interface CatalogView {
  providers: Provider[];
  presets: Preset[];
  mirrors: MirrorEntry[];
}

export interface AppInfo {
  version: string;
  platform: Platform;
  /** The operating system's language; the renderer starts in it unless the user picked another. */
  lang: Lang;
  isAdmin: boolean;
  /** Which shell serves the wizard: the desktop app, or the loopback harness in a browser. */
  shell: 'electron' | 'harness';
  catalog: CatalogView;
  /** Policy set by the organization (issue 18): shown as a "managed" banner; locked tools cannot be changed. */
  managed?: { locked: TargetId[] };
}

export interface Outputs extends Record<Channel, unknown> {
  'app:info': AppInfo;
  'core:status': ToolStatus[];
  'core:plan': Plan;
  'core:preview': PreviewItem[];
  'core:apply': ApplyResult;
  'core:restore': RestoreResult;
  'core:history': HistoryEntry[];
  'probe:run': ProbeReportData;
  'probe:cancel': boolean;
  'profile:inspect': ProfileInspection;
  'profile:fetch': ProfileFetch;
  /** The folder and its pyproject.toml, by their real paths; null when the dialog was cancelled. */
  'project:pick': ProjectPick | null;
  /** The latest periodic compliance check; null before the first one, or when policy sets no check interval. */
  'policy:compliance': ComplianceCheck | null;
}
export type Out<C extends Channel> = Outputs[C];

/** Events main pushes to the renderer. */
export interface Events extends Record<EventName, unknown> {
  'probe:progress': ProbeEvent;
  /** One target's step during `core:apply` of the named plan. */
  'apply:progress': ApplyProgress & { planId: string };
  /** A periodic compliance check has finished (or failed). */
  'policy:compliance': ComplianceCheck;
}
