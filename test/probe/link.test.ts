import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  byGain,
  capGuess,
  expectedGain,
  linkResponse,
  rampTime,
  soloBodyTime,
  soloPrior,
  soloResponse,
  type RoundRate,
} from '../../electron/core/probe/link';

const rates = (xs: Record<string, [number, boolean?]>): Map<string, RoundRate> =>
  new Map(Object.entries(xs).map(([k, [bps, ramping]]) => [k, { bps, ramping: ramping ?? false }]));

test('a full link: after a halving the survivors take over the freed share and the total stays', () => {
  const before = rates({ a: [3e6], b: [3e6], c: [3e6], d: [3e6] });
  const after = rates({ a: [6e6], b: [5.8e6] });
  const r = linkResponse(before, after);
  assert.equal(r.limited, true);
  assert.deepEqual(r.atOwnCap, []);
});

test('no shared link: the survivors keep their rates and the total falls with the stopped streams', () => {
  const before = rates({ a: [8e6], b: [6e6], c: [4e6], d: [4e6] });
  const after = rates({ a: [8.1e6], b: [5.9e6] });
  assert.equal(linkResponse(before, after).limited, false);
});

test('rates rising while the total falls (a busy machine recovering) are not taken for a full link', () => {
  const before = rates({ a: [2e6], b: [2e6], c: [8e6], d: [8e6] });
  const after = rates({ a: [3e6], b: [3e6] });
  assert.notEqual(linkResponse(before, after).limited, true);
});

test('streams in slow start are no evidence, and a round that freed little tells nothing', () => {
  const before = rates({ a: [1e6, true], b: [1e6, true], c: [3e6], d: [3e6] });
  assert.equal(linkResponse(before, rates({ a: [4e6, true], b: [4e6, true] })).limited, undefined);
  const small = rates({ a: [5e6], b: [5e6], c: [5e6], d: [0.5e6] });
  assert.equal(linkResponse(small, rates({ a: [5e6], b: [5e6], c: [5e6] })).limited, undefined);
});

test('on a full link, a survivor that did not speed up runs at its own cap', () => {
  const before = rates({ a: [2e6], b: [2e6], c: [1.5e6], d: [2e6], e: [2e6], f: [2e6] });
  const after = rates({ a: [4.4e6], b: [4.6e6], c: [1.5e6] });
  const r = linkResponse(before, after);
  assert.equal(r.limited, true);
  assert.deepEqual(r.atOwnCap, ['c']);
});

test('a finalist much faster alone than in screening shows the link was full; the same rate shows it was not', () => {
  assert.equal(soloResponse(2.5e6, { bps: 12e6, ramping: false }), true);
  assert.equal(soloResponse(8e6, { bps: 8.3e6, ramping: false }), false);
  // Still ramping alone: a similar rate says nothing yet.
  assert.equal(soloResponse(8e6, { bps: 8.3e6, ramping: true }), undefined);
  assert.equal(soloResponse(undefined, { bps: 8e6, ramping: false }), undefined);
});

test('the cap guess lies between the share seen and the link, in ratio terms, and keeps their order', () => {
  assert.equal(capGuess(1e6, 16e6), 4e6);
  assert.ok(capGuess(2e6, 16e6) > capGuess(1e6, 16e6));
  // No room above the share: the share is all that is known.
  assert.equal(capGuess(5e6, 4e6), 5e6);
  assert.equal(capGuess(0, 4e6), 0);
});

test('alone, a far mirror pays its slow start: the estimate grows with the round trip at the same cap', () => {
  const near = soloBodyTime(5e6, 10, 14600, 10e6);
  const far = soloBodyTime(5e6, 150, 14600, 10e6);
  // Near: about 5 MB ÷ 10 MB/s once the ramp (a few 10 ms round trips) is done.
  assert.ok(near > 480 && near < 650, `${near}`);
  assert.ok(far > near + 600, `${far} vs ${near}`);
  // A higher cap never makes it slower, and a transfer within the first window costs nothing more.
  assert.ok(soloBodyTime(5e6, 50, 14600, 20e6) <= soloBodyTime(5e6, 50, 14600, 5e6));
  assert.equal(soloBodyTime(10_000, 50, 14600, 5e6), 0);
  // Consistent with the ramp model used for measured streams.
  assert.equal(soloBodyTime(1e6, 40, 14600, 8e6), rampTime(1e6 - 14600, 14600 / 0.04, { rttMs: 40, capBps: 8e6 }));
});

test('expected gain over the leader: a cap known exactly gains its difference; a censored near mirror may gain more than its middle says', () => {
  // 5 MB alone: 40 ms to the first byte, then the body at the cap (slow start left out for clarity).
  const time = (rttMs: number) => (capBps: number) => 2 * rttMs + (5e6 / Math.min(capBps, 12.5e6)) * 1000;
  assert.equal(expectedGain(time(20), 5e6, 12.5e6, true, 1100), 60);
  assert.equal(expectedGain(time(20), 2e6, 12.5e6, true, 1100), 0);
  // Seen at 3 MB/s on a 12.5 MB/s line: its middle (capGuess, ~6.1 MB/s) is about the leader's 860 ms, yet a
  // cap near the line's would take 440 ms, and the prior gives that its weight.
  const censored = expectedGain(time(20), 3e6, 12.5e6, false, 860);
  assert.ok(time(20)(capGuess(3e6, 12.5e6)) > 850);
  assert.ok(censored > 50, `gain ${censored}`);
  // The same share from a far mirror gains less: its round trips eat what its cap could give.
  assert.ok(expectedGain(time(150), 3e6, 12.5e6, false, 860) < censored / 2);
  // A mirror known to run at that middle exactly has next to nothing to gain: the range is what is worth a run.
  assert.ok(expectedGain(time(20), capGuess(3e6, 12.5e6), 12.5e6, true, 860) < 10);
});

test('a solo run still ramping after a full link is expected to level off above the share, not at it', () => {
  // Screening's streams levelled off at ~1.6 MB/s: their share of a 12.5 MB/s line, not where a mirror alone goes.
  // A finalist now at 4 MB/s and still in slow start was ranked as if it would stop at 1.6 (5 MB in ~3.2 s).
  const prior = soloPrior(4e6, 12.5e6, 1.6e6) as number;
  assert.ok(prior > 4e6 && prior < 12.5e6, String(prior));
  assert.equal(prior, capGuess(4e6, 12.5e6));
  // Without a shared link the other mirrors' levels are their own caps: the usual prior.
  assert.equal(soloPrior(4e6, undefined, 1.6e6), 1.6e6);
  assert.equal(soloPrior(4e6, undefined, undefined), undefined);
});

test('finalists after a rotation: most expected gain first, and none that could not beat the leader at all', () => {
  const ranked: [string, number | undefined][] = [
    ['near', 900],
    ['shared', 800],
    ['far', 1500],
    ['tie', 850],
    ['unknown', undefined],
  ];
  const gain = new Map([
    ['near', 120],
    ['shared', 40],
    ['far', 0],
    ['tie', 40],
  ]);
  // `far` (even at the line's rate slower than the leader) is not run alone; equal gains go by estimate.
  assert.deepEqual(
    byGain(ranked, gain, 5).map(([m]) => m),
    ['near', 'shared', 'tie'],
  );
  assert.deepEqual(
    byGain(ranked, gain, 1).map(([m]) => m),
    ['near'],
  );
  assert.deepEqual(byGain(ranked, gain, 0), []);
});
