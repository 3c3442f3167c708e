import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';

import type { FirewallRuleSpec } from '../../../../shared/types/core';
import { MirrorKitError } from '../../errors';

import { applyFirewallRule, FIREWALL_SCRIPT, firewallInvocation } from './firewall';
import { decodePowerShell, encodePowerShell } from './powershell';
import { fakeWindows } from './testkit';

const SPEC: FirewallRuleSpec = {
  name: 'MirrorKit-pypi-cache',
  port: 3141,
  protocol: 'TCP',
  direction: 'Inbound',
  remoteAddress: '192.168.1.0/24',
};

test('the exact invocation: constant encoded script, values only in MIRRORKIT_FW_* variables', () => {
  const inv = firewallInvocation({ SystemRoot: 'C:\\Windows', Path: 'C:\\Windows' }, 'ensure', SPEC);
  assert.equal(inv.command, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  assert.deepEqual(inv.args, [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    encodePowerShell(FIREWALL_SCRIPT),
  ]);
  assert.equal(decodePowerShell(inv.args[5]!), FIREWALL_SCRIPT);
  assert.deepEqual(Object.fromEntries(Object.entries(inv.env).filter(([k]) => k.startsWith('MIRRORKIT_'))), {
    MIRRORKIT_FW_ACTION: 'ensure',
    MIRRORKIT_FW_NAME: 'MirrorKit-pypi-cache',
    MIRRORKIT_FW_GROUP: 'MirrorKit',
    MIRRORKIT_FW_DIRECTION: 'Inbound',
    MIRRORKIT_FW_PROTOCOL: 'TCP',
    MIRRORKIT_FW_PORT: '3141',
    MIRRORKIT_FW_REMOTE: '192.168.1.0/24',
  });
  assert.equal(inv.env.Path, 'C:\\Windows', 'the parent environment is kept');
});

test('whatever the spec, the argv is the same: no value can reach the script text', () => {
  const base = firewallInvocation({}, 'ensure', SPEC).args;
  fc.assert(
    fc.property(
      fc.string(),
      fc.integer(),
      fc.constantFrom('ensure' as const, 'remove' as const),
      (name, port, action) => {
        const spec = { ...SPEC, name: name.replace(/\0/g, ''), port };
        assert.deepEqual(firewallInvocation({}, action, spec).args, base);
      },
    ),
  );
});

test('the script removes by -Name, creates in the MirrorKit group, and refuses foreign names itself', () => {
  assert.match(
    FIREWALL_SCRIPT,
    /Get-NetFirewallRule -Name \$name -ErrorAction SilentlyContinue \| Remove-NetFirewallRule/,
  );
  assert.match(FIREWALL_SCRIPT, /New-NetFirewallRule @rule/);
  assert.match(FIREWALL_SCRIPT, /StartsWith\('MirrorKit'\)/);
  // Every value comes from the environment; none is a literal that a caller could have influenced.
  for (const v of ['NAME', 'GROUP', 'DIRECTION', 'PROTOCOL', 'PORT', 'REMOTE', 'ACTION'])
    assert.match(FIREWALL_SCRIPT, new RegExp(`\\$env:MIRRORKIT_FW_${v}`));
});

test('a missing remote address means LocalSubnet', () => {
  const { remoteAddress: _drop, ...spec } = SPEC;
  assert.equal(firewallInvocation({}, 'ensure', spec).env.MIRRORKIT_FW_REMOTE, 'LocalSubnet');
});

test('failure of PowerShell is reported with its message', async () => {
  const w = fakeWindows();
  w.answer.set('powershell.exe', () => ({ code: 1, stdout: '', stderr: 'Access is denied.\r\n' }));
  await assert.rejects(
    applyFirewallRule(w.exec, { SystemRoot: 'C:\\Windows' }, 'remove', SPEC),
    (e: unknown) =>
      e instanceof MirrorKitError && e.code === 'windows.firewall-failed' && e.params.reason === 'Access is denied.',
  );
  assert.equal(w.calls[0]?.env?.MIRRORKIT_FW_ACTION, 'remove');
});
