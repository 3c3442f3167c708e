// Oracle: cargo's own parsed config must show the source replacement MirrorKit wrote, and `cargo fetch` use it.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startCargoRegistry, type CargoRegistry } from '../fixtures/cargo-registry';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Sandbox } from '../helpers/sandbox';

const configToml = (sb: Sandbox): string => path.join(sb.env.CARGO_HOME as string, 'config.toml');

/** `cargo config get` is unstable; RUSTC_BOOTSTRAP lets stable cargo print its merged configuration. */
async function configGet(sb: Sandbox, key: string): Promise<{ code: number | null; text: string }> {
  const env = { ...sb.env, RUSTC_BOOTSTRAP: '1' };
  const r = await run('cargo', ['-Zunstable-options', 'config', 'get', key], { env, cwd: sb.root });
  return { code: r.code, text: `${r.stdout}\n${r.stderr}` };
}

/** `cargo fetch` a crate depending on mkdemo: the .crate must be downloaded from the loopback registry. */
async function fetchThroughRegistry(sb: Sandbox, reg: CargoRegistry): Promise<void> {
  const before = reg.server.served().length;
  const dir = sb.dir('consumer');
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(
    path.join(dir, 'Cargo.toml'),
    '[package]\nname = "consumer"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nmkdemo = "0.1"\n',
  );
  writeFileSync(path.join(dir, 'src', 'lib.rs'), '');
  const r = await run('cargo', ['fetch'], { env: sb.env, cwd: dir });
  assert.equal(r.code, 0, describeRun(r));
  assert.ok(
    reg.server.served().slice(before).includes(reg.cratePath),
    `registry log: ${reg.server.requests.join(', ')}`,
  );
  assert.match(r.stderr, /Downloaded mkdemo v0\.1\.0/);
}

/** What `mirrorkit set cargo URL` promises, as cargo prints it. */
function assertMirrorConfig(source: string, registries: string, url: string): void {
  assert.match(source, /^source\.crates-io\.replace-with = "mirrorkit"$/m, source);
  assert.ok(source.includes(`source.mirrorkit.registry = "sparse+${url}"`), source);
  assert.ok(registries.includes(`registries.mirrorkit.index = "sparse+${url}"`), registries);
}

describe('cargo oracle', () => {
  let reg: CargoRegistry;
  const sandboxes: Sandbox[] = [];
  const sandbox = (): Sandbox => {
    const sb = createSandbox('mk-cargo-');
    sandboxes.push(sb);
    return sb;
  };

  before(async () => {
    const sb = sandbox();
    reg = await startCargoRegistry(sb.dir('crate'), sb.env);
  });
  after(async () => {
    await reg.server.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  test('sandbox: cargo sees no source replacement of its own', async () => {
    const sb = sandbox();
    const r = await configGet(sb, 'source');
    assert.notEqual(r.code, 0, r.text);
    assert.doesNotMatch(r.text, /replace-with/);
  });

  test('fixture: a hand-written $CARGO_HOME/config.toml makes cargo fetch through the sparse registry', async () => {
    const sb = sandbox();
    const u = reg.indexUrl;
    seed(
      configToml(sb),
      `[source.crates-io]\nreplace-with = "mirrorkit"\n\n[source.mirrorkit]\nregistry = "sparse+${u}"\n\n[registries.mirrorkit]\nindex = "sparse+${u}"\n`,
    );
    assertMirrorConfig((await configGet(sb, 'source')).text, (await configGet(sb, 'registries')).text, u);
    await fetchThroughRegistry(sb, reg);
  });

  test('mirrorkit set cargo: cargo reports the replacement and fetches through it; restore removes the new file', async () => {
    const sb = sandbox();
    const set = await runCli(sb, ['set', 'cargo', reg.indexUrl, '--yes']);
    assert.equal(set.code, 0, describeRun(set));
    assertMirrorConfig((await configGet(sb, 'source')).text, (await configGet(sb, 'registries')).text, reg.indexUrl);
    await fetchThroughRegistry(sb, reg);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.equal(snapshot(configToml(sb)), null, 'config.toml did not exist before set, so restore must remove it');
  });

  test('mirrorkit set cargo keeps comments, CRLF and other tables; restore gives the file back byte for byte', async () => {
    const sb = sandbox();
    const original = seed(
      configToml(sb),
      '# shared CI box\r\n[build]\r\njobs = 2 # why: two cores\r\n\r\n[net]\r\nretry = 3\r\n',
    );
    const set = await runCli(sb, ['set', 'cargo', reg.indexUrl, '--yes']);
    assert.equal(set.code, 0, describeRun(set));

    const text = readFileSync(configToml(sb), 'utf8');
    assert.match(text, /# shared CI box/);
    assert.match(text, /# why: two cores/);
    assert.match((await configGet(sb, 'build.jobs')).text, /^build\.jobs = 2$/m);
    assertMirrorConfig((await configGet(sb, 'source')).text, (await configGet(sb, 'registries')).text, reg.indexUrl);
    await fetchThroughRegistry(sb, reg);

    const restore = await runCli(sb, ['restore', '--yes']);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(configToml(sb)), original);
  });
});
