import assert from 'node:assert/strict';
import { test } from 'node:test';

import { MirrorKitError } from '../errors';
import { sandboxCtx } from '../targets/test-context';

import { makePlan } from './plan';

const profile = (firewall: unknown) =>
  JSON.stringify({ name: 'corp', targets: { docker: { urls: ['http://10.1.2.3:5000'] } }, firewall });

test('a profile firewall rule joins its target plan on Windows, as one admin change', async () => {
  const { ctx, cleanup } = await sandboxCtx({ platform: 'win32', env: { USERPROFILE: 'C:\\Users\\li' } });
  try {
    const plan = await makePlan(ctx, { selection: { kind: 'profile', name: 'corp.json', text: profile([{ target: 'docker', port: 5000, remoteAddress: 'LocalSubnet' }]) } });
    const docker = plan.targets.find((t) => t.target === 'docker');
    const rules = docker?.changes.filter((c) => c.kind === 'firewallRule') ?? [];
    assert.equal(rules.length, 1);
    assert.deepEqual(rules[0], {
      kind: 'firewallRule',
      target: 'docker',
      action: 'ensure',
      admin: true,
      spec: { name: 'MirrorKit-docker-5000', port: 5000, protocol: 'TCP', direction: 'Inbound', remoteAddress: 'LocalSubnet' },
    });
  } finally {
    await cleanup();
  }
});

test('elsewhere the plan says firewall rules are Windows-only and creates none', async () => {
  const { ctx, cleanup } = await sandboxCtx({ platform: 'linux' });
  try {
    const plan = await makePlan(ctx, { selection: { kind: 'profile', name: 'corp.json', text: profile([{ target: 'docker', port: 5000 }]) } });
    const docker = plan.targets.find((t) => t.target === 'docker');
    assert.equal(docker?.changes.some((c) => c.kind === 'firewallRule'), false);
    assert.ok(docker?.warnings.some((w) => w.code === 'warn.firewall-windows-only'));
  } finally {
    await cleanup();
  }
});

test('hostile firewall entries make the whole profile invalid', async () => {
  const { ctx, cleanup } = await sandboxCtx({ platform: 'win32', env: { USERPROFILE: 'C:\\Users\\li' } });
  try {
    for (const bad of [
      [{ target: 'docker', port: 70000 }],
      [{ target: 'docker', port: 5000, remoteAddress: '$(calc)' }],
      [{ target: 'docker', port: 5000, name: 'Evil' }],
      [{ target: 'hosts', port: 5000 }],
    ]) {
      await assert.rejects(makePlan(ctx, { selection: { kind: 'profile', name: 'corp.json', text: profile(bad) } }), (e) => e instanceof MirrorKitError && e.code === 'error.bad-profile');
    }
  } finally {
    await cleanup();
  }
});
