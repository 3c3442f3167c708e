import type { TargetSpec } from '../../../shared/targets';
import type {
  Detection,
  PlanOptions,
  Reading,
  TargetChoice,
  TargetId,
  TargetPlan,
  Verification,
} from '../../../shared/types/core';
import type { Ctx } from '../context';
import type { AdminFile } from '../elevate/files';
import type { ValueCheck } from '../elevate/values';

/** The elevated actions a target may declare besides variables and files (the kinds of the batch they ride in). */
export type AdminAction = 'wingetSource';

export interface DetectOptions {
  /** Find the tool without running it (a first look while the full detection runs): see Detection.versionPending. */
  quick?: boolean;
}

/**
 * One package manager: its spec (id, kind, names, platforms, presets, profile entry, messages: shared/targets,
 * readable by the renderer) plus what only the core does with it. CONTRIBUTING.md, "How to add a target".
 * Modules read files and variables themselves (paths from ctx.env, exactly as the tool resolves them) but never
 * write: they return Changes, which the apply transaction carries out.
 */
export interface TargetModule extends TargetSpec<TargetId> {
  /**
   * The machine-scope environment variables the elevated helper may set or remove for this tool, each with the
   * check its value must pass (elevate/values.ts). `{}` when it never asks for one. elevate/allowlist.ts
   * composes them into the one list the helper enforces.
   */
  machineEnv: Readonly<Record<string, ValueCheck>>;
  /**
   * Actions other than variables and files the elevated helper may carry out for this tool, each with the check
   * its URL must pass: `wingetSource`, winget's own `source` commands (the winget target). Composed into the same
   * allowlist (elevate/allowlist.ts).
   */
  adminActions?: Readonly<Partial<Record<AdminAction, ValueCheck>>>;
  /** The machine-wide files the elevated helper may write for this tool (Windows), resolved from `ctx`. */
  adminFiles?: (ctx: Pick<Ctx, 'platform' | 'env' | 'sysroot'>) => AdminFile[];
  /**
   * When the quick look (nothing run) may call `read`. 'never': reading starts the tool or a VM (winget's
   * `source export`, the WSL distros). 'version-known': reading needs the version, which a standalone binary
   * only gives by running (pnpm, yarn), so only when the quick detection found it in the installation. The full
   * detection, which follows the quick look, reads every tool. Absent: `read` never runs a program.
   */
  quickRead?: 'never' | 'version-known';
  /** Is the tool installed (and its version)? Never throws. */
  detect(ctx: Ctx, opts?: DetectOptions): Promise<Detection>;
  /** The effective mirror, where it comes from, every shadowing layer, and warnings. Throws MirrorKitError on a malformed file. */
  read(ctx: Ctx): Promise<Reading>;
  /** The changes that make the tool use the chosen mirror, addressing the layer that wins. */
  plan(ctx: Ctx, choice: TargetChoice, opts: PlanOptions): Promise<TargetPlan>;
  /**
   * Ask the tool itself which source it now uses, and compare with `expected`. `plan` is this target's applied
   * plan, for a tool whose setting lives where only the plan says (Poetry: the project folder).
   */
  verify(ctx: Ctx, expected: string | null, plan?: TargetPlan): Promise<Verification>;
}
