/**
 * The core's vocabulary, shared by the engine, the CLI, the IPC contract and the renderer.
 * Everything here is plain serialisable data: it crosses the IPC boundary and is written to the journal.
 */

import type { TargetId } from '../targets';

import type { Message, Platform } from './base';

/** The package managers MirrorKit configures: the registry of target specs (shared/targets/index.ts). */
export { TARGET_IDS, TARGET_KIND, type TargetId } from '../targets';
export { MIRROR_KINDS, type MirrorKind, type Platform, type Lang, type Message } from './base';

/** Where a persistent environment variable lives. `process` is only ever read, never written. */
export type EnvScope = 'process' | 'user' | 'machine';
export type PersistentScope = Exclude<EnvScope, 'process'>;

/** Where a setting comes from. */
export type Origin =
  { kind: 'file'; path: string; key: string } | { kind: 'env'; name: string; scope: EnvScope } | { kind: 'default' };

/** One layer that sets (or would set) the value; `read()` lists them highest precedence first. */
export interface Layer {
  origin: Origin;
  value: string;
  /** True for the layer whose value the tool actually uses. */
  effective: boolean;
}

export interface Detection {
  target: TargetId;
  /** False when the target does not exist on this platform (apt on Windows). */
  supported: boolean;
  installed: boolean;
  version?: string;
  /** The executable found, when the tool is on PATH. */
  executable?: string;
  /**
   * A quick detection found the executable without running it: `installed` is provisional, and the version
   * (and whether the tool really runs) comes with the full detection.
   */
  versionPending?: boolean;
}

export interface Reading {
  target: TargetId;
  /** The effective mirror URL, or null when the tool uses its built-in default. */
  value: string | null;
  origin: Origin;
  layers: Layer[];
  /** Shadowing variables, dead or deprecated mirrors in use, malformed files … */
  warnings: Message[];
  /** The catalog entry matching `value`, if any. */
  match?: { provider: string; status: MirrorStatus };
}

export type MirrorStatus = 'active' | 'deprecated' | 'dead';

/** A firewall rule MirrorKit may manage (Windows, through PowerShell; issue 4). */
export interface FirewallRuleSpec {
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  direction: 'Inbound' | 'Outbound';
  remoteAddress?: string;
}

/** An edit of one of MirrorKit's env files: the variables it held when planned, and what one target sets (null removes). */
export interface EnvFileEdit {
  format: 'sh' | 'fish' | 'ps1';
  base: Record<string, string>;
  set: Record<string, string | null>;
}

/**
 * The unit of work. A plan is a list of changes, each small enough to preview and undo.
 * `admin` marks the changes that need elevation (machine env, system files, services, firewall).
 */
export type Change =
  | {
      kind: 'writeFile';
      target: TargetId;
      path: string;
      /** The current text, or null when the file does not exist yet. */
      before: string | null;
      after: string;
      admin: boolean;
      /** Set on MirrorKit's own shell env files (Linux, macOS): what this target sets in them, so that plans of
       * several environment-variable tools compose into one file instead of overwriting each other. */
      envFile?: EnvFileEdit;
      /** `after` is base64 of a binary file (a Java truststore); `before` is then always null. */
      encoding?: 'base64';
    }
  | {
      kind: 'setEnv';
      target: TargetId;
      name: string;
      /** null removes the variable. */
      value: string | null;
      scope: PersistentScope;
      before: string | null;
      admin: boolean;
    }
  | {
      kind: 'runTool';
      target: TargetId;
      argv: string[];
      admin: boolean;
      /** Why this runs (e.g. reload the Docker daemon). */
      reason: Message;
      /** Failure of this step is reported but does not roll the apply back. */
      optional: boolean;
    }
  | { kind: 'firewallRule'; target: TargetId; action: 'ensure' | 'remove'; spec: FirewallRuleSpec; admin: true }
  | WingetSourceChange
  | {
      /**
       * A file inside a WSL distro, written as root through wsl.exe (not a path this process can open). It is
       * never created, only rewritten: `before` is its current text. No Windows elevation is involved.
       */
      kind: 'distroFile';
      target: TargetId;
      distro: string;
      /** The absolute Linux path inside the distro. */
      path: string;
      before: string;
      after: string;
      admin: false;
    };

/**
 * WinGet's `winget` source as `winget source export` reports it. `arg` null: the source is not in the list
 * (removed, or hidden by policy); winget's own default is `https://cdn.winget.microsoft.com/cache`.
 */
export interface WingetSourceState {
  arg: string | null;
  trusted: boolean;
  explicit: boolean;
}

/**
 * A change of WinGet's `winget` source: not a file MirrorKit writes but winget commands the elevated helper runs
 * (winget refuses them unelevated). `set`: `source remove` then `source add` with `arg`; `reset`: `source reset`
 * (winget's default back); `remove`: `source remove` (restore of a source that was not there). `before` is the
 * source when planned: what the helper's rollback and MirrorKit's restore put back.
 */
export interface WingetSourceChange {
  kind: 'wingetSource';
  target: TargetId;
  action: 'set' | 'reset' | 'remove';
  /** The URL for `set`; null otherwise. */
  arg: string | null;
  /** `--trust-level trusted` (`set` only). */
  trusted: boolean;
  /** `--explicit` (`set` only). */
  explicit: boolean;
  /** WinGet ≥ 1.8 takes `--trust-level` and `--explicit`; older ones refuse them (read from `winget --version`). */
  options18: boolean;
  before: WingetSourceState;
  admin: true;
}

/**
 * What the elevation broker carries out: a plan's admin changes, plus what only restore needs, removing a system
 * file MirrorKit created (a plan never deletes a file, so `Change` has no such kind). `before` is the text the
 * file must still hold, as for a write.
 */
export type BrokerChange = Change | { kind: 'removeFile'; target: TargetId; path: string; before: string; admin: true };

/** What the user asked for one target: a mirror URL (from the catalog or typed in) plus target-specific extras. */
export interface TargetChoice {
  target: TargetId;
  /** Catalog provider id, when the URL came from the catalog. */
  provider?: string;
  /** Docker takes several mirrors; every other target takes exactly one. */
  urls: string[];
  /** Go: GOPRIVATE / GONOSUMDB etc. from a profile; pip: extra trusted hosts. Validated by the profile schema. */
  extras?: Record<string, string>;
}

export interface PlanOptions {
  /** Put the setting into an environment variable of this scope instead of the tool's file (win32; issue 4). */
  envScope?: PersistentScope;
}

export type TargetPlanStatus = 'change' | 'unchanged' | 'skipped' | 'error';

export interface TargetPlan {
  target: TargetId;
  status: TargetPlanStatus;
  /** The effective value before and after the plan (as the tool will see it). */
  before: string | null;
  after: string | null;
  provider?: string;
  changes: Change[];
  warnings: Message[];
  /** Why the target is skipped or in error. */
  reason?: Message;
  /** The corporate CA and proxy settings the plan makes (issue 18): what `check` compares. */
  corporate?: CorporateSetting[];
}

/** One CA or proxy setting of one tool: its key, where it lives, its value now and the profile's. */
export interface CorporateSetting {
  key: string;
  path: string;
  actual: string | null;
  expected: string | null;
}

export interface Plan {
  id: string;
  createdAt: string;
  platform: Platform;
  /** What produced the plan, for history: "preset aliyun", "profile corp.json", "set go https://…". */
  label: string;
  targets: TargetPlan[];
}

export interface Verification {
  target: TargetId;
  ok: boolean;
  /** The value the tool itself reported. */
  observed: string | null;
  /** The command run (argv), for display. */
  command: string[];
  /** Set when verification could not run (tool not installed, daemon not running …). */
  skipped?: Message;
  message?: Message;
  /**
   * The change was written but the tool still uses another value, because this layer wins over it (a shell
   * variable, another file): "applied, not in effect", never "verified".
   */
  notInEffect?: { origin: Origin; value: string | null };
}

export type TargetOutcome = 'applied' | 'unchanged' | 'skipped' | 'failed' | 'rolled-back' | 'needs-elevation';

export interface TargetResult {
  target: TargetId;
  outcome: TargetOutcome;
  verification?: Verification;
  error?: Message;
  warnings: Message[];
}

export type ApplyStatus =
  'applied' | 'partial' | 'failed' | 'verify-failed' | 'needs-elevation' | 'dry-run' | 'nothing-to-do';

export interface ApplyResult {
  /** The journal id (usable with `restore`); absent for dry runs and no-ops. */
  id?: string;
  status: ApplyStatus;
  targets: TargetResult[];
  /** Unified diffs (dry run) per file, and env changes, for display. */
  preview?: PreviewItem[];
}

export type PreviewItem =
  | { kind: 'file'; target: TargetId; path: string; diff: string; admin: boolean; created: boolean }
  | {
      kind: 'env';
      target: TargetId;
      name: string;
      scope: PersistentScope;
      before: string | null;
      after: string | null;
      admin: boolean;
    }
  | { kind: 'tool'; target: TargetId; argv: string[]; admin: boolean }
  | { kind: 'firewall'; target: TargetId; action: 'ensure' | 'remove'; spec: FirewallRuleSpec };

export interface HistoryEntry {
  id: string;
  createdAt: string;
  label: string;
  status: ApplyStatus;
  targets: TargetId[];
  /** Set once restored. */
  restoredAt?: string;
}

export interface RestoreResult {
  id: string;
  restored: {
    kind: 'file' | 'env' | 'firewall' | 'winget';
    name: string;
    action: 'rewritten' | 'removed' | 'unchanged';
  }[];
  /** Files changed by someone else since the apply: restored anyway only with force. */
  conflicts: { name: string; message: Message }[];
  status: 'restored' | 'partial' | 'failed';
}
