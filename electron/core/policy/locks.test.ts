import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

import { createCore } from '../api';
import { MirrorKitError } from '../errors';
import { sandboxCtx } from '../targets/test-context';

const NPMRC = 'registry=https://registry.npmjs.org/\n';

/** What the app's IPC binding does: `core.apply(plan)` with no policy flag (the contract cannot carry one). */
test('the app cannot change or restore a tool the organization locked; the policy apply can', async () => {
  const { ctx, root, cleanup } = await sandboxCtx({ files: { 'home/.npmrc': NPMRC } });
  const policyFile = path.join(root, 'sysroot/etc/mirrorkit/policies/managed/corp.json');
  const core = createCore(ctx, { skipVerify: true });
  const req = {
    selection: { kind: 'set' as const, target: 'npm' as const, mirror: 'https://registry.npmmirror.com/' },
  };
  try {
    const earlier = await core.apply(await core.plan(req));
    assert.equal(earlier.status, 'applied');
    await fs.mkdir(path.dirname(policyFile), { recursive: true });
    await fs.writeFile(policyFile, JSON.stringify({ LockedTargets: ['npm'] }));
    const npmrc = await fs.readFile(path.join(root, 'home/.npmrc'), 'utf8');

    const other = {
      selection: { kind: 'set' as const, target: 'npm' as const, mirror: 'https://mirrors.cloud.tencent.com/npm/' },
    };
    for (const opts of [{}, { dryRun: true }]) {
      await assert.rejects(
        core.apply(await core.plan(other), opts),
        (e) => e instanceof MirrorKitError && e.code === 'policy.locked',
      );
    }
    await assert.rejects(core.restore(), (e) => e instanceof MirrorKitError && e.code === 'policy.locked-restore');
    assert.equal(await fs.readFile(path.join(root, 'home/.npmrc'), 'utf8'), npmrc);

    const managed = await core.apply(await core.plan(other), { policyApply: true });
    assert.equal(managed.status, 'applied');
    await fs.rm(policyFile);
    assert.equal((await core.restore()).status, 'restored');
  } finally {
    await cleanup();
  }
});
