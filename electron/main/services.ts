import type { AppInfo } from '../../shared/ipc/contract';
import type { ProbeTarget } from '../../shared/ipc/probe';
import type { Lang, TargetId } from '../../shared/types/core';
import { createCore, type CoreProbe } from '../core/api';
import type { Ctx } from '../core/context';
import { checkPolicyProfile } from '../core/profile/check';
import { acceptInspected, fetchWithPolicy, inspectWithPolicy } from '../core/profile/inspect';
import { hostDeps } from '../core/host';
import { refusePublicProbe } from '../core/policy/locks';
import { lockedTargets, readPolicy } from '../core/policy/read';
import type { TargetCandidate } from '../core/probe';
import { testNetwork, type TestNetwork } from '../core/profile/probe-proxy';
import { pickProject } from '../core/targets/poetry-project';

import { bindContract, type Binding, type ImportedProfile, type ProbeEngine } from './binding';
import { startComplianceTimer, type Scheduler } from './compliance-timer';
import type { ProjectDeps } from './projects';

export interface ServiceOptions {
  version: string;
  shell: AppInfo['shell'];
  /** The OS language as the shell sees it (Electron's preferred languages; the harness's locale variables). */
  lang: Lang;
  log: (line: string) => void;
  /**
   * Probe these instead of the catalog's mirrors (the harness's --probe-candidates, so the Test step can run
   * against loopback servers). Electron never sets it.
   */
  candidates?: TargetCandidate[];
  /** The desktop app's folder dialog for a project folder (electron/main/folder-dialog.ts); the harness has none. */
  chooseFolder?: ProjectDeps['chooseFolder'];
  /** The periodic compliance check's clock and timers (tests); the real ones otherwise. */
  scheduler?: Scheduler;
}

/** The first periodic compliance check waits this long: the first page's tool detection comes first. */
const FIRST_CHECK_DELAY_MS = 10_000;

/** CheckIntervalHours, when a ProfileUrl policy is set too: only then does the app check on a schedule. */
async function checkIntervalHours(ctx: Ctx): Promise<number | undefined> {
  const policy = await readPolicy(ctx);
  if (policy.effective.ProfileUrl === undefined) return undefined;
  return policy.effective.CheckIntervalHours?.value as number | undefined;
}

/** The core's speed test, as the binding runs it. */
export interface ProbeEngineOptions {
  /** The harness's `--probe-candidates`: these mirrors instead of the catalog's. */
  fixed?: TargetCandidate[] | undefined;
  /**
   * The proxy the tools will use, read when a test starts: the imported profile's (the one of the last plan), else
   * the policy's profile's, else the environment's (a bad HTTPS_PROXY or an unreachable profile is that run's error).
   */
  network?: (profile: ImportedProfile | undefined) => Promise<TestNetwork>;
  /** Throws when policy forbids testing the catalog's public mirrors (AllowPublicMirrorProbe = false). */
  guard?: () => Promise<void>;
}

export function probeEngine(probe: CoreProbe, o: ProbeEngineOptions = {}): ProbeEngine {
  const fixed = o.fixed;
  return {
    async run(targets: TargetId[], { current, onStart, onProgress, signal, quick, profile }) {
      await o.guard?.();
      // Before any candidate is announced: a proxy that cannot be worked out stops the run with its reason.
      const via = (await o.network?.(profile)) ?? {};
      const candidates = fixed
        ? fixed.filter((c) => targets.includes(c.target))
        : await probe.candidates(targets, current);
      onStart(
        candidates.map((c): ProbeTarget => ({
          target: c.target,
          kind: c.kind,
          url: c.url,
          ...(c.provider ? { provider: c.provider } : {}),
          ...(c.current ? { current: true } : {}),
        })),
      );
      return probe.run(candidates, { onProgress, signal, quick, ...via });
    },
  };
}

/** The "managed by your organization" facts; a policy that cannot be read leaves the app unmanaged, not broken. */
async function managedInfo(ctx: Ctx): Promise<Pick<AppInfo, 'managed'>> {
  try {
    const policy = await readPolicy(ctx);
    return policy.entries.some((e) => e.status === 'applied') ? { managed: { locked: lockedTargets(policy) } } : {};
  } catch {
    return {};
  }
}

/** The core, the speed test and the app facts, bound to the IPC contract. Shared by Electron and the harness. */
export function createBinding(ctx: Ctx, o: ServiceOptions): Binding {
  const info = async (): Promise<AppInfo> => ({
    ...(await managedInfo(ctx)),
    version: o.version,
    platform: ctx.platform,
    lang: o.lang,
    isAdmin: ctx.isAdmin,
    shell: o.shell,
    catalog: { providers: ctx.catalog.providers, presets: ctx.catalog.presets, mirrors: ctx.catalog.mirrors },
  });
  const core = createCore(ctx, hostDeps(ctx));
  return bindContract({
    core,
    probe: probeEngine(core.probe, {
      fixed: o.candidates,
      network: (profile) => testNetwork(ctx, profile ? { profile } : {}),
      guard: () => refusePublicProbe(ctx),
    }),
    info,
    inspectProfile: (p) => inspectWithPolicy(ctx, p),
    fetchProfile: (url) => fetchWithPolicy(ctx, url),
    acceptProfile: (trust) => acceptInspected(ctx, trust),
    checkProject: (dir) => pickProject(ctx, dir),
    ...(o.chooseFolder ? { chooseFolder: o.chooseFolder } : {}),
    startCompliance: (onResult) =>
      startComplianceTimer({
        intervalHours: () => checkIntervalHours(ctx),
        check: async () => {
          const r = await checkPolicyProfile(ctx, core);
          const tools = r.tools.map((x) => ({ target: x.target, state: x.state }));
          return { verdict: r.verdict, profile: r.profile.name, tools };
        },
        onResult,
        log: o.log,
        firstDelayMs: FIRST_CHECK_DELAY_MS,
        ...(o.scheduler ? { scheduler: o.scheduler } : {}),
      }),
    log: o.log,
  });
}
