import { fork } from 'node:child_process';

import type { MirrorSpec, MirrorStats, TestbedOptions } from './testbed';

export interface RemoteTestbed {
  url: Record<string, string>;
  origin: Record<string, string>;
  stats(): Promise<Record<string, MirrorStats>>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

/** Start a testbed in another process (the benchmark's mirrors must not steal the probe's event loop). */
export async function startRemoteTestbed(specs: MirrorSpec[], opts: TestbedOptions = {}): Promise<RemoteTestbed> {
  const worker = fork(new URL('./worker.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  /** Send `send` (unless undefined) and wait for the reply of type `expect`. */
  const ask = <T>(send: string | undefined, expect: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: { type: string } & T): void => {
        if (m.type !== expect) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      if (send) worker.send({ type: send });
    });
  const pending = ask<{ url: Record<string, string>; origin: Record<string, string> }>(undefined, 'ready');
  worker.send({ specs, opts });
  const ready = await pending;
  return {
    url: ready.url,
    origin: ready.origin,
    stats: async () => (await ask<{ stats: Record<string, MirrorStats> }>('stats', 'stats')).stats,
    resetStats: async () => void (await ask('reset', 'reset')),
    close: async () => {
      await ask('close', 'closed');
      worker.disconnect();
    },
  };
}
