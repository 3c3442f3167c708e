// Every registered target (shared/targets/index.ts) is complete: a module, a profile entry, an allowlist
// declaration, presets, names and messages. Adding a tool that misses one of them fails here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadCatalog } from '../../../shared/catalog';
import { dictionaries } from '../../../shared/i18n';
import { ProfileSchema } from '../../../shared/profile/schema';
import { TARGET_SPECS } from '../../../shared/targets';
import { MACHINE_VARIABLES } from '../elevate/allowlist';
import { resolveSelection } from '../plan/resolve';

import { TARGETS } from './index';
import { sandboxCtx } from './test-context';

const catalog = loadCatalog();
const profile = (targets: Record<string, unknown>) => ProfileSchema.safeParse({ name: 'corp', targets });

describe('target registry', () => {
  for (const spec of TARGET_SPECS) {
    describe(spec.id, () => {
      it('has a core module carrying its spec', () => {
        const m = TARGETS[spec.id];
        assert.ok(m, `electron/core/targets/index.ts registers ${spec.id}`);
        for (const k of ['id', 'kind', 'name', 'platforms', 'presets', 'profile', 'extras', 'messages'] as const)
          assert.equal(m[k], spec[k], k);
        assert.ok(spec.platforms.length > 0);
      });

      it('has a strict profile entry: a catalog provider is accepted, an unknown key refused', () => {
        const r = profile({ [spec.id]: { provider: 'official' } });
        assert.equal(r.success, true, r.success ? '' : r.error.message);
        assert.equal(profile({ [spec.id]: { provider: 'official', typo: 1 } }).success, false);
      });

      it('declares what it may ask the elevated helper for, and the allowlist holds it', () => {
        const m = TARGETS[spec.id];
        assert.equal(typeof m.machineEnv, 'object');
        for (const [name, check] of Object.entries(m.machineEnv)) assert.equal(MACHINE_VARIABLES[name], check, name);
      });

      it('is served by the presets it names, official among them', () => {
        assert.equal(spec.presets.official, 'official', 'the official preset names every tool');
        for (const [preset, provider] of Object.entries(spec.presets)) {
          assert.ok(catalog.preset(preset), `preset ${preset} exists`);
          assert.equal(catalog.preset(preset)?.choose[spec.id], provider);
          assert.equal(catalog.active(spec.kind, provider)?.status, 'active', `${preset} → ${provider}`);
        }
      });

      it('is named, and its own messages exist in both languages', () => {
        const dict = dictionaries();
        assert.equal(dict.en[`app.tool.${spec.id}`], spec.name.en);
        assert.equal(dict['zh-CN'][`app.tool.${spec.id}`], spec.name['zh-CN']);
        const en = Object.keys(spec.messages?.en ?? {}).sort();
        assert.deepEqual(Object.keys(spec.messages?.['zh-CN'] ?? {}).sort(), en);
        for (const k of en) assert.equal(dict.en[k], spec.messages?.en[k], `${k} is not overridden by another area`);
      });
    });
  }

  it('a preset that has no mirror for a tool leaves it alone and says so', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const r = resolveSelection(ctx, { kind: 'preset', preset: 'aliyun' });
      const docker = r.skips.find((s) => s.target === 'docker');
      assert.equal(docker?.reason?.code, 'skip.no-mirror-in-preset');
      assert.equal(
        r.choices.some((c) => c.target === 'docker'),
        false,
      );
    } finally {
      await cleanup();
    }
  });

  it('a profile entry hands its extras to the module (go: GOPRIVATE …)', async () => {
    const { ctx, cleanup } = await sandboxCtx();
    try {
      const text = JSON.stringify({
        name: 'corp',
        targets: { go: { provider: 'goproxy-cn', goprivate: 'git.corp.example/*' }, pip: { provider: 'tuna' } },
      });
      const r = resolveSelection(ctx, { kind: 'profile', name: 'corp.json', text });
      assert.deepEqual(r.choices.find((c) => c.target === 'go')?.extras, { GOPRIVATE: 'git.corp.example/*' });
      assert.equal(r.choices.find((c) => c.target === 'pip')?.extras, undefined);
    } finally {
      await cleanup();
    }
  });
});
