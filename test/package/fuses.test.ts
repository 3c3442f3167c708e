/** The fuse wire of the packed MirrorKit.exe, read back with @electron/fuses, is what electron-builder.yml says. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

import { laneResult, root } from './lane';

/** electronFuses of electron-builder.yml (a flat block of `key: true|false`), by FuseV1Options index. */
function configuredFuses(): Map<number, boolean> {
  const yml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
  const block = /^electronFuses:\n((?: {2}.*\n?)+)/m.exec(yml)?.[1];
  assert.ok(block, 'electron-builder.yml has no electronFuses block');
  const out = new Map<number, boolean>();
  for (const line of block.split('\n').filter((l) => l.trim() !== '')) {
    const m = /^ {2}(\w+): (true|false)\s*$/.exec(line);
    assert.ok(m, `unexpected line in electronFuses: ${line}`);
    const name = (m[1] ?? '').replace(/^./, (c) => c.toUpperCase());
    const index = (FuseV1Options as unknown as Record<string, number>)[name];
    assert.equal(typeof index, 'number', `electronFuses.${m[1]} is not a fuse @electron/fuses knows`);
    out.set(index as number, m[2] === 'true');
  }
  return out;
}

test('the packed executable carries the fuse wire electronFuses asks for', async () => {
  const lane = laneResult();
  const wire = await getCurrentFuseWire(path.join(lane.unpacked, 'MirrorKit.exe'));
  const want = configuredFuses();
  assert.ok(want.size >= 7, 'every hardening fuse is configured');
  for (const [index, enabled] of want) {
    assert.equal(
      wire[index as FuseV1Options],
      enabled ? 0x31 : 0x30,
      `fuse ${FuseV1Options[index]} should be ${enabled ? 'on' : 'off'}`,
    );
  }
  const bits = Object.keys(wire)
    .filter((k) => k !== 'version')
    .map((k) => String.fromCharCode(wire[Number(k) as FuseV1Options] as number))
    .join('');
  console.log(`fuse wire ${bits} (RunAsNode first; the stand-in's default was 10110001)`);
});
