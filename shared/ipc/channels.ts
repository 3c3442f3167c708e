/**
 * The names of the IPC channels and events, without their schemas, so that the sandboxed preload and the
 * renderer can list them without bundling zod. shared/ipc/contract.ts holds a schema for each (the compiler
 * makes the two lists agree).
 */
export const CHANNELS = [
  'app:info',
  'core:status',
  'core:plan',
  'core:preview',
  'core:apply',
  'core:restore',
  'core:history',
  'probe:run',
  'probe:cancel',
  'profile:inspect',
  'profile:fetch',
  'project:pick',
  'policy:compliance',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const EVENTS = ['probe:progress', 'apply:progress', 'policy:compliance'] as const;
export type EventName = (typeof EVENTS)[number];

export function isChannel(x: unknown): x is Channel {
  return typeof x === 'string' && (CHANNELS as readonly string[]).includes(x);
}

export function isEventName(x: unknown): x is EventName {
  return typeof x === 'string' && (EVENTS as readonly string[]).includes(x);
}
