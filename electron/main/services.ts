import type { AppInfo } from '../../shared/ipc/contract';
import type { ProbeTarget } from '../../shared/ipc/probe';
import type { Lang, TargetId } from '../../shared/types/core';
import { createCore, type CoreProbe } from '../core/api';
import type { Ctx } from '../core/context';
import { acceptInspected, inspectWithPolicy } from '../core/profile/inspect';
import { hostDeps } from '../core/host';
import { lockedTargets, readPolicy } from '../core/policy/read';
import type { TargetCandidate } from '../core/probe';

import { bindContract, type Binding, type ProbeEngine } from './binding';

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
}

/** The core's speed test, as the binding runs it. */
export function probeEngine(probe: CoreProbe, fixed?: TargetCandidate[]): ProbeEngine {
  return {
    async run(targets: TargetId[], { current, onStart, onProgress, signal, quick }) {
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
      return probe.run(candidates, { onProgress, signal, quick });
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
    probe: probeEngine(core.probe, o.candidates),
    info,
    inspectProfile: (p) => inspectWithPolicy(ctx, p),
    acceptProfile: (trust) => acceptInspected(ctx, trust),
    log: o.log,
  });
}
