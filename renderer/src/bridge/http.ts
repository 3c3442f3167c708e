import { EVENTS, type EventName } from '../../../shared/ipc/channels';
import type { Transport } from '../../../shared/ipc/bridge';
import { fail, type Result } from '../../../shared/ipc/result';

/**
 * The harness's transport: the same calls as the preload's, over same-origin fetch and Server-Sent Events.
 * Every URL is relative to the page, whose path starts with the harness's secret token, so the token travels
 * with each request without the code ever handling it.
 */
export function httpTransport(base: URL): Transport {
  let source: EventSource | undefined;
  // A probe or an apply waits until the event stream is connected (or has given up), so that its first events
  // still reach the page; other calls emit no events and need not wait (the first Detect page would).
  let connected: Promise<void> = Promise.resolve();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const open = (): EventSource => {
    if (source) return source;
    const es = new EventSource(new URL('api/events', base));
    connected = new Promise((resolve) => {
      es.addEventListener('open', () => resolve(), { once: true });
      es.addEventListener('error', () => resolve(), { once: true });
      setTimeout(resolve, 3000);
    });
    for (const name of EVENTS) {
      es.addEventListener(name, (ev) => {
        let payload: unknown;
        try {
          payload = JSON.parse((ev as MessageEvent<string>).data);
        } catch {
          return;
        }
        for (const cb of listeners.get(name) ?? []) cb(payload);
      });
    }
    source = es;
    return es;
  };

  return {
    async invoke(channel, args): Promise<Result<unknown>> {
      if (channel === 'probe:run' || channel === 'core:apply') await connected;
      try {
        const res = await fetch(new URL(`api/invoke/${channel}`, base), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(args === undefined ? {} : { args }),
        });
        if (!res.ok) return fail('app.error.transport', { status: res.status });
        return (await res.json()) as Result<unknown>;
      } catch {
        return fail('app.error.transport', { status: 0 });
      }
    },
    subscribe(event, cb) {
      open();
      const set = listeners.get(event) ?? new Set();
      set.add(cb);
      listeners.set(event, set);
      return () => {
        set.delete(cb);
      };
    },
  };
}
