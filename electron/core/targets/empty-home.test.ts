import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadCatalog } from '../../../shared/catalog';
import { TARGET_IDS } from '../../../shared/types/core';
import { createCore } from '../api';

import { sandboxCtx } from './test-context';

// A new laptop: no config file of any tool yet. Every preset must plan for every tool there without an error
// (a change, an unchanged or a skip with its reason), and an apply of it must go through.
for (const preset of loadCatalog().presets.map((p) => p.id)) {
  test(`preset ${preset} on an empty home: every target plans and applies`, async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const core = createCore(ctx, { skipVerify: true });
      const plan = await core.plan({ selection: { kind: 'preset', preset }, only: [...TARGET_IDS] });
      const errors = plan.targets
        .filter((t) => t.status === 'error')
        .map((t) => `${t.target}: ${JSON.stringify(t.reason)}`);
      assert.deepEqual(errors, []);
      const result = await core.apply(plan);
      assert.ok(
        ['applied', 'nothing-to-do', 'needs-elevation'].includes(result.status),
        JSON.stringify(result.targets.filter((t) => t.error)),
      );
    } finally {
      await cleanup();
    }
  });
}
