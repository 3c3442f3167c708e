// The app's periodic compliance check on a virtual clock: nothing sleeps, each timer fires when the test says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { ComplianceCheck, ComplianceVerdict } from '../../shared/ipc/compliance';
import { MirrorKitError } from '../core/errors';

import { virtualScheduler } from '../../test/helpers/virtual-scheduler';

import { MAX_TIMEOUT_MS, startComplianceTimer } from './compliance-timer';

const HOUR = 3_600_000;

const verdict: ComplianceVerdict = {
  verdict: 'drift',
  profile: 'https://it.example/p.json',
  tools: [{ target: 'pip', state: 'missing' }],
};

function setup(hours: number | undefined, check: () => Promise<ComplianceVerdict> = async () => verdict) {
  const s = virtualScheduler();
  const results: ComplianceCheck[] = [];
  const logs: string[] = [];
  let checks = 0;
  const timer = startComplianceTimer({
    intervalHours: async () => hours,
    check: () => {
      checks++;
      return check();
    },
    onResult: (c) => results.push(c),
    log: (l) => logs.push(l),
    scheduler: s,
    firstDelayMs: 5_000,
  });
  return { s, timer, results, logs, checks: () => checks };
}

test('with an interval it checks soon after start, then once per interval', async () => {
  const { s, timer, results, checks } = setup(2);
  await s.advance(4_999);
  assert.equal(checks(), 0);
  assert.equal(timer.latest(), null);
  await s.advance(1);
  assert.equal(checks(), 1);
  assert.deepEqual(results[0], { ...verdict, at: '2026-12-07T08:00:05.000Z', intervalHours: 2 });
  assert.deepEqual(timer.latest(), results[0]);
  await s.advance(2 * HOUR - 1);
  assert.equal(checks(), 1);
  await s.advance(1);
  assert.equal(checks(), 2);
  await s.advance(4 * HOUR);
  assert.equal(checks(), 4);
  assert.equal(results[3]?.at, '2026-12-07T14:00:05.000Z');
  timer.stop();
});

test('without the policies (no ProfileUrl or no CheckIntervalHours) nothing is scheduled or checked', async () => {
  const { s, results, checks } = setup(undefined);
  await s.advance(1_000 * HOUR);
  assert.equal(checks(), 0);
  assert.deepEqual(results, []);
  assert.deepEqual(s.pending(), []);
});

test('stop (the app quits) ends the schedule and cancels the pending timer', async () => {
  const { s, timer, checks } = setup(1);
  await s.advance(5_000);
  assert.equal(checks(), 1);
  assert.equal(s.pending().length, 1);
  timer.stop();
  assert.deepEqual(s.pending(), []);
  await s.advance(10 * HOUR);
  assert.equal(checks(), 1);
});

test('a check running when the app quits is not reported, and schedules nothing', async () => {
  let release!: () => void;
  const { s, timer, results } = setup(1, () => new Promise((r) => (release = () => r(verdict))));
  await s.advance(5_000);
  timer.stop();
  release();
  await s.advance(0);
  assert.deepEqual(results, []);
  assert.deepEqual(s.pending(), []);
});

test('a failing check is reported as a result with its message, not thrown, and the schedule goes on', async () => {
  let fail = true;
  const { s, results, logs, checks, timer } = setup(3, async () => {
    if (fail) throw new MirrorKitError('trust.unreachable', { url: 'https://it.example/p.json', reason: 'x' }, 6);
    return verdict;
  });
  await s.advance(5_000);
  assert.deepEqual(results[0], {
    verdict: 'failed',
    at: '2026-12-07T08:00:05.000Z',
    intervalHours: 3,
    error: { code: 'trust.unreachable', params: { url: 'https://it.example/p.json', reason: 'x' } },
  });
  assert.deepEqual(logs, [], 'an expected failure is the user-facing result, not a log line');
  fail = false;
  await s.advance(3 * HOUR);
  assert.equal(checks(), 2);
  assert.equal(results[1]?.verdict, 'drift');
  timer.stop();
});

test('an unexpected error is reported as internal and logged with its stack', async () => {
  const { s, results, logs, timer } = setup(1, async () => {
    throw new TypeError('boom');
  });
  await s.advance(5_000);
  assert.equal(results[0]?.verdict, 'failed');
  assert.equal(results[0]?.verdict === 'failed' && results[0].error.code, 'error.internal');
  assert.match(logs[0] ?? '', /compliance check failed: TypeError: boom/);
  timer.stop();
});

test('the 720-hour maximum waits the whole interval (Node fires longer timeouts at once)', async () => {
  const { s, checks, timer } = setup(720);
  await s.advance(5_000);
  assert.equal(checks(), 1);
  assert.ok(s.pending().every((ms) => ms <= MAX_TIMEOUT_MS));
  await s.advance(720 * HOUR - 1);
  assert.equal(checks(), 1);
  await s.advance(1);
  assert.equal(checks(), 2);
  timer.stop();
});

test('a policy removed while the app runs ends the schedule; one that cannot be read is logged', async () => {
  const s = virtualScheduler();
  let hours: number | undefined = 1;
  let checks = 0;
  const logs: string[] = [];
  startComplianceTimer({
    intervalHours: async () => {
      if (hours === -1) throw new Error('registry gone');
      return hours;
    },
    check: async () => {
      checks++;
      return verdict;
    },
    onResult: () => {},
    log: (l) => logs.push(l),
    scheduler: s,
  });
  await s.advance(0);
  assert.equal(checks, 1);
  hours = undefined;
  await s.advance(HOUR);
  assert.equal(checks, 1);
  assert.deepEqual(s.pending(), []);
  hours = -1;
  startComplianceTimer({
    intervalHours: async () => {
      throw new Error('registry gone');
    },
    check: async () => verdict,
    onResult: () => {},
    log: (l) => logs.push(l),
    scheduler: s,
  });
  await s.advance(HOUR);
  assert.deepEqual(s.pending(), []);
  assert.match(logs[0] ?? '', /policy cannot be read: registry gone/);
});
