// Oracle: pip itself must report the mirror MirrorKit wrote, and fetch through it (a loopback PEP 503 index).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startPypiIndex, WHEEL_FILE, type PypiIndex } from '../fixtures/pypi-index';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';

function pip(sb: Sandbox, args: string[]): ReturnType<typeof run> {
  return run('python3', ['-m', 'pip', '--disable-pip-version-check', ...args], { env: sb.env, cwd: sb.root });
}

const userConf = (sb: Sandbox): string => path.join(sb.xdgConfig, 'pip', 'pip.conf');
const noSlash = (u: string): string => u.replace(/\/+$/, '');

/** `pip download` the fixture and check the wheel came from the loopback index. */
async function downloadThroughIndex(sb: Sandbox, index: PypiIndex): Promise<void> {
  const before = index.server.served().length;
  const dest = sb.dir('dl');
  const r = await pip(sb, ['download', '--no-deps', '-d', dest, 'mkdemo']);
  assert.equal(r.code, 0, describeRun(r));
  assert.ok(
    index.server.served().slice(before).includes(index.wheelPath),
    `index log: ${index.server.requests.join(', ')}`,
  );
  assert.ok(readFileSync(path.join(dest, WHEEL_FILE)).length > 0);
}

describe('pip oracle', () => {
  let index: PypiIndex;
  const sandboxes: Sandbox[] = [];
  const sandbox = (): Sandbox => {
    const sb = createSandbox('mk-pip-');
    sandboxes.push(sb);
    return sb;
  };

  before(async () => {
    index = await startPypiIndex();
  });
  after(async () => {
    await index.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('sandbox: none of the machine pip settings (find-links, extra-index-url, PIP_*) reach pip', async () => {
    const sb = sandbox();
    const r = await pip(sb, ['config', 'list']);
    assert.equal(r.code, 0, describeRun(r));
    assert.doesNotMatch(r.stdout, /find-links|extra-index-url|index-url|constraint|default-timeout/, r.stdout);
  });

  test('fixture: a hand-written user pip.conf makes pip download through the loopback index', async () => {
    const sb = sandbox();
    seed(userConf(sb), `[global]\nindex-url = ${index.indexUrl}\n`);
    await downloadThroughIndex(sb, index);
  });

  test('mirrorkit set pip: pip reports index-url and trusted-host, downloads through it; restore removes the new file', async () => {
    const sb = sandbox();
    const set = await runCli(sb, ['set', 'pip', index.indexUrl, '--yes', '--json']);
    assert.equal(set.code, 0, describeRun(set));
    assert.doesNotThrow(() => JSON.parse(set.stdout), `--json must print one JSON document:\n${set.stdout}`);

    const got = await pip(sb, ['config', '--user', 'get', 'global.index-url']);
    assert.equal(got.code, 0, describeRun(got));
    assert.equal(noSlash(got.stdout.trim()), noSlash(index.indexUrl));

    // A plain-http index needs trusted-host (pip only waives it for loopback, which real mirrors are not).
    const list = await pip(sb, ['config', 'list']);
    assert.match(list.stdout, /^global\.trusted-host='127\.0\.0\.1(:\d+)?'$/m, list.stdout);
    await downloadThroughIndex(sb, index);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal(snapshot(userConf(sb)), null, 'pip.conf did not exist before set, so restore must remove it');
  });

  test('mirrorkit set pip keeps comments, CRLF and other keys; restore gives the file back byte for byte', async () => {
    const sb = sandbox();
    const original = seed(
      userConf(sb),
      '# team settings, do not remove\r\n[global]\r\ntimeout = 30\r\n; why: slow VPN\r\n\r\n[install]\r\nno-compile = true\r\n',
    );
    const set = await runCli(sb, ['set', 'pip', index.indexUrl, '--yes']);
    assert.equal(set.code, 0, describeRun(set));

    const text = readFileSync(userConf(sb), 'utf8');
    assert.match(text, /# team settings, do not remove/);
    assert.match(text, /; why: slow VPN/);
    const list = await pip(sb, ['config', 'list']);
    assert.equal(list.code, 0, describeRun(list));
    assert.match(
      list.stdout,
      new RegExp(`^global\\.index-url='${noSlash(index.indexUrl).replace(/[.]/g, '\\.')}/?'$`, 'm'),
      list.stdout,
    );
    assert.match(list.stdout, /^global\.timeout='30'$/m);
    assert.match(list.stdout, /^install\.no-compile='true'$/m);
    await downloadThroughIndex(sb, index);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(userConf(sb)), original);
  });
});
