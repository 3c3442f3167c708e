import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { Change } from '../../../shared/types/core';
import { MirrorKitError } from '../errors';
import { memoryEnvStore } from '../platform/env-store';

import { node } from './node';
import { sandboxCtx } from './test-context';

/**
 * nvm-windows on a win32 context. Its settings file is `%NVM_HOME%\settings.txt` (src/nvm.go L59), a Windows
 * path: on this Linux test machine `C:\nvm\settings.txt` is a relative file name, so the test runs in a scratch
 * folder of its own, entered in this file's before hook and left in its after hook (npm test runs the file in a
 * shared process, inside a suite of its own that these hooks belong to: scripts/test-batch.mjs). The file is the
 * one nvm-windows' saveSettings() writes (src/nvm.go L1947-1950: CRLF, no final newline); nvm-windows itself
 * cannot run here.
 */
const SETTINGS = 'C:\\nvm\\settings.txt';
const SAVED =
  'root: C:\\nvm\r\narch: 64\r\nproxy: none\r\noriginalpath: \r\noriginalversion: \r\nnode_mirror: \r\nnpm_mirror: ';
const WIN_ENV = { USERPROFILE: 'C:\\Users\\li', LOCALAPPDATA: 'C:\\Users\\li\\AppData\\Local', PATH: '' };
const write = (changes: Change[]) => changes.flatMap((c) => (c.kind === 'writeFile' ? [c] : []));

let scratch = '';
const cwd = process.cwd();
before(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-nvmw-'));
  process.chdir(scratch);
});
after(async () => {
  process.chdir(cwd);
  await fs.rm(scratch, { recursive: true, force: true });
});

/** NVM_HOME only in the user's registry (as its installer sets it), not in this process. */
async function windows(text: string | Buffer) {
  await fs.writeFile(SETTINGS, text);
  return sandboxCtx({ platform: 'win32', env: WIN_ENV, envStore: memoryEnvStore({ user: { NVM_HOME: 'C:\\nvm' } }) });
}

describe('node target on Windows: nvm-windows settings.txt (fixture from its source)', () => {
  it('npmmirror: node_mirror and npm_mirror filled in, CRLF and the missing final newline kept; NODEJS_ORG_MIRROR for the user', async () => {
    const { ctx, cleanup } = await windows(SAVED);
    try {
      assert.equal((await node.detect(ctx)).installed, true);
      const tp = await node.plan(
        ctx,
        { target: 'node', provider: 'npmmirror', urls: ['https://npmmirror.com/mirrors/node/'] },
        {},
      );
      const [file] = write(tp.changes);
      assert.equal(file?.path, SETTINGS);
      assert.equal(file?.before, SAVED, 'restore writes these bytes back');
      assert.equal(
        file?.after,
        SAVED.replace('node_mirror: ', 'node_mirror: https://npmmirror.com/mirrors/node/').replace(
          /npm_mirror: $/,
          'npm_mirror: https://npmmirror.com/mirrors/npm/',
        ),
      );
      assert.deepEqual(
        tp.changes.flatMap((c) => (c.kind === 'setEnv' ? [[c.name, c.scope, c.value]] : [])),
        [['NODEJS_ORG_MIRROR', 'user', 'https://npmmirror.com/mirrors/node']],
      );
      await fs.writeFile(SETTINGS, file!.after);
      const r = await node.read(ctx);
      assert.equal(r.value, 'https://npmmirror.com/mirrors/node/');
      assert.deepEqual(r.origin, { kind: 'file', path: SETTINGS, key: 'node_mirror' });
      const v = await node.verify(ctx, 'https://npmmirror.com/mirrors/node');
      assert.equal(v.ok, true, JSON.stringify(v));
      // TUNA has no npm mirror: npm_mirror stays as it is, and the plan says so.
      const tuna = await node.plan(
        ctx,
        { target: 'node', provider: 'tuna', urls: ['https://mirrors.tuna.tsinghua.edu.cn/nodejs-release/'] },
        {},
      );
      assert.match(
        write(tuna.changes)[0]?.after ?? '',
        /\r\nnode_mirror: https:\/\/mirrors\.tuna\.tsinghua\.edu\.cn\/nodejs-release\/\r\nnpm_mirror: https:\/\/npmmirror\.com\/mirrors\/npm\/$/,
      );
      assert.ok(tuna.warnings.some((w) => w.code === 'node.no-npm-mirror'));
      // Official: both back to empty, nvm-windows' own "default" (saveSettings' exact bytes again).
      const official = await node.plan(
        ctx,
        { target: 'node', provider: 'official', urls: ['https://nodejs.org/dist/'] },
        {},
      );
      assert.equal(write(official.changes)[0]?.after, SAVED);
    } finally {
      await cleanup();
    }
  });

  it('a settings.txt Notepad saved as UTF-16 is refused with its path and left untouched', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAVED, 'utf16le')]);
    const { ctx, cleanup } = await windows(utf16);
    try {
      await assert.rejects(
        node.plan(ctx, { target: 'node', urls: ['https://npmmirror.com/mirrors/node/'] }, {}),
        (e: unknown) => {
          assert.ok(e instanceof MirrorKitError);
          assert.equal(e.code, 'error.not-utf8');
          assert.equal(e.params.path, SETTINGS);
          return true;
        },
      );
      assert.deepEqual(await fs.readFile(SETTINGS), utf16);
    } finally {
      await cleanup();
    }
  });
});
