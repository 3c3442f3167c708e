import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import type { ApplyProgress } from '../../../shared/types/api';

import { bytesOf, plan, sandboxPerTest, targetPlan, writeFile } from './testkit';
import { applyPlan } from './transaction';

const open = sandboxPerTest();

describe('applyPlan: progress as it happens', () => {
  it('tells each target backing up, writing, verifying, done, in that order, while the work happens', async () => {
    const s = await open();
    const pipConf = path.join(s.dir, '.config', 'pip', 'pip.conf');
    const npmrc = path.join(s.dir, '.npmrc');
    await fs.writeFile(npmrc, 'registry=https://old/\n');
    const p = plan([
      targetPlan('pip', [await writeFile('pip', pipConf, '[global]\nindex-url = https://m/\n')]),
      targetPlan('npm', [await writeFile('npm', npmrc, 'registry=https://m/\n')]),
    ]);
    const seen: ApplyProgress[] = [];
    await applyPlan(s.ctx, p, {
      onProgress: (e) => seen.push(e),
      verify: async (target) => {
        // Verification runs once the file is written, and after the 'verifying' event went out.
        assert.ok(seen.some((e) => e.target === target && e.phase === 'verifying'));
        assert.ok((await bytesOf(target === 'pip' ? pipConf : npmrc)) !== null);
        return { target, ok: true, observed: 'https://m/', command: ['x'] };
      },
    });
    for (const target of ['pip', 'npm'] as const) {
      assert.deepEqual(
        seen.filter((e) => e.target === target).map((e) => e.phase),
        ['backing-up', 'writing', 'verifying', 'done'],
        target,
      );
    }
  });

  it('says failed for every target when a write fails and all is put back; a throwing listener changes nothing', async () => {
    const s = await open();
    const pipConf = path.join(s.dir, '.config', 'pip', 'pip.conf');
    const blocker = path.join(s.dir, 'blocker');
    await fs.writeFile(blocker, 'a file, not a folder');
    const p = plan([
      targetPlan('pip', [await writeFile('pip', pipConf, 'x\n')]),
      targetPlan('npm', [await writeFile('npm', path.join(blocker, '.npmrc'), 'y\n')]),
    ]);
    const seen: ApplyProgress[] = [];
    const r = await applyPlan(s.ctx, p, {
      onProgress: (e) => {
        seen.push(e);
        throw new Error('a broken display');
      },
    });
    assert.notEqual(r.status, 'applied');
    assert.equal(await bytesOf(pipConf), null);
    assert.deepEqual(
      seen.filter((e) => e.phase === 'failed').map((e) => e.target),
      ['pip', 'npm'],
    );
  });
});
