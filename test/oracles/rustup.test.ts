// Oracle: rustup itself. After `mirrorkit set rustup <loopback mirror>`, `rustup check` started by a new login
// shell (sh -l, ~/.profile) and by bash -i (~/.bashrc) must ask the loopback server for
// `<mirror>/dist/channel-rust-stable.toml.sha256` (its first request, targets-wave2 §16); `mirrorkit status`
// must name the server rustup really uses when only the deprecated RUSTUP_DIST_ROOT is set; restore gives every
// profile back byte for byte. RUSTUP_HOME is a scratch folder holding a link to the machine's stable toolchain,
// so rustup writes nothing outside the sandbox.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { ApplyResult, Reading } from '../../shared/types/core';
import { startLoopback, type LoopbackServer } from '../fixtures/http';
import { createSandbox, describeRun, run, runCli, seed, snapshot, type Env, type Sandbox } from '../helpers/sandbox';
import { findExecutable } from '../helpers/which';

const SHA = '/dist/channel-rust-stable.toml.sha256';
const realRustupHome = process.env.RUSTUP_HOME ?? path.join(os.homedir(), '.rustup');
const rustupExe =
  findExecutable('rustup', process.env) ?? findExecutable('rustup', { PATH: path.join(os.homedir(), '.cargo', 'bin') });
const stable = (() => {
  try {
    return readdirSync(path.join(realRustupHome, 'toolchains')).find((d) => d.startsWith('stable-'));
  } catch {
    return undefined;
  }
})();
const skip = !rustupExe
  ? 'rustup is not installed'
  : !stable
    ? `no stable toolchain under ${realRustupHome}/toolchains (rustup check asks the server only for installed channels)`
    : false;

describe('rustup oracle', { skip }, () => {
  let srv: LoopbackServer;
  const sandboxes: Sandbox[] = [];
  before(async () => {
    srv = await startLoopback();
  });
  after(async () => {
    await srv.close();
    for (const sb of sandboxes) sb.cleanup();
  });

  /** A sandbox whose RUSTUP_HOME links the machine's stable toolchain and names it the default. */
  const sandbox = (): { sb: Sandbox; env: Env } => {
    const sb = createSandbox('mk-rustup-');
    sandboxes.push(sb);
    const home = path.join(sb.root, 'rustup');
    mkdirSync(path.join(home, 'toolchains'), { recursive: true });
    symlinkSync(path.join(realRustupHome, 'toolchains', stable!), path.join(home, 'toolchains', stable!));
    writeFileSync(
      path.join(home, 'settings.toml'),
      `default_toolchain = "${stable}"\nprofile = "minimal"\nversion = "12"\n`,
    );
    const env: Env = {
      RUSTUP_HOME: home,
      PATH: `${path.dirname(rustupExe!)}${path.delimiter}${sb.env.PATH ?? ''}`,
      RUSTUP_DIST_SERVER: undefined,
      RUSTUP_DIST_ROOT: undefined,
      RUSTUP_UPDATE_ROOT: undefined,
    };
    return { sb, env };
  };
  /** `rustup check` as a new shell of the user's starts it (by path: /etc/profile resets PATH). */
  const newShell = (sb: Sandbox, env: Env, shell: string[], args = ['check']) =>
    run(shell[0]!, [...shell.slice(1), '-c', 'exec "$0" "$@"', rustupExe!, ...args], {
      env: { ...sb.env, ...env },
      cwd: sb.home,
    });
  const asked = (from: number, prefix: string) => srv.requests.slice(from).filter((r) => r === `GET ${prefix}${SHA}`);

  test('mirrorkit set rustup: rustup check from a new login shell and a new bash asks the mirror; restore is byte for byte', async () => {
    const { sb, env } = sandbox();
    const mirror = `${srv.origin}/rustup-mirror`;
    const bashrc = seed(path.join(sb.home, '.bashrc'), '# my bashrc\nexport EDITOR=vi\n');

    let from = srv.requests.length;
    const set = await runCli(sb, ['set', 'rustup', mirror, '--yes', '--json'], env);
    assert.equal(set.code, 0, describeRun(set));
    const verification = (JSON.parse(set.stdout) as { result: ApplyResult }).result.targets[0]?.verification;
    assert.equal(verification?.ok, true, set.stdout);
    assert.equal(verification?.observed, mirror);
    assert.equal(asked(from, '/rustup-mirror').length, 1, srv.requests.join(', '));

    for (const shell of [
      ['sh', '-l'],
      ['bash', '-i'],
    ]) {
      from = srv.requests.length;
      const r = await newShell(sb, env, shell);
      assert.equal(
        asked(from, '/rustup-mirror').length,
        1,
        `${shell.join(' ')}: ${srv.requests.slice(from).join(', ')}\n${describeRun(r)}`,
      );
      assert.ok(r.stderr.includes(`${mirror}${SHA}`), describeRun(r));
    }

    const restore = await runCli(sb, ['restore', '--yes'], env);
    assert.equal(restore.code, 0, describeRun(restore));
    assert.deepEqual(snapshot(path.join(sb.home, '.bashrc')), bashrc);
    for (const f of [path.join(sb.home, '.profile'), path.join(sb.xdgConfig, 'mirrorkit', 'env.sh')])
      assert.equal(snapshot(f), null, f);
    // Not `rustup check` again: without the variable it would go to static.rust-lang.org.
    const afterRestore = await run('sh', ['-l', '-c', 'printf "[%s]" "$RUSTUP_DIST_SERVER"'], {
      env: { ...sb.env, ...env },
      cwd: sb.home,
    });
    assert.equal(afterRestore.stdout, '[]', describeRun(afterRestore));
  });

  test('RUSTUP_DIST_ROOT alone: rustup asks <root without /dist>, and mirrorkit status names that server and the variable', async () => {
    const { sb, env } = sandbox();
    const withRoot = { ...env, RUSTUP_DIST_ROOT: `${srv.origin}/old-root/dist` };
    const from = srv.requests.length;
    const r = await run(rustupExe!, ['check'], { env: { ...sb.env, ...withRoot }, cwd: sb.home });
    assert.equal(asked(from, '/old-root').length, 1, `${srv.requests.slice(from).join(', ')}\n${describeRun(r)}`);

    const status = await runCli(sb, ['status', 'rustup', '--json'], withRoot);
    assert.equal(status.code, 0, describeRun(status));
    const reading = (JSON.parse(status.stdout) as { tools: { reading?: Reading }[] }).tools[0]?.reading;
    assert.equal(reading?.value, `${srv.origin}/old-root`, status.stdout);
    assert.deepEqual(reading?.origin, { kind: 'env', name: 'RUSTUP_DIST_ROOT', scope: 'process' });
  });
});
