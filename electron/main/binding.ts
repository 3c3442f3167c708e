import { isChannel, type Channel, type EventName } from '../../shared/ipc/channels';
import type { ComplianceCheck } from '../../shared/ipc/compliance';
import type { AppInfo, Events, Out, Parsed } from '../../shared/ipc/contract';
import type { ProbeReportData, ProbeResultData, ProbeTarget } from '../../shared/ipc/probe';
import { fail, ok, type Result } from '../../shared/ipc/result';
import type { ProfileFetch, ProfileInspection, ProfileTrustState } from '../../shared/profile/inspection';
import type { CoreApi, ToolStatus } from '../../shared/types/api';
import type { Plan, TargetId } from '../../shared/types/core';
import { redactPlan } from '../core/apply/preview';
import { MirrorKitError, toMessage } from '../core/errors';

import type { ComplianceTimer } from './compliance-timer';
import { projectPicker, type ProjectDeps } from './projects';
import { UserError } from './user-error';

/** The speed test as the binding needs it; electron/main/services.ts adapts the probe engine to this. */
export interface ProbeEngine {
  run(
    targets: TargetId[],
    opts: {
      /** Each target's mirror in use now (null = the tool's default), from the last Detect, so it is measured too. */
      current: Partial<Record<TargetId, string | null>>;
      onStart: (candidates: ProbeTarget[]) => void;
      onProgress: (result: ProbeResultData) => void;
      signal: AbortSignal;
      quick?: boolean;
      /** The profile of the last plan made from an imported profile: the test goes through its proxy. */
      profile?: ImportedProfile;
    },
  ): Promise<ProbeReportData>;
}

/** An imported profile that passed main's checks when it was planned. */
export interface ImportedProfile {
  name: string;
  text: string;
}

export interface BindingDeps extends ProjectDeps {
  core: CoreApi;
  probe: ProbeEngine;
  info: () => AppInfo | Promise<AppInfo>;
  /** The core's trust check of an imported profile against the policy's keys (electron/core/profile/inspect.ts). */
  inspectProfile: (p: { name: string; text: string; signature?: string }) => Promise<ProfileInspection>;
  /** The same for an https:// profile the core fetches with its signature (electron/core/profile/inspect.ts). */
  fetchProfile: (url: string) => Promise<ProfileFetch>;
  /** Once a signed profile's plan is applied, raise its key's serial floor (rollback protection). */
  acceptProfile?: (trust: ProfileTrustState) => Promise<void>;
  /** Starts the periodic compliance check (electron/main/compliance-timer.ts), reporting through the binding's event. */
  startCompliance?: (onResult: (c: ComplianceCheck) => void) => ComplianceTimer;
  /** Where rejected calls and internal errors are written (stderr in the harness, the main log in Electron). */
  log: (line: string) => void;
  /** Monotonic clock in ms (tests). */
  now?: () => number;
}

/** The contract bound to the core: the one object both Electron's ipcMain and the harness's HTTP server serve. */
export interface Binding {
  /** Validate `raw` against the channel's schema, then run it. Never throws. */
  invoke(channel: unknown, raw: unknown): Promise<Result<unknown>>;
  subscribe<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void;
  /**
   * Start detecting every tool now, while the window or browser is still loading: the wizard's first
   * `core:status` call (for all tools, within WARM_MS) takes this result instead of starting over. Detection
   * spawns each tool's `--version`, which is most of the time to an interactive first page.
   */
  warmUp(): void;
  /** Stop background work (the periodic compliance check) when the app quits. */
  stop(): void;
}

/**
 * The argument schemas are built on the first call rather than at startup: the first call comes only once the
 * page has loaded, while building them before the warm-up would delay the tools' detection (~15 ms of zod).
 */
let contractSchemas: Promise<(typeof import('../../shared/ipc/contract'))['contract']> | undefined;
const loadContract = () => (contractSchemas ??= import('../../shared/ipc/contract').then((m) => m.contract));

/** Plans the renderer can still preview or apply; older ones are forgotten (the renderer plans again). */
const MAX_PLANS = 32;
/** How long a warm-up detection stays fresh enough to show as the first Detect page. */
export const WARM_MS = 10_000;

export function bindContract(deps: BindingDeps): Binding {
  const { core, probe, log } = deps;
  const now = deps.now ?? (() => performance.now());
  let warm: { at: number; tools: Promise<ToolStatus[]> } | undefined;
  const plans = new Map<string, Plan>();
  const projects = projectPicker(deps);
  /** The verified signature behind a plan made from a signed profile, by plan id. */
  const signedPlans = new Map<string, ProfileTrustState>();
  const listeners: { [E in EventName]: Set<(payload: Events[E]) => void> } = {
    'probe:progress': new Set(),
    'apply:progress': new Set(),
    'policy:compliance': new Set(),
  };
  let probeRun: { id: number; controller: AbortController } | undefined;
  /**
   * The profile behind the latest plan, when that plan came from an imported one: the tools will use its proxy
   * once it is applied, so the Test step measures through it (another kind of plan forgets it).
   */
  let imported: ImportedProfile | undefined;
  const current: Partial<Record<TargetId, string | null>> = {};
  let runCounter = 0;

  const emit = <E extends EventName>(event: E, payload: Events[E]): void => {
    for (const cb of listeners[event] as Set<(payload: Events[E]) => void>) {
      try {
        cb(payload);
      } catch (e) {
        log(`${event} listener failed: ${String(e)}`);
      }
    }
  };

  const complianceTimer = deps.startCompliance?.((c) => emit('policy:compliance', c));

  const planById = (planId: string): Plan => {
    const plan = plans.get(planId);
    if (!plan) throw new UserError('app.error.unknown-plan');
    return plan;
  };

  const handlers: { [C in Channel]: (input: Parsed<C>) => Promise<Out<C>> } = {
    'app:info': async () => deps.info(),
    'core:status': async (input) => {
      // A quick look neither uses nor spends the warm-up: the full detection that follows it does.
      if (input.quick) return core.status(input.only, { quick: true });
      const w = warm;
      warm = undefined;
      const fresh = w !== undefined && input.only === undefined && now() - w.at <= WARM_MS;
      const tools = await (fresh ? w.tools.catch(() => core.status()) : core.status(input.only));
      for (const t of tools) if (t.reading) current[t.target] = t.reading.value;
      return tools;
    },
    'core:plan': async (input) => {
      projects.assertPicked(input);
      // The same checks as profile:inspect, run again here: what the page showed proves nothing.
      let trust: ProfileTrustState | undefined;
      if (input.selection.kind === 'profile') {
        const { name, text, signature } = input.selection;
        const seen = await deps.inspectProfile({ name, text, ...(signature !== undefined ? { signature } : {}) });
        if (seen.trust.state === 'refused') throw new MirrorKitError(seen.trust.reason.code, seen.trust.reason.params);
        trust = seen.trust;
      }
      const plan = await core.plan(input);
      imported =
        input.selection.kind === 'profile' ? { name: input.selection.name, text: input.selection.text } : undefined;
      plans.set(plan.id, plan);
      if (trust?.state === 'signed') signedPlans.set(plan.id, trust);
      while (plans.size > MAX_PLANS) {
        const oldest = plans.keys().next().value as string;
        plans.delete(oldest);
        signedPlans.delete(oldest);
      }
      return redactPlan(plan);
    },
    'core:preview': async (input) => core.preview(planById(input.planId)),
    'core:apply': async (input) => {
      const plan = planById(input.planId);
      const result = await core.apply(plan, {
        dryRun: input.dryRun ?? false,
        ...(input.ifDeclined ? { ifDeclined: input.ifDeclined } : {}),
        onProgress: (p) => emit('apply:progress', { planId: plan.id, ...p }),
      });
      // A plan describes the files as they were; once applied, applying it again would be wrong.
      if (!input.dryRun) {
        const trust = signedPlans.get(input.planId);
        if (trust && (result.status === 'applied' || result.status === 'nothing-to-do'))
          await deps.acceptProfile?.(trust);
        plans.delete(input.planId);
        signedPlans.delete(input.planId);
      }
      return result;
    },
    'core:restore': (input) => core.restore(input.id),
    'core:history': () => core.history(),
    'probe:run': async (input) => {
      probeRun?.controller.abort();
      const run = { id: ++runCounter, controller: new AbortController() };
      probeRun = run;
      try {
        const report = await probe.run(input.targets, {
          current: { ...current },
          onStart: (candidates) => emit('probe:progress', { type: 'start', runId: run.id, candidates }),
          onProgress: (result) => emit('probe:progress', { type: 'result', runId: run.id, result }),
          signal: run.controller.signal,
          quick: input.quick,
          ...(imported ? { profile: imported } : {}),
        });
        emit('probe:progress', { type: 'end', runId: run.id, cancelled: run.controller.signal.aborted });
        return report;
      } catch (e) {
        emit('probe:progress', { type: 'end', runId: run.id, cancelled: run.controller.signal.aborted });
        if (run.controller.signal.aborted) throw new UserError('app.error.probe-cancelled');
        throw e;
      } finally {
        if (probeRun === run) probeRun = undefined;
      }
    },
    'profile:inspect': (input) => deps.inspectProfile(input),
    'profile:fetch': (input) => deps.fetchProfile(input.url),
    'project:pick': (input) => projects.pick(input),
    'policy:compliance': async () => complianceTimer?.latest() ?? null,
    'probe:cancel': async () => {
      if (!probeRun) return false;
      probeRun.controller.abort();
      return true;
    },
  };

  async function dispatch<C extends Channel>(channel: C, raw: unknown): Promise<Result<unknown>> {
    const parsed = (await loadContract())[channel].safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(argument)'}: ${i.message}`).join('; ');
      log(`rejected ${channel}: ${where}`);
      return fail('app.error.invalid-input', { channel });
    }
    try {
      return ok(await handlers[channel](parsed.data as Parsed<C>));
    } catch (e) {
      if (e instanceof UserError) return fail(e.code);
      const msg = toMessage(e);
      if (msg.code === 'error.internal')
        log(`${channel} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { ok: false, error: msg };
    }
  }

  return {
    invoke: async (channel, raw) => {
      if (!isChannel(channel)) {
        log(`rejected unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`);
        return fail('app.error.unknown-channel');
      }
      return dispatch(channel, raw);
    },
    warmUp: () => {
      const tools = core.status();
      // Nobody may ever ask; a failure then is reported by the next real call, not as an unhandled rejection.
      tools.catch(() => {});
      warm = { at: now(), tools };
    },
    stop: () => complianceTimer?.stop(),
    subscribe: (event, cb) => {
      const set = listeners[event] as Set<typeof cb> | undefined;
      if (!set) return () => {};
      set.add(cb);
      return () => set.delete(cb);
    },
  };
}
