import { cargo as cargoSpec } from '../../../shared/targets/cargo';
import type { Layer, Origin, Reading, Verification } from '../../../shared/types/core';
import { oneOf } from '../elevate/values';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { tomlGet, tomlSet } from '../edit/toml';
import { homeDir, pathApi } from '../platform/paths';

import { catalogWarnings, detectExecutable, exists, findExecutable, processEnv, rank, readText } from './common';
import { targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

/** The name of the source MirrorKit defines; a user's own source tables are left as they are. */
const SOURCE = 'mirrorkit';

/** $CARGO_HOME, default ~/.cargo (%USERPROFILE%\.cargo). */
function cargoHome(ctx: Ctx): string {
  return processEnv(ctx, 'CARGO_HOME') ?? pathApi(ctx).join(homeDir(ctx), '.cargo');
}

/** Cargo reads the legacy extensionless `config` when it exists (and prefers it when both exist). */
export async function cargoConfigFile(ctx: Ctx): Promise<string> {
  const p = pathApi(ctx);
  const legacy = p.join(cargoHome(ctx), 'config');
  return (await exists(legacy)) ? legacy : p.join(cargoHome(ctx), 'config.toml');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The registry URL crates-io is replaced with, or undefined when cargo uses crates.io itself. */
function replacement(text: string): string | undefined {
  const name = str(tomlGet(text, ['source', 'crates-io', 'replace-with']));
  if (!name) return undefined;
  return (
    str(tomlGet(text, ['source', name, 'registry'])) ??
    str(tomlGet(text, ['source', name, 'local-registry'])) ??
    `source.${name}`
  );
}

function sparse(url: string): string {
  const base = url.replace(/^sparse\+/, '');
  return `sparse+${base.endsWith('/') ? base : `${base}/`}`;
}

async function analyze(ctx: Ctx) {
  const file = await cargoConfigFile(ctx);
  const text = await readText(file);
  let value: string | undefined;
  if (text !== null) {
    try {
      value = replacement(text);
    } catch (e) {
      throw withPath(e, file);
    }
  }
  const layers: Omit<Layer, 'effective'>[] =
    value !== undefined ? [{ origin: { kind: 'file', path: file, key: 'source.crates-io.replace-with' }, value }] : [];
  return { file, text, value: value ?? null, layers: rank(layers) };
}

export const cargo: TargetModule = {
  ...cargoSpec,
  machineEnv: {
    CARGO_REGISTRIES_CRATES_IO_PROTOCOL: oneOf('sparse', 'git'),
  },

  detect: (ctx, opts) => detectExecutable(ctx, 'cargo', 'cargo', ['--version'], /cargo (\S+)/, opts),

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    const origin: Origin = a.layers[0]?.origin ?? { kind: 'default' };
    const cw = catalogWarnings(ctx, 'cargo', a.value);
    return {
      target: 'cargo',
      value: a.value,
      origin,
      layers: a.layers,
      warnings: cw.warnings,
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0];
    const a = await analyze(ctx);
    const official = !url || ctx.catalog.match('cargo', url)?.provider === 'official';
    const eol = ctx.platform === 'win32' ? '\r\n' : '\n';
    let after: string;
    try {
      after = official
        ? tomlSet(a.text ?? '', [{ path: ['source', 'crates-io', 'replace-with'], value: null }], { eol })
        : tomlSet(
            a.text ?? '',
            [
              { path: ['source', 'crates-io', 'replace-with'], value: SOURCE },
              { path: ['source', SOURCE, 'registry'], value: sparse(url) },
              { path: ['registries', SOURCE, 'index'], value: sparse(url) },
            ],
            { eol },
          );
    } catch (e) {
      throw withPath(e, a.file);
    }
    // Back on crates.io with no file before: nothing to write at all.
    const changes = a.text === null && official ? [] : [writeFile('cargo', a.file, a.text, after)];
    // cargo's source replacement has no environment-variable form: --env-scope still writes its file.
    const warnings = opts.envScope ? [{ code: 'warn.env-scope-file-only', params: { target: 'cargo' } }] : [];
    return targetPlan('cargo', a.value, official ? null : sparse(url), changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'cargo');
    // `cargo config get` is still unstable; RUSTC_BOOTSTRAP lets stable cargo print its own merged view, read-only.
    const args = ['-Zunstable-options', 'config', 'get', 'source', '--format', 'toml'];
    const command = [exe ?? 'cargo', ...args];
    if (!exe) return notInstalled('cargo', command);
    const r = await ctx.exec(exe, args, { env: { ...ctx.env, RUSTC_BOOTSTRAP: '1' }, timeoutMs: 30_000 });
    // With no [source] table at all cargo reports an error: that is crates.io itself.
    const observed = r.code === 0 ? parseCargoSource(r.stdout) : null;
    if (r.code !== 0 && expected !== null) {
      return failedToRun('cargo', command, r, observed);
    }
    const ok = (observed ?? null) === (expected ?? null);
    return verdict('cargo', command, ok, observed, {
      tool: 'cargo',
      observed: observed ?? 'crates.io',
      expected: expected ?? 'crates.io',
    });
  },
};

/** Parse `source.crates-io.replace-with = "x"` and `source.x.registry = "…"` lines from cargo's output. */
export function parseCargoSource(out: string): string | null {
  const name = /^source\.crates-io\.replace-with\s*=\s*"([^"]+)"/m.exec(out)?.[1];
  if (!name) return null;
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^source\\.${esc}\\.registry\\s*=\\s*"([^"]+)"`, 'm').exec(out)?.[1] ?? `source.${name}`;
}
