import type {
  ApplyResult,
  Detection,
  HistoryEntry,
  Message,
  PersistentScope,
  Plan,
  PreviewItem,
  Reading,
  RestoreResult,
  TargetChoice,
  TargetId,
} from './core';

/** What the user chose: a preset, an imported profile, one target's mirror, or explicit per-target choices. */
export type Selection =
  | { kind: 'preset'; preset: string }
  /** The profile's text (JSON); parsed and validated by the core, never trusted. */
  | { kind: 'profile'; text: string; name: string; signature?: string }
  /** A catalog provider id ("aliyun") or a URL; `extras` as a profile entry's (Poetry's `project` folder). */
  | { kind: 'set'; target: TargetId; mirror: string; extras?: Record<string, string> }
  /** Per-target choices, e.g. "fastest for each" or the wizard's per-tool overrides. */
  | { kind: 'choices'; choices: TargetChoice[]; label: string };

/** An inbound firewall rule for a local/LAN cache a target uses (Windows; the same shape as a profile's). */
export interface FirewallRequest {
  target: TargetId;
  port: number;
  protocol?: 'TCP' | 'UDP';
  /** `LocalSubnet`, or an IP address with an optional prefix length. */
  remoteAddress?: string;
}

export interface PlanRequest {
  selection: Selection;
  /** Limit to these targets (default: every detected target). */
  only?: TargetId[];
  envScope?: PersistentScope;
  /** Firewall rules asked for beside the selection (the wizard's field, the CLI's --firewall). */
  firewall?: FirewallRequest[];
  /**
   * The targets a detection just found installed (the wizard's Detect step). Planning then trusts it instead of
   * running every tool's version command again; without it, each target not named explicitly is detected.
   */
  installed?: TargetId[];
  /**
   * Settings given beside the selection, added to that target's choice whatever the selection is (the wizard's
   * Poetry project folder: `{ poetry: { project } }`); a target given one is named explicitly.
   */
  extras?: Partial<Record<TargetId, Record<string, string>>>;
}

/**
 * When the administrator prompt is declined, what becomes of the user-level part of the targets that needed it:
 * undone (the default: such a target is left exactly as it was), or kept.
 */
export type IfDeclined = 'rollback' | 'keep';

export interface ApplyOptions {
  dryRun?: boolean;
  ifDeclined?: IfDeclined;
  /**
   * The plan is the administrator's own profile (`apply --from-policy`): tools locked by policy may change. The
   * IPC contract does not carry it, so the app can never set it.
   */
  policyApply?: boolean;
  /** Told each target's step as it happens, so a front end can show it live. */
  onProgress?: (p: ApplyProgress) => void;
}

/** Where one target's apply is: backing up, writing, verifying, then done (or failed). */
export type ApplyPhase = 'backing-up' | 'writing' | 'verifying' | 'done' | 'failed';
export interface ApplyProgress {
  target: TargetId;
  phase: ApplyPhase;
}

/** One row of `status` / the wizard's Detect step. */
export interface ToolStatus {
  target: TargetId;
  detection: Detection;
  reading?: Reading;
  /** Set when reading failed (malformed config …); the row still shows. */
  error?: Message;
}

/** The engine as the CLI, the IPC binding and the harness see it. */
export interface CoreApi {
  /** `quick`: find the tools without running them (versions pending, see Detection.versionPending). */
  status(only?: TargetId[], opts?: { quick?: boolean }): Promise<ToolStatus[]>;
  plan(req: PlanRequest): Promise<Plan>;
  preview(plan: Plan): PreviewItem[];
  apply(plan: Plan, opts?: ApplyOptions): Promise<ApplyResult>;
  restore(id?: string): Promise<RestoreResult>;
  history(): Promise<HistoryEntry[]>;
}
