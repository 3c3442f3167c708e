import type { IfDeclined, PlanRequest } from '../types/api';
import type { Lang, TargetId } from '../types/core';

import type { Channel, EventName } from './channels';
import type { Events, Out } from './contract';
import type { Result } from './result';

/**
 * How the renderer reaches the core: `window.mirrorkit`, a task-shaped façade. The preload builds it over
 * ipcRenderer; the browser harness builds the same object over fetch and Server-Sent Events. Both go through
 * makeBridge, so the two cannot drift apart.
 */
export interface MirrorKitBridge {
  info(): Promise<Result<Out<'app:info'>>>;
  status(only?: TargetId[], opts?: { quick?: boolean }): Promise<Result<Out<'core:status'>>>;
  plan(req: PlanRequest): Promise<Result<Out<'core:plan'>>>;
  preview(planId: string): Promise<Result<Out<'core:preview'>>>;
  apply(planId: string, opts?: { dryRun?: boolean; ifDeclined?: IfDeclined }): Promise<Result<Out<'core:apply'>>>;
  restore(id?: string): Promise<Result<Out<'core:restore'>>>;
  history(): Promise<Result<Out<'core:history'>>>;
  probe(targets: TargetId[], opts?: { quick?: boolean }): Promise<Result<Out<'probe:run'>>>;
  cancelProbe(): Promise<Result<Out<'probe:cancel'>>>;
  /** Check an imported profile (and its `.minisig`) against the organization's keys; says what it sets. */
  inspectProfile(p: { name: string; text: string; signature?: string }): Promise<Result<Out<'profile:inspect'>>>;
  /** Fetch an https:// profile and its `.minisig`, then check it as inspectProfile does. */
  fetchProfile(url: string): Promise<Result<Out<'profile:fetch'>>>;
  /**
   * A Poetry project folder, checked by main: the desktop app asks the system's folder dialog (no `path`), the
   * harness takes the typed `path`. Null when the dialog was cancelled.
   */
  pickProject(p: { path?: string; lang?: Lang }): Promise<Result<Out<'project:pick'>>>;
  /** The latest periodic compliance check (CheckIntervalHours policy); null when there is none yet. */
  compliance(): Promise<Result<Out<'policy:compliance'>>>;
  /** Listen to the speed test; the callback never sees the transport's event object. Returns the unsubscribe. */
  onProbeProgress(cb: (e: Events['probe:progress']) => void): () => void;
  /** Listen to each target's step while a plan is applied. Returns the unsubscribe. */
  onApplyProgress(cb: (e: Events['apply:progress']) => void): () => void;
  /** Listen to each periodic compliance check as it finishes. Returns the unsubscribe. */
  onCompliance(cb: (e: Events['policy:compliance']) => void): () => void;
}

/** The two primitives a shell provides. Arguments are checked on the other side, never trusted here. */
export interface Transport {
  invoke(channel: Channel, args: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, cb: (payload: unknown) => void): () => void;
}

export function makeBridge(t: Transport): MirrorKitBridge {
  const call = <C extends Channel>(channel: C, args?: unknown) => t.invoke(channel, args) as Promise<Result<Out<C>>>;
  return {
    info: () => call('app:info'),
    status: (only, opts) => call('core:status', { ...(only ? { only } : {}), ...(opts?.quick ? { quick: true } : {}) }),
    plan: (req) => call('core:plan', req),
    preview: (planId) => call('core:preview', { planId }),
    apply: (planId, opts) =>
      call('core:apply', {
        planId,
        ...(opts?.dryRun !== undefined ? { dryRun: opts.dryRun } : {}),
        ...(opts?.ifDeclined ? { ifDeclined: opts.ifDeclined } : {}),
      }),
    restore: (id) => call('core:restore', id === undefined ? {} : { id }),
    history: () => call('core:history'),
    probe: (targets, opts) =>
      call('probe:run', opts?.quick === undefined ? { targets } : { targets, quick: opts.quick }),
    cancelProbe: () => call('probe:cancel'),
    inspectProfile: (p) => call('profile:inspect', p),
    fetchProfile: (url) => call('profile:fetch', { url }),
    pickProject: (p) => call('project:pick', { target: 'poetry', ...p }),
    compliance: () => call('policy:compliance'),
    onProbeProgress: (cb) => t.subscribe('probe:progress', (p) => cb(p as Events['probe:progress'])),
    onApplyProgress: (cb) => t.subscribe('apply:progress', (p) => cb(p as Events['apply:progress'])),
    onCompliance: (cb) => t.subscribe('policy:compliance', (p) => cb(p as Events['policy:compliance'])),
  };
}
