import { rustup as rustupSpec } from '../../../shared/targets/rustup';
import type { Message, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { mirrorUrl } from '../elevate/values';

import { catalogWarnings, findExecutable, foundOnly, rank, toolVersion, windowsEnvWarnings } from './common';
import { companionValues } from './env-companions';
import { envVarLayers, planEnvVars, runAsNewShell } from './env-tool';
import { targetPlan } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const SERVER = 'RUSTUP_DIST_SERVER';
/** The older name: rustup 1.29 still reads it, minus a trailing `/dist`, when RUSTUP_DIST_SERVER is unset or empty. */
const OLD = 'RUSTUP_DIST_ROOT';
export const RUSTUP_DEFAULT = 'https://static.rust-lang.org';

const serverOf = (distRoot: string) => distRoot.replace(/\/+$/, '').replace(/\/dist$/, '');

/** Every layer rustup takes its server from, in its order: RUSTUP_DIST_SERVER's, then RUSTUP_DIST_ROOT's. */
async function serverLayers(ctx: Ctx) {
  const server = await envVarLayers(ctx, SERVER);
  const old = await envVarLayers(ctx, OLD);
  const layers = rank([...server.layers, ...old.layers]);
  const top = layers[0];
  const oldWins =
    top?.origin.kind === 'env' ? top.origin.name === OLD : top?.origin.kind === 'file' && top.origin.key === OLD;
  const value = top === undefined ? null : oldWins ? serverOf(top.value) : top.value;
  const warnings: Message[] = old.layers[0]
    ? [{ code: 'rustup.dist-root', params: { value: old.layers[0].value } }]
    : [];
  return { layers, value, warnings };
}

/**
 * `rustup check` with rustup's download log on: its first request is `<server>/dist/channel-rust-<channel>.toml.sha256`
 * (targets-wave2 §16, run), and a failed download names the same URL, so the server is read from what rustup
 * itself asked for, online or not.
 */
const ASKED = /(?:url=|from ')(https?:\/\/\S+?)\/dist\/channel-rust-[\w.-]+\.toml(?:\.sha256)?\b/;

export const rustup: TargetModule = {
  ...rustupSpec,
  machineEnv: { RUSTUP_DIST_SERVER: mirrorUrl, RUSTUP_UPDATE_ROOT: mirrorUrl },

  async detect(ctx, opts) {
    const exe = await findExecutable(ctx, 'rustup');
    if (opts?.quick || !exe) return foundOnly('rustup', exe);
    const version = await toolVersion(ctx, exe, ['--version'], /^rustup (\S+)/m);
    return {
      target: 'rustup',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      executable: exe,
    };
  },

  async read(ctx): Promise<Reading> {
    const { layers, value, warnings: own } = await serverLayers(ctx);
    const cw = catalogWarnings(ctx, 'rustup', value);
    return {
      target: 'rustup',
      value,
      origin: layers[0]?.origin ?? { kind: 'default' },
      layers,
      warnings: [...cw.warnings, ...own, ...(await windowsEnvWarnings(ctx, SERVER))],
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0] ?? RUSTUP_DEFAULT;
    const { set, unserved, untouched } = companionValues(ctx, 'rustup', SERVER, url);
    const before = await serverLayers(ctx);
    const { changes, warnings } = await planEnvVars(ctx, 'rustup', set, opts.envScope);
    const notes: Message[] = [{ code: 'rustup.new-shells' }];
    if (unserved.length > 0) notes.push({ code: 'rustup.update-root-not-served' });
    if (untouched.length > 0) notes.push({ code: 'rustup.update-root-untouched' });
    // With RUSTUP_DIST_SERVER gone, a deprecated RUSTUP_DIST_ROOT decides again.
    if (set[SERVER] === null) notes.push(...before.warnings);
    return targetPlan('rustup', before.value, set[SERVER] ?? null, changes, [...notes, ...warnings], choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'rustup');
    if (!exe) return notInstalled('rustup', ['rustup', 'check']);
    const logged = { ...ctx, env: { ...ctx.env, RUSTUP_LOG: 'rustup::download=debug', RUSTUP_TERM_COLOR: 'never' } };
    const { command, result: r } = await runAsNewShell(logged, exe, ['check']);
    const observed = ASKED.exec(`${r.stderr}\n${r.stdout}`)?.[1] ?? null;
    if (observed === null) {
      if (r.code === 0)
        return { target: 'rustup', ok: false, observed, command, skipped: { code: 'rustup.no-toolchain' } };
      return failedToRun('rustup', command, r);
    }
    // An unreachable mirror still counts: rustup asked it, which is what the apply changed.
    const norm = (u: string | null) => (u ?? RUSTUP_DEFAULT).replace(/\/+$/, '').toLowerCase();
    return verdict('rustup', command, norm(observed) === norm(expected), observed, {
      tool: 'rustup',
      observed,
      expected: expected ?? RUSTUP_DEFAULT,
    });
  },
};
