/**
 * The packed app.asar carries only what runs: the three bundles, the renderer and package.json; no node_modules,
 * no source maps, no harness bundles; and it stays within its size budget.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { ASAR_BUDGET, asarReport, findAsar, forbidden } from '../../scripts/package-lane/asar-size.mjs';
import { laneResult, root } from './lane';

test('the asar holds exactly the bundles, the renderer and package.json, within 6 MB', () => {
  const lane = laneResult();
  const asar = findAsar(lane.unpacked);
  assert.ok(asar, `no app.asar in ${lane.unpacked}`);
  const r = asarReport(asar);
  const files = r.files.filter((f) => path.extname(f) !== '' || f.endsWith('package.json'));
  const renderer = readdirSync(path.join(root, 'out', 'renderer', 'assets')).map((f) => `/out/renderer/assets/${f}`);
  const expected = [
    '/out/cli.cjs',
    '/out/main.cjs',
    '/out/preload.cjs',
    '/out/renderer/index.html',
    ...renderer,
    '/package.json',
  ].sort();
  assert.deepEqual(files.sort(), expected);
  assert.deepEqual(forbidden(r.files), []);
  console.log(`app.asar ${(r.bytes / 1024 / 1024).toFixed(2)} MB, ${files.length} files`);
  assert.ok(r.bytes <= ASAR_BUDGET, `app.asar is ${r.bytes} bytes, over ${ASAR_BUDGET}`);
});

test('the asar check refuses node_modules, source maps and harness bundles', () => {
  assert.deepEqual(forbidden(['/out/main.cjs', '/package.json', '/out/renderer/index.html']), []);
  assert.equal(forbidden(['/node_modules/react/index.js']).length, 1);
  assert.equal(forbidden(['/out/node_modules/x.js']).length, 1);
  assert.equal(forbidden(['/out/main.cjs.map']).length, 1);
  assert.equal(forbidden(['/out/harness.cjs', '/out/harness-engine.cjs']).length, 2);
});

test('no unpacked side folder (app.asar.unpacked) ships beside the asar', () => {
  const lane = laneResult();
  assert.equal(existsSync(path.join(lane.unpacked, 'resources', 'app.asar.unpacked')), false);
});

test('the Group Policy templates ship beside the app (resources/policy), byte-identical to the build', () => {
  const lane = laneResult();
  for (const rel of ['MirrorKit.admx', 'en-US/MirrorKit.adml', 'zh-CN/MirrorKit.adml']) {
    const shipped = path.join(lane.unpacked, 'resources', 'policy', rel);
    assert.ok(existsSync(shipped), `${rel} is not in resources/policy`);
    assert.ok(readFileSync(shipped).equals(readFileSync(path.join(root, 'out', 'policy', rel))), `${rel} differs`);
  }
});
