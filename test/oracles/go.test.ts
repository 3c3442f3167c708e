// Oracle: `go env` must report the GOPROXY MirrorKit wrote to the GOENV file, and `go mod download` go through it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { GO_GREETING, GO_MODULE, GO_VERSION, startGoProxy, type GoProxy } from '../fixtures/goproxy';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Env, type Sandbox } from '../helpers/sandbox';

const goenvFile = (sb: Sandbox): string => sb.env.GOENV as string;
const noSlash = (u: string): string => u.replace(/\/+$/, '');

async function goEnv(sb: Sandbox, name: string): Promise<string> {
  const r = await run('go', ['env', name], { env: sb.env, cwd: sb.root });
  assert.equal(r.code, 0, describeRun(r));
  return r.stdout.trim();
}

/** Download the fixture module from a consumer module; the checksum database is skipped for it alone. */
async function downloadThroughProxy(sb: Sandbox, proxy: GoProxy): Promise<void> {
  const before = proxy.server.served().length;
  const mod = sb.dir('consumer');
  writeFileSync(
    path.join(mod, 'go.mod'),
    `module example.com/consumer\n\ngo 1.19\n\nrequire ${GO_MODULE} ${GO_VERSION}\n`,
  );
  const env: Env = { ...sb.env, GONOSUMDB: GO_MODULE, GOFLAGS: '-mod=mod -modcacherw' };
  const r = await run('go', ['mod', 'download', '-json', GO_MODULE], { env, cwd: mod });
  assert.equal(r.code, 0, describeRun(r));
  assert.ok(
    proxy.server.served().slice(before).includes(proxy.zipPath),
    `proxy log: ${proxy.server.requests.join(', ')}`,
  );
  const info = JSON.parse(r.stdout) as { Dir?: string; Error?: string };
  assert.ok(info.Dir, r.stdout);
  assert.match(readFileSync(path.join(info.Dir, 'mkdemo.go'), 'utf8'), new RegExp(GO_GREETING));
}

describe('go oracle', () => {
  let proxy: GoProxy;
  const sandboxes: Sandbox[] = [];
  const sandbox = (): Sandbox => {
    const sb = createSandbox('mk-go-');
    sandboxes.push(sb);
    return sb;
  };

  before(async () => {
    proxy = await startGoProxy();
  });
  after(async () => {
    await proxy.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('sandbox: go sees the default GOPROXY and the sandbox GOENV', async () => {
    const sb = sandbox();
    assert.equal(await goEnv(sb, 'GOPROXY'), 'https://proxy.golang.org,direct');
    assert.equal(await goEnv(sb, 'GOENV'), goenvFile(sb));
  });

  test('fixture: a hand-written GOENV file makes go mod download through the proxy tree', async () => {
    const sb = sandbox();
    seed(goenvFile(sb), `GOPROXY=${proxy.proxyUrl},direct\n`);
    assert.equal(await goEnv(sb, 'GOPROXY'), `${proxy.proxyUrl},direct`);
    await downloadThroughProxy(sb, proxy);
  });

  test('mirrorkit set go: go env GOPROXY is "<url>,direct" and downloads go through it; restore removes the file', async () => {
    const sb = sandbox();
    const set = await runCli(sb, ['set', 'go', proxy.proxyUrl, '--yes']);
    assert.equal(set.code, 0, describeRun(set));
    const [first, ...rest] = (await goEnv(sb, 'GOPROXY')).split(',');
    assert.equal(noSlash(first ?? ''), proxy.proxyUrl);
    assert.deepEqual(rest, ['direct']);
    await downloadThroughProxy(sb, proxy);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal(snapshot(goenvFile(sb)), null, 'the GOENV file did not exist before set, so restore must remove it');
    assert.equal(await goEnv(sb, 'GOPROXY'), 'https://proxy.golang.org,direct');
  });

  test('mirrorkit set go keeps the other go env -w keys; restore ID gives the file back byte for byte', async () => {
    const sb = sandbox();
    const original = seed(goenvFile(sb), 'GOPRIVATE=corp.example\nGOPROXY=https://proxy.golang.org,direct\n');
    const set = await runCli(sb, ['set', 'go', proxy.proxyUrl, '--yes', '--json']);
    assert.equal(set.code, 0, describeRun(set));
    const id = (JSON.parse(set.stdout) as { result?: { id?: string } }).result?.id;
    assert.ok(id, `set --json carries the journal id (result.id):\n${set.stdout}`);
    assert.equal(noSlash((await goEnv(sb, 'GOPROXY')).split(',')[0] ?? ''), proxy.proxyUrl);
    assert.equal(await goEnv(sb, 'GOPRIVATE'), 'corp.example');
    await downloadThroughProxy(sb, proxy);

    const restore = await runCli(sb, ['restore', id, '--yes', '--json']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal((JSON.parse(restore.stdout) as { status?: string }).status, 'restored', restore.stdout);
    assert.deepEqual(snapshot(goenvFile(sb)), original);
  });
});
