import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';

import type { ApplyResult, Plan } from '../../../shared/types/core';

/**
 * The needs-elevation path without a broker, with real permissions rather than an injected check: root can
 * write anywhere, so when the suite runs as root the apply runs in a child process as `nobody`; a folder mode
 * 0555 owned by root is then genuinely unwritable for it (and for any non-root user running the suite).
 */
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const root = path.resolve(import.meta.dirname, '..', '..', '..');

let tmp: string;
before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-needs-root-'));
  await fs.chmod(tmp, 0o755);
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

function runChild(input: unknown): Promise<{ isAdmin: boolean; result: ApplyResult }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'needs-root.child.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: path.join(tmp, 'home') },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`child exited ${code}: ${err}`));
      else resolve(JSON.parse(out));
    });
    child.stdin.end(JSON.stringify(input));
  });
}

it(
  'marks a target needs-elevation when its admin file is not writable, and applies the others',
  { skip: process.platform === 'win32' },
  async () => {
    const home = path.join(tmp, 'home');
    const sysEtc = path.join(tmp, 'sysroot', 'etc');
    await fs.mkdir(home, { recursive: true });
    await fs.mkdir(path.join(sysEtc, 'docker'), { recursive: true });
    if (asRoot) await fs.chown(home, NOBODY, NOBODY);
    await fs.chmod(path.join(sysEtc, 'docker'), 0o555);

    const npmrc = path.join(home, '.npmrc');
    const daemon = path.join(sysEtc, 'docker', 'daemon.json');
    const plan: Plan = {
      id: 'p',
      createdAt: '2026-11-23T10:00:00.000Z',
      platform: 'linux',
      label: 'needs root',
      targets: [
        {
          target: 'npm',
          status: 'change',
          before: null,
          after: 'https://m/',
          warnings: [],
          changes: [
            {
              kind: 'writeFile',
              target: 'npm',
              path: npmrc,
              before: null,
              after: 'registry=https://m/\n',
              admin: false,
            },
          ],
        },
        {
          target: 'docker',
          status: 'change',
          before: null,
          after: 'https://m/',
          warnings: [],
          changes: [{ kind: 'writeFile', target: 'docker', path: daemon, before: null, after: '{}\n', admin: true }],
        },
      ],
    };
    const { isAdmin, result } = await runChild({
      plan,
      env: { HOME: home, MIRRORKIT_HOME: path.join(home, 'state'), MIRRORKIT_SYSROOT: path.join(tmp, 'sysroot') },
    });

    assert.equal(isAdmin, false);
    assert.equal(result.status, 'needs-elevation');
    assert.deepEqual(
      result.targets.map((t) => t.outcome),
      ['applied', 'needs-elevation'],
    );
    assert.deepEqual(result.targets[1]?.error, {
      code: 'error.needs-root',
      params: { path: daemon, target: 'docker' },
    });
    assert.equal(await fs.readFile(npmrc, 'utf8'), 'registry=https://m/\n');
    await assert.rejects(fs.stat(daemon), { code: 'ENOENT' });
  },
);
