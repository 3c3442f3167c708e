import assert from 'node:assert/strict';
import { test } from 'node:test';

import { HostGroups } from '../../electron/core/probe/hosts';
import type { Mirror } from '../../electron/core/probe/mirror';

const fake = (id: string, key: string, group: string, version?: string): Mirror =>
  ({ id, group, cand: { provider: id }, hostKey: () => key, verdict: version ? { version } : {} }) as unknown as Mirror;

test('the first live candidate on a host leads; the others follow it, and lead in turn when its file fails', () => {
  const g = new HostGroups(true);
  const [pip, npm, uv, other] = [
    fake('pip', 'h1', 'pip'),
    fake('npm', 'h1', 'npm'),
    fake('uv', 'h1', 'uv'),
    fake('o', 'h2', 'pip'),
  ];
  assert.equal(g.place(pip), undefined);
  assert.equal(g.place(npm), pip);
  assert.equal(g.place(uv), pip);
  assert.equal(g.place(other), undefined);
  assert.deepEqual(g.followers(pip), [npm, uv]);
  assert.ok(g.leads(pip) && !g.leads(npm));
  // pip's wheel failed on h1: npm's tarball may not; uv now follows npm.
  assert.equal(g.promote(pip), npm);
  assert.ok(g.leads(npm));
  assert.deepEqual(g.followers(npm), [uv]);
  assert.equal(g.promote(npm), uv);
  // The last one failing leaves the host without a leader: a later candidate on it leads.
  assert.equal(g.promote(uv), undefined);
  const late = fake('late', 'h1', 'pdm');
  assert.equal(g.place(late), undefined);
});

test('without sharing every candidate leads', () => {
  const g = new HostGroups(false);
  const a = fake('a', 'h1', 'pip');
  const b = fake('b', 'h1', 'npm');
  assert.equal(g.place(a), undefined);
  assert.equal(g.place(b), undefined);
  assert.ok(g.leads(a) && g.leads(b));
});

test('a host runs alone in the final unless it is stale for every tool measured on it', () => {
  const g = new HostGroups(true);
  // pip's mirrors list 5.9.0, the host lists 5.7.0 for pip; for npm the host is current.
  const pipOld = fake('pipOld', 'h1', 'pip', '5.7.0');
  for (const [i, v] of ['5.9.0', '5.9.0'].entries()) g.place(fake(`p${i}`, `p${i}`, 'pip', v));
  g.place(pipOld);
  assert.equal(g.fresh(pipOld), false);
  g.place(fake('npmNew', 'h1', 'npm', '10.1.0'));
  assert.equal(g.fresh(pipOld), true);
});
