import { create } from 'zustand';

import type { AppInfo, ProjectPick } from '../../../shared/ipc/contract';
import type { ProbeEvent, ProbeReportData, ProbeResultData, ProbeTarget } from '../../../shared/ipc/probe';
import type { Result } from '../../../shared/ipc/result';
import type { ApplyPhase, FirewallRequest, IfDeclined, ToolStatus } from '../../../shared/types/api';
import type {
  ApplyResult,
  Message,
  Plan,
  PreviewItem,
  RestoreResult,
  TargetChoice,
  TargetId,
} from '../../../shared/types/core';
import { api } from '../bridge';
import { adoptOsLang, useLang } from '../i18n';

import {
  bestPerTarget,
  canVisit,
  fastestChoices,
  installedTargets,
  overrideChoices,
  probeTargets,
  resultKey,
  type Override,
  type Step,
} from './logic';

export interface ProbeState {
  runId: number;
  running: boolean;
  cancelled: boolean;
  candidates: ProbeTarget[];
  results: Record<string, ProbeResultData>;
  report: ProbeReportData | null;
}

export interface WizardState {
  info: AppInfo | null;
  page: 'wizard' | 'history';
  step: Step;
  busy: null | 'detect' | 'plan' | 'apply' | 'restore';
  error: Message | null;
  tools: ToolStatus[] | null;
  probe: ProbeState;
  overrides: Partial<Record<TargetId, Override>>;
  /** Windows: write the tools' files, or user / machine environment variables (--env-scope). */
  envScope: 'file' | 'user' | 'machine';
  /** Firewall rules for a local cache, added to every plan made (Windows creates them; elsewhere the plan says not). */
  firewall: FirewallRequest[];
  /** What a declined administrator prompt does to the user-level part of the tools that needed it. */
  ifDeclined: IfDeclined;
  plan: Plan | null;
  preview: PreviewItem[] | null;
  result: ApplyResult | null;
  /** Each target's step while the plan is applied, as the core reports it. */
  applyPhase: Partial<Record<TargetId, ApplyPhase>>;
  restored: RestoreResult | null;
  /** The step a plan was asked from (Detect's one-click preset, or Choose): Review's Back returns there. */
  planFrom: Step;
  /** The Poetry project main checked; every plan made carries it (Poetry's mirror lives in its pyproject.toml). */
  project: ProjectPick | null;
}

const emptyProbe: ProbeState = {
  runId: 0,
  running: false,
  cancelled: false,
  candidates: [],
  results: {},
  report: null,
};

const initial: Omit<WizardState, 'info' | 'page'> = {
  step: 'detect',
  busy: null,
  error: null,
  tools: null,
  probe: emptyProbe,
  overrides: {},
  envScope: 'file',
  firewall: [],
  ifDeclined: 'rollback',
  plan: null,
  preview: null,
  result: null,
  applyPhase: {},
  restored: null,
  planFrom: 'choose',
  project: null,
};

export const useWizard = create<WizardState>()(() => ({ ...initial, info: null, page: 'wizard' }));

const set = useWizard.setState;
const get = useWizard.getState;

/** Unwrap a call; on failure the message is shown and undefined returned. */
function take<T>(r: Result<T>): T | undefined {
  if (r.ok) return r.value;
  set({ error: r.error });
  return undefined;
}

function onProbeEvent(e: ProbeEvent): void {
  const p = get().probe;
  if (e.type === 'start') {
    set({
      probe: {
        ...p,
        runId: e.runId,
        running: true,
        cancelled: false,
        candidates: e.candidates,
        results: {},
        report: null,
      },
    });
    return;
  }
  if (e.runId !== p.runId) return;
  if (e.type === 'result') set({ probe: { ...p, results: { ...p.results, [resultKey(e.result)]: e.result } } });
  else set({ probe: { ...p, running: false, cancelled: e.cancelled } });
}

/** Every IPC call of the wizard happens here, never in a component. */
export const wizard = {
  async init(): Promise<void> {
    api().onProbeProgress(onProbeEvent);
    api().onApplyProgress((e) => {
      if (e.planId === get().plan?.id) set({ applyPhase: { ...get().applyPhase, [e.target]: e.phase } });
    });
    const detected = wizard.detect();
    const info = take(await api().info());
    if (info) {
      adoptOsLang(info.lang);
      set({ info });
    }
    await detected;
  },

  dismissError: () => set({ error: null }),

  showPage: (page: WizardState['page']) => set({ page, error: null }),

  goto(step: Step): void {
    const s = get();
    if (canVisit(step, { detected: s.tools !== null, planned: s.plan !== null, applied: s.result !== null }))
      set({ step, error: null });
  },

  /**
   * A quick look (the tools found, their sources, without running them) shows the page at once; the full
   * detection then fills in versions and whether each tool really runs. The full one is asked second: run
   * beside it, the quick look waits on its process starts (~25 ms alone, ~80 ms beside it, here).
   */
  async detect(): Promise<void> {
    set({ busy: 'detect', error: null });
    const quick = await api().status(undefined, { quick: true });
    if (quick.ok) set({ tools: quick.value });
    const tools = take(await api().status());
    set({ busy: null, ...(tools ? { tools } : {}) });
  },

  async startProbe(): Promise<void> {
    const tools = get().tools ?? [];
    const targets = probeTargets(tools);
    if (targets.length === 0) return;
    set({ error: null, probe: { ...get().probe, running: true, cancelled: false, results: {}, report: null } });
    const r = await api().probe(targets);
    const p = get().probe;
    if (!r.ok) {
      set({ probe: { ...p, running: false }, error: r.error.code === 'app.error.probe-cancelled' ? null : r.error });
      return;
    }
    // The report is complete even if some progress events were missed.
    const results = { ...p.results };
    for (const res of r.value.results) results[resultKey(res)] = res;
    set({ probe: { ...p, running: false, results, report: r.value } });
  },

  /** Go to the Test step and start measuring. */
  async testSpeed(): Promise<void> {
    wizard.goto('test');
    if (!get().probe.running) await wizard.startProbe();
  },

  async cancelProbe(): Promise<void> {
    await api().cancelProbe();
  },

  setOverride(target: TargetId, o: Override): void {
    set({ overrides: { ...get().overrides, [target]: o } });
  },

  planPreset: (preset: string) => plan({ kind: 'preset', preset }),
  /** An imported profile: main verifies it again before planning (issue 18). */
  planProfile: (p: { name: string; text: string; signature?: string }) => plan({ kind: 'profile', ...p }),
  setEnvScope: (envScope: WizardState['envScope']) => set({ envScope }),
  setIfDeclined: (ifDeclined: IfDeclined) => set({ ifDeclined }),

  /** False when the same rule (tool, port, protocol) is already listed. */
  addFirewallRule(rule: FirewallRequest): boolean {
    const same = (r: FirewallRequest) =>
      r.target === rule.target && r.port === rule.port && (r.protocol ?? 'TCP') === (rule.protocol ?? 'TCP');
    if (get().firewall.some(same)) return false;
    set({ firewall: [...get().firewall, rule] });
    return true;
  },

  /**
   * Pick the Poetry project: the desktop app's folder dialog (no path), or the harness's typed path. Main checks
   * the folder; its refusal is returned for the card to show beside the field. A cancelled dialog changes nothing.
   */
  async pickProject(path?: string): Promise<Message | null> {
    const lang = useLang.getState().lang;
    const r = await api().pickProject(path === undefined ? { lang } : { path, lang });
    if (!r.ok) return r.error;
    if (r.value) set({ project: r.value });
    return null;
  },

  clearProject: () => set({ project: null }),

  removeFirewallRule: (index: number) => set({ firewall: get().firewall.filter((_, i) => i !== index) }),

  planFastest(): Promise<void> {
    const info = get().info;
    if (!info) return Promise.resolve();
    const p = get().probe;
    return planChoices(
      fastestChoices(bestPerTarget(Object.values(p.results), p.report?.best), info.catalog),
      'fastest for each',
    );
  },

  planOverrides(): Promise<void> {
    const info = get().info;
    if (!info) return Promise.resolve();
    return planChoices(overrideChoices(get().overrides, info.catalog), 'custom choice');
  },

  async apply(): Promise<void> {
    const planned = get().plan;
    if (!planned) return;
    set({ busy: 'apply', error: null, step: 'apply', applyPhase: {} });
    const result = take(await api().apply(planned.id, { ifDeclined: get().ifDeclined }));
    if (result) set({ busy: null, result });
    else set({ busy: null, step: 'review' });
  },

  async restore(id?: string): Promise<void> {
    set({ busy: 'restore', error: null });
    const restored = take(await api().restore(id));
    set({ busy: null, ...(restored ? { restored } : {}) });
  },

  /** Start over after Done: detect again, keep the speed test (it is still true). */
  async restart(): Promise<void> {
    set({ ...initial, probe: get().probe });
    await wizard.detect();
  },
};

function planChoices(choices: TargetChoice[], label: string): Promise<void> {
  if (choices.length === 0) {
    set({ error: { code: 'app.error.nothing-chosen' } });
    return Promise.resolve();
  }
  return plan({ kind: 'choices', choices, label });
}

async function plan(selection: Parameters<ReturnType<typeof api>['plan']>[0]['selection']): Promise<void> {
  const { envScope: scope, firewall, tools, step, project } = get();
  set({ busy: 'plan', error: null });
  // What Detect found is passed along, so planning runs no tool a second time (it would cost seconds).
  const installed = installedTargets(tools);
  const planned = take(
    await api().plan({
      selection,
      ...(scope === 'file' ? {} : { envScope: scope }),
      ...(firewall.length > 0 ? { firewall } : {}),
      ...(installed ? { installed } : {}),
      ...(project ? { extras: { poetry: { project: project.dir } } } : {}),
    }),
  );
  if (!planned) return set({ busy: null });
  const preview = take(await api().preview(planned.id));
  set({
    busy: null,
    plan: planned,
    preview: preview ?? [],
    step: 'review',
    planFrom: step === 'detect' ? 'detect' : 'choose',
  });
}
