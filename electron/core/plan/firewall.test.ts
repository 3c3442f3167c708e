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
    const plan = await makePlan(ctx, {
      selection: {
        kind: 'profile',
        name: 'corp.json',
        text: profile([{ target: 'docker', port: 5000, remoteAddress: 'LocalSubnet' }]),
      },
    });
    const docker = plan.targets.find((t) => t.target === 'docker');
    const rules = docker?.changes.filter((c) => c.kind === 'firewallRule') ?? [];
    assert.equal(rules.length, 1);
    assert.deepEqual(rules[0], {
      kind: 'firewallRule',
      target: 'docker',
      action: 'ensure',
      admin: true,
      spec: {
        name: 'MirrorKit-docker-5000',
        port: 5000,
        protocol: 'TCP',
        direction: 'Inbound',
        remoteAddress: 'LocalSubnet',
      },
    });
  } finally {
    await cleanup();
  }
});

test('elsewhere the plan says firewall rules are Windows-only and creates none', async () => {
  const { ctx, cleanup } = await sandboxCtx({ platform: 'linux' });
  try {
    const plan = await makePlan(ctx, {
      selection: { kind: 'profile', name: 'corp.json', text: profile([{ target: 'docker', port: 5000 }]) },
    });
    const docker = plan.targets.find((t) => t.target === 'docker');
    assert.equal(
      docker?.changes.some((c) => c.kind === 'firewallRule'),
      false,
    );
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
      await assert.rejects(
        makePlan(ctx, { selection: { kind: 'profile', name: 'corp.json', text: profile(bad) } }),
        (e) => e instanceof MirrorKitError && e.code === 'error.bad-profile',
      );
    }
  } finally {
    await cleanup();
  }
});

test('rules asked for beside a preset (the wizard, --firewall) join the plan; the same rule twice is one', async () => {
  const { ctx, cleanup } = await sandboxCtx({ platform: 'win32', env: { USERPROFILE: 'C:\\Users\\li' } });
  try {
    const plan = await makePlan(ctx, {
      selection: { kind: 'set', target: 'docker', mirror: 'http://10.1.2.3:5000' },
      firewall: [
        { target: 'docker', port: 5000 },
        { target: 'docker', port: 5000, remoteAddress: 'LocalSubnet' },
        { target: 'docker', port: 5000, protocol: 'UDP' },
      ],
    });
    const rules =
      plan.targets.find((t) => t.target === 'docker')?.changes.filter((c) => c.kind === 'firewallRule') ?? [];
    assert.deepEqual(
      rules.map((r) => r.kind === 'firewallRule' && [r.spec.name, r.spec.protocol, r.spec.remoteAddress]),
      [
        ['MirrorKit-docker-5000', 'TCP', 'LocalSubnet'],
        ['MirrorKit-docker-5000-udp', 'UDP', undefined],
      ],
    );
  } finally {
    await cleanup();
  }
});

test('a hostile rule from the wizard or the command line is refused before anything is planned', async () => {
  const { ctx, cleanup } = await sandboxCtx({ platform: 'win32', env: { USERPROFILE: 'C:\\Users\\li' } });
  try {
    const selection = { kind: 'set', target: 'docker', mirror: 'http://10.1.2.3:5000' } as const;
    for (const bad of [
      { target: 'docker', port: 0 },
      { target: 'docker', port: 5000, remoteAddress: '1.2.3.4; Remove-Item' },
      { target: 'docker', port: 5000, extra: 1 },
    ]) {
      await assert.rejects(
        makePlan(ctx, { selection, firewall: [bad as never] }),
        (e) => e instanceof MirrorKitError && e.code === 'error.bad-firewall-rule' && e.exit === 2,
      );
    }
    const many = Array.from({ length: 11 }, (_, i) => ({ target: 'docker' as const, port: 5000 + i }));
    await assert.rejects(
      makePlan(ctx, { selection, firewall: many }),
      (e) => e instanceof MirrorKitError && e.code === 'error.bad-firewall-rule',
    );
  } finally {
    await cleanup();
  }
});

test('a rule for a tool the selection leaves alone keeps its mirror and adds the rule; a skipped tool says it was not planned', async () => {
  const { ctx, cleanup } = await sandboxCtx({ platform: 'win32', env: { USERPROFILE: 'C:\\Users\\li' } });
  try {
    const plan = await makePlan(ctx, {
      selection: { kind: 'set', target: 'docker', mirror: 'http://10.1.2.3:5000' },
      firewall: [{ target: 'npm', port: 4873 }],
    });
    const npm = plan.targets.find((t) => t.target === 'npm');
    assert.equal(npm?.status, 'change');
    assert.equal(npm?.before, npm?.after);
    assert.deepEqual(
      npm?.changes.map((c) => c.kind),
      ['firewallRule'],
    );

    const skipped = await makePlan(ctx, {
      selection: { kind: 'preset', preset: 'aliyun' },
      only: ['docker'],
      firewall: [{ target: 'docker', port: 5000 }],
    });
    const docker = skipped.targets.find((t) => t.target === 'docker');
    assert.equal(docker?.status, 'skipped');
    assert.deepEqual(docker?.warnings, [
      { code: 'warn.firewall-not-planned', params: { name: 'MirrorKit-docker-5000', target: 'docker' } },
    ]);
  } finally {
    await cleanup();
  }
});
