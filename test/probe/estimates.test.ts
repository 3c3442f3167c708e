import assert from 'node:assert/strict';
import { test } from 'node:test';

import { promoteMeasured } from '../../electron/core/probe/rank';

test('first place goes to the best-known mirror; everything below it stays in order of estimate', () => {
  type Row = { id: string; est: number; known: number };
  const rows: Row[] = [
    { id: 'guess', est: 500, known: 0 },
    { id: 'shared', est: 700, known: 1 },
    { id: 'alone', est: 900, known: 2 },
    { id: 'shared2', est: 950, known: 1 },
    { id: 'alone2', est: 1200, known: 2 },
  ];
  const order = (xs: Row[]): string[] => {
    const copy = [...xs];
    promoteMeasured(
      copy,
      () => true,
      (r) => r.known,
    );
    return copy.map((r) => r.id);
  };
  // Before, every finalist ranked above every other mirror: alone2 (1.2 s) above shared (0.7 s).
  assert.deepEqual(order(rows), ['alone', 'guess', 'shared', 'shared2', 'alone2']);
  // Without a finalist, a measured rate still beats a guess from latency alone.
  assert.deepEqual(order(rows.filter((r) => r.known < 2)), ['shared', 'guess', 'shared2']);
  // An unusable top (say, every mirror broken) is left alone.
  const broken = [...rows];
  promoteMeasured(
    broken,
    (r) => r.id !== 'guess',
    (r) => r.known,
  );
  assert.equal(broken[0]?.id, 'guess');
});
