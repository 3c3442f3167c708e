import { startTestbed, type MirrorSpec, type TestbedOptions } from './testbed';

/**
 * Runs a testbed in its own process (forked by remote.ts), so the emulated mirrors never share an event loop
 * with the probe being measured. The spec arrives as the first IPC message; the process ends when asked to
 * close or when its parent goes away.
 */
const send = (m: unknown): void => void process.send?.(m);
process.once('message', (first: { specs: MirrorSpec[]; opts: TestbedOptions }) => {
  void startTestbed(first.specs, first.opts).then((tb) => {
    send({ type: 'ready', url: tb.url, origin: tb.origin });
    process.on('message', (m: { type: string }) => {
      if (m.type === 'stats') send({ type: 'stats', stats: tb.stats });
      else if (m.type === 'reset') {
        tb.resetStats();
        send({ type: 'reset' });
      } else if (m.type === 'close') void tb.close().then(() => send({ type: 'closed' }));
    });
  });
});
process.on('disconnect', () => process.exit(0));
