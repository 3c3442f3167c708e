import { version } from '../../../package.json';
import { MirrorKitError } from '../errors';

import { Conn } from './conn';
import { HostStreams } from './host-streams';
import { Mirror } from './mirror';
import { resultOf } from './result';
import { buildReport, groupReference, staleAgainst } from './rank';
import { HostResolver } from './resolve';
import { Run } from './run';
import type { ProbeCandidate, ProbeOptions, ProbeReport } from './types';
import { wallClock, type World } from './world';
import { DEFAULT_BUDGET, DEFAULT_TIMEOUT_MS, QUICK_BUDGET } from './tuning';

/**
 * Which mirror is fastest from here: a latency/liveness phase with protocol-aware checks, then successive
 * halving on throughput, all under one global deadline. Resolves with every candidate classified and ranked;
 * rejects with the signal's reason when aborted (every socket is destroyed before it settles).
 */
export function probeMirrors(candidates: ProbeCandidate[], opts: ProbeOptions = {}): Promise<ProbeReport> {
  const clock = opts.now ? { ...wallClock, now: opts.now } : wallClock;
  return probeIn({ clock, connect: (url, env) => Conn.open(url, env) }, candidates, opts);
}

/** probeMirrors in a given world: real sockets and the wall clock, or the tests' simulation (test/support/sim). */
export async function probeIn(
  world: World,
  candidates: ProbeCandidate[],
  opts: ProbeOptions = {},
): Promise<ProbeReport> {
  const now = (): number => world.clock.now();
  const start = now();
  opts.signal?.throwIfAborted();
  const clean = candidates.map(withoutCredentials);
  const resolver = new HostResolver(now);
  const streams = new HostStreams(now, opts.shareHosts ?? true);
  let bytes = 0;
  // The run is built from the mirrors, and counts the bytes they read: bound once it exists.
  const budget = { add: (_n: number): void => {} };
  const mirrors = clean.map(
    (c, i) =>
      new Mirror(c, i, {
        resolver,
        streams,
        now,
        ...(opts.ca ? { ca: opts.ca } : {}),
        ...(opts.proxy ? { proxy: opts.proxy } : {}),
        version,
        connect: world.connect,
        onBytes: (n) => {
          bytes += n;
          budget.add(n);
        },
      }),
  );
  const run: Run = new Run(mirrors, {
    quick: opts.quick ?? false,
    deadlineMs: Math.max(0, (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) - (now() - start)),
    budgetBytes: opts.budgetBytes ?? (opts.quick ? QUICK_BUDGET : DEFAULT_BUDGET),
    clock: world.clock,
    share: opts.shareHosts ?? true,
    ...(opts.artifact ? { artifact: opts.artifact } : {}),
    onFinal: (m, outcome, estimateMs) => {
      if (!opts.onProgress) return;
      const group = mirrors.filter((x) => x.group === m.group);
      const row = staleAgainst(resultOf(m, outcome, estimateMs), groupReference(group, run.finals));
      try {
        opts.onProgress(row);
      } catch {
        // A failing listener must not break the test.
      }
    },
  });
  budget.add = (n) => run.addBytes(n);
  const onAbort = (): void => run.stopAll({ deadline: 'global', elapsedMs: now() - start });
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await run.execute();
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    streams.stopAll();
    for (const m of mirrors) m.close();
    resolver.cancel();
  }
  opts.signal?.throwIfAborted();
  return buildReport(mirrors, run.finals, now() - start, bytes);
}

/** Never probe with, nor report, a user name or password found in a configured URL. */
function withoutCredentials(c: ProbeCandidate): ProbeCandidate {
  let u: URL;
  try {
    u = new URL(c.url.replace(/^sparse\+/i, ''));
  } catch {
    throw new MirrorKitError('error.bad-url', { url: c.url, reason: 'unparsable' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new MirrorKitError('error.bad-url', { url: c.url, reason: u.protocol });
  if (!u.username && !u.password) return c;
  u.username = '';
  u.password = '';
  return { ...c, url: /^sparse\+/i.test(c.url) ? `sparse+${u.href}` : u.href };
}
