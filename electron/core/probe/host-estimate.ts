import { soloBodyTime } from './link';
import type { Measured } from './measured';
import type { ArtifactProfile } from './types';

const MIN_CAP = 1e3;
const MAX_CAP = 1e11;

/**
 * The body time of `toBytes` from the same host, given that `fromBytes` took `bodyMs`: the host's cap is the one
 * that explains `bodyMs` under slow start from the first window (soloBodyTime), and the other size is timed at
 * it. Scaling the time by the sizes instead would drop the ramp a far host costs a small artifact.
 */
export function scaleBody(bodyMs: number, fromBytes: number, toBytes: number, rttMs: number, window: number): number {
  if (fromBytes === toBytes) return bodyMs;
  const time = (cap: number): number => soloBodyTime(fromBytes, rttMs, window, cap);
  let lo = Math.log(MIN_CAP);
  let hi = Math.log(MAX_CAP);
  if (time(Math.exp(hi)) >= bodyMs) lo = hi;
  else if (time(Math.exp(lo)) <= bodyMs) hi = lo;
  // soloBodyTime falls as the cap grows: bisect on its logarithm.
  for (let i = 0; i < 40 && hi - lo > 1e-4; i++) {
    const mid = (lo + hi) / 2;
    if (time(Math.exp(mid)) > bodyMs) lo = mid;
    else hi = mid;
  }
  return soloBodyTime(toBytes, rttMs, window, Math.exp((lo + hi) / 2));
}

/**
 * One tool's estimate from what its host showed for another: `est` was ranked for `from`'s artifact with `from`'s
 * first byte and round trip; the body part belongs to the host and the path (measured once for every candidate on
 * them, host-streams.ts), the latency part is each candidate's own, and the body is re-timed for `to`'s artifact.
 */
export function convertEstimate(
  est: number,
  from: { m: Measured; artifact: ArtifactProfile },
  to: { m: Measured; artifact: ArtifactProfile },
): number | undefined {
  const latFrom = from.m.latencyPart(from.artifact);
  const latTo = to.m.latencyPart(to.artifact);
  if (latFrom === undefined || latTo === undefined || !Number.isFinite(est)) return undefined;
  const rtt = from.m.latencyMs() ?? 0;
  const body = scaleBody(
    Math.max(0, est - latFrom),
    from.artifact.bytes,
    to.artifact.bytes,
    rtt,
    from.m.firstWindowBytes(rtt),
  );
  return latTo + body;
}
