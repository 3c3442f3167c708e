import type {
  Detection,
  PlanOptions,
  Reading,
  TargetChoice,
  TargetId,
  TargetPlan,
  Verification,
  MirrorKind,
  Platform,
} from '../../../shared/types/core';
import type { Ctx } from '../context';

export interface DetectOptions {
  /** Find the tool without running it (a first look while the full detection runs): see Detection.versionPending. */
  quick?: boolean;
}

/**
 * One package manager. Adding a tool = one module implementing this, its catalog entries and its tests.
 * Modules read files and variables themselves (paths from ctx.env, exactly as the tool resolves them) but never
 * write: they return Changes, which the apply transaction carries out.
 */
export interface TargetModule {
  id: TargetId;
  kind: MirrorKind;
  /** Where the tool exists at all (apt: Linux only). */
  platforms: readonly Platform[];
  /** Is the tool installed (and its version)? Never throws. */
  detect(ctx: Ctx, opts?: DetectOptions): Promise<Detection>;
  /** The effective mirror, where it comes from, every shadowing layer, and warnings. Throws MirrorKitError on a malformed file. */
  read(ctx: Ctx): Promise<Reading>;
  /** The changes that make the tool use the chosen mirror, addressing the layer that wins. */
  plan(ctx: Ctx, choice: TargetChoice, opts: PlanOptions): Promise<TargetPlan>;
  /** Ask the tool itself which source it now uses, and compare with `expected`. */
  verify(ctx: Ctx, expected: string | null): Promise<Verification>;
}
