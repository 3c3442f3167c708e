import type { z } from 'zod';

import type { MirrorKind, Platform } from '../types/base';

type Dict = Record<string, string>;

/** The families the app groups tools under, in the order it shows them. */
export const TOOL_FAMILIES = [
  'python',
  'javascript',
  'java',
  'go',
  'rust',
  'other-languages',
  'systems',
  'sdks',
] as const;
export type ToolFamily = (typeof TOOL_FAMILIES)[number];

/**
 * What MirrorKit knows about one tool that every part of the app may read, the renderer included: plain data and
 * zod, no Node. Its behaviour (detect, read, plan, verify) and what it may ask the elevated helper for live in
 * its module, electron/core/targets/<id>.ts, which carries this spec. CONTRIBUTING.md, "How to add a target".
 */
export interface TargetSpec<Id extends string = string> {
  id: Id;
  /** The mirror protocol it speaks: which catalog entries serve it, and how the speed test probes them. */
  kind: MirrorKind;
  /** How the app names it (also the `app.tool.<id>` message). */
  name: { en: string; 'zh-CN': string };
  /** The family the app groups it under (Detect lists the tools by family). */
  family: ToolFamily;
  /** Where the tool exists at all (apt: Linux only). */
  platforms: readonly Platform[];
  /**
   * The catalog provider each preset uses for this tool (preset id → provider id, an active mirror of `kind`).
   * A preset it does not name leaves the tool alone, and the plan says so.
   */
  presets: Readonly<Record<string, string>>;
  /** The entry `targets.<id>` of a corporate profile: a strict zod schema (see shared/profile/fields.ts). */
  profile: z.ZodType<Record<string, unknown>>;
  /** Target-specific settings a valid profile entry carries (Go: GOPRIVATE …), handed to the module's plan. */
  extras?: (entry: Record<string, unknown>) => Record<string, string>;
  /** Messages only this tool uses (warnings, reasons), in both languages; keys start with a prefix of its own. */
  messages?: { en: Dict; 'zh-CN': Dict };
}

/** Keeps the id's literal type, so the registry can derive the TargetId union from its specs. */
export function defineTarget<const Id extends string>(spec: TargetSpec<Id>): TargetSpec<Id> {
  return spec;
}
