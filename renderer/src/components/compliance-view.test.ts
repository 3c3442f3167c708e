import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { ComplianceCheck } from '../../../shared/ipc/compliance';
import { t } from '../../../shared/i18n';

import { APPLY_COMMAND, complianceView } from './compliance-view';

const at = '2026-12-07T08:00:05.000Z';
const time = (iso: string) => `T(${iso})`;
const base = { at, intervalHours: 4, profile: 'https://it.example/p.json' };

test('compliant: a good note with the time and interval, no tools, no command', () => {
  const v = complianceView({ ...base, verdict: 'compliant', tools: [{ target: 'pip', state: 'compliant' }] }, time);
  assert.equal(v.tone, 'ok');
  assert.deepEqual(v.tools, []);
  assert.equal(v.command, undefined);
  assert.equal(t('en', v.line), `Compliance check (T(${at}), every 4 h): every tool uses your organization's profile.`);
  assert.match(t('zh-CN', v.line), /每 4 小时/);
});

test('drift: the tools that differ (not the compliant or skipped ones) and the command that applies the policy', () => {
  const c: ComplianceCheck = {
    ...base,
    verdict: 'drift',
    tools: [
      { target: 'pip', state: 'compliant' },
      { target: 'npm', state: 'missing' },
      { target: 'go', state: 'shadowed' },
      { target: 'cargo', state: 'drift' },
      { target: 'apt', state: 'skipped' },
    ],
  };
  const v = complianceView(c, time);
  assert.equal(v.tone, 'warn');
  assert.deepEqual(
    v.tools.map((x) => x.target),
    ['npm', 'go', 'cargo'],
  );
  assert.equal(v.command, APPLY_COMMAND);
  assert.equal(APPLY_COMMAND, 'mirrorkit apply --from-policy --yes');
});

test('error: the unreadable tools, and no command (applying does not fix a malformed file)', () => {
  const v = complianceView(
    {
      ...base,
      verdict: 'error',
      tools: [
        { target: 'pip', state: 'error' },
        { target: 'npm', state: 'drift' },
      ],
    },
    time,
  );
  assert.equal(v.tone, 'bad');
  assert.deepEqual(v.tools, [{ target: 'pip', state: 'error' }]);
  assert.equal(v.command, undefined);
});

test('a check that could not run shows its reason in both languages', () => {
  const error = { code: 'trust.unreachable', params: { url: base.profile, reason: 'ECONNREFUSED' } };
  const v = complianceView({ at, intervalHours: 1, verdict: 'failed', error }, time);
  assert.equal(v.tone, 'bad');
  assert.deepEqual(v.error, error);
  assert.equal(v.command, undefined);
  assert.match(t('en', v.line), /could not run/);
  assert.match(t('zh-CN', v.line), /未能完成/);
});
