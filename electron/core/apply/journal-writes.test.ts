import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';

import { BackupStore, appliesDir } from '../fsx/backup';

import { plan, sandboxPerTest, targetPlan, writeFile } from './testkit';
import { applyPlan } from './transaction';

const open = sandboxPerTest();

/**
 * The journal marks each change applied as soon as it is written and writes the manifest while the next change
 * runs (journal.ts, markSoon). What must not change: the manifest on disk ends with every entry's real state,
 * and a manifest that cannot be written stops the apply and puts every file back.
 */
describe('journal writes behind the steps', () => {
  it('ends with every entry applied on disk, in plan order, after many files', async () => {
    const s = await open();
    const files = Array.from({ length: 12 }, (_, i) => path.join(s.dir, `f${i}.conf`));
    for (const f of files) await fs.writeFile(f, 'old\n');
    const ids = ['pip', 'npm', 'go', 'cargo', 'maven', 'gradle', 'pnpm', 'uv', 'pdm', 'conda', 'yarn', 'bun'] as const;
    const p = plan(
      await Promise.all(ids.map(async (t, i) => targetPlan(t, [await writeFile(t, files[i]!, `new ${i}\n`)]))),
    );
    const r = await applyPlan(s.ctx, p);
    assert.equal(r.status, 'applied');
    const m = await BackupStore.open(s.ctx.stateDir, r.id ?? '').readManifest();
    assert.deepEqual(
      m.entries.map((e) => [e.kind === 'file' ? path.basename(e.path) : e.kind, e.state]),
      files.map((f) => [path.basename(f), 'applied']),
    );
    assert.equal(m.status, 'applied');
  });

  it('a manifest that cannot be written after the first change stops the apply and puts every file back', async () => {
    const s = await open();
    const a = path.join(s.dir, 'a.conf');
    const b = path.join(s.dir, 'b.conf');
    await fs.writeFile(a, 'a original\n');
    await fs.writeFile(b, 'b original\n');
    const p = plan([
      targetPlan('pip', [await writeFile('pip', a, 'A\n')]),
      targetPlan('npm', [await writeFile('npm', b, 'B\n')]),
    ]);
    // As the first file is about to be written, the manifest's name becomes a folder: renaming over it fails,
    // even for root, so every later manifest write fails.
    const onProgress = ({ target, phase }: { target: string; phase: string }) => {
      if (target !== 'pip' || phase !== 'writing') return;
      const [id] = readdirSync(appliesDir(s.ctx.stateDir));
      const manifest = path.join(appliesDir(s.ctx.stateDir), id!, 'manifest.json');
      rmSync(manifest);
      mkdirSync(manifest);
      writeFileSync(path.join(manifest, 'x'), '');
    };
    const outcome = await applyPlan(s.ctx, p, { onProgress }).then(
      (r) => r.status,
      (e: unknown) => `rejected: ${(e as Error).message}`,
    );
    assert.notEqual(outcome, 'applied');
    assert.equal(await fs.readFile(a, 'utf8'), 'a original\n');
    assert.equal(await fs.readFile(b, 'utf8'), 'b original\n');
  });
});
