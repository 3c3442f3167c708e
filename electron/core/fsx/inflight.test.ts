import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

import { holdsLock, releaseAllSync, trackedTemps, trackLock, trackTemp, untrackTemp } from './inflight';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-inflight-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('what a stopping process removes at once (releaseAllSync)', () => {
  it('its temp files and its own locks; a lock another process took over stays', () => {
    const tmp = path.join(dir, `.npmrc.${process.pid}.0badf00d.tmp`);
    const done = path.join(dir, `.other.${process.pid}.00c0ffee.tmp`);
    const mine = path.join(dir, 'a', 'apply.lock');
    const theirs = path.join(dir, 'b', 'apply.lock');
    for (const f of [tmp, done]) writeFileSync(f, '//r.example/:_authToken=s3cr3t\n');
    for (const [f, token] of [
      [mine, 'mine'],
      [theirs, 'newer-owner'],
    ] as const) {
      mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, JSON.stringify({ pid: 1, start: null, host: os.hostname(), token }));
    }
    trackTemp(tmp);
    trackTemp(done);
    untrackTemp(done); // renamed into place: no longer this process's to remove
    trackLock(mine, 'mine');
    trackLock(theirs, 'mine');
    assert.ok(holdsLock());

    releaseAllSync();
    assert.equal(existsSync(tmp), false, 'the temp copy (with its token) is gone');
    assert.equal(existsSync(done), true);
    assert.equal(existsSync(mine), false, 'our lock is released');
    assert.equal(existsSync(theirs), true, 'a lock now owned by another process is left alone');
    assert.deepEqual(trackedTemps(), []);
    assert.equal(holdsLock(), false);
  });
});
