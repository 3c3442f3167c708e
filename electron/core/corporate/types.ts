import type { Change, CorporateSetting, Message, TargetId, TargetPlan } from '../../../shared/types/core';
import type { Ctx } from '../context';

import type { CaCert } from './pem';

/** A file MirrorKit writes into its own state folder for the tools to point at (a CA bundle). */
export interface StateFile {
  path: string;
  text: string;
}

/** What one tool gets from the profile's `ca` and `proxy`. */
export interface CorporateFor {
  ca?: {
    certs: CaCert[];
    /** The company's certificates alone: for tools that add them to their own list (Docker's certs.d). */
    certsFile: StateFile;
    /** The public roots Node ships plus the company's: for settings that replace the tool's list (pip, npm, cargo). */
    bundleFile: StateFile;
  };
  proxy?: { https: string; http: string; noProxy: string[] };
}

/** What a tool's corporate part adds to its plan. */
export interface CorporatePlan {
  changes: Change[];
  warnings: Message[];
  settings: CorporateSetting[];
}

/**
 * A tool's CA/proxy part, beside its target module (`targets/<id>-corporate.ts`). It reads the tool's file as
 * the target's plan left it (`plannedText`) and returns the edited file, so the mirror and the CA/proxy land in
 * one write of one file.
 */
export interface CorporatePart {
  plan(ctx: Ctx, tp: TargetPlan, wanted: CorporateFor): Promise<CorporatePlan>;
}

export type CorporateParts = Partial<Record<TargetId, CorporatePart>>;
