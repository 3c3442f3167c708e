import { uv as uvSpec } from '../../../shared/targets/uv';
import type { Change, Layer, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { uvDefaultIndex, uvSetDefaultIndex } from '../edit/uv-index';
import { mirrorUrl } from '../elevate/values';
import { appData, homeDir, pathApi, programData, systemPath, xdgConfigHome } from '../platform/paths';

import {
  detectExecutable,
  envLayers,
  findExecutable,
  layeredReading,
  processEnv,
  rank,
  readText,
  shellShadow,
  windowsEnvWarnings,
} from './common';
import { setEnv, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const DEFAULT = 'https://pypi.org/simple';
/** uv's variables for the default index, the current one first (UV_INDEX_URL is its deprecated spelling). */
const ENV_NAMES = ['UV_DEFAULT_INDEX', 'UV_INDEX_URL'] as const;

/** uv's user file and system file (docs: configuration files); UV_CONFIG_FILE replaces both. */
function uvFiles(ctx: Ctx): { user: string; system: string | undefined; explicit: boolean } {
  const explicit = processEnv(ctx, 'UV_CONFIG_FILE');
  if (explicit) return { user: explicit, system: undefined, explicit: true };
  const p = pathApi(ctx);
  if (ctx.platform === 'win32')
    return {
      user: p.join(appData(ctx), 'uv', 'uv.toml'),
      system: p.join(programData(ctx), 'uv', 'uv.toml'),
      explicit: false,
    };
  // uv uses the XDG folders on macOS too, not ~/Library.
  const dirs = (ctx.env.XDG_CONFIG_DIRS || '/etc').split(':').filter(Boolean);
  return {
    user: p.join(xdgConfigHome(ctx), 'uv', 'uv.toml'),
    system: systemPath(ctx, p.join(dirs[0] ?? '/etc', 'uv', 'uv.toml')),
    explicit: false,
  };
}

async function analyze(ctx: Ctx) {
  const files = uvFiles(ctx);
  const layers: Omit<Layer, 'effective'>[] = [];
  const env: { name: string; scope: 'process' | 'user' | 'machine'; value: string }[] = [];
  for (const name of ENV_NAMES) for (const e of await envLayers(ctx, name)) env.push({ name, ...e });
  for (const e of env) layers.push({ origin: { kind: 'env', name: e.name, scope: e.scope }, value: e.value });
  const text = await readText(files.user);
  // UV_NO_CONFIG: uv reads no file at all.
  const noConfig = processEnv(ctx, 'UV_NO_CONFIG') !== undefined;
  for (const [file, t] of [
    [files.user, text],
    [files.system, files.system ? await readText(files.system) : null],
  ] as const) {
    if (!file || t === null || noConfig) continue;
    let d: ReturnType<typeof uvDefaultIndex>;
    try {
      d = uvDefaultIndex(t);
    } catch (e) {
      throw withPath(e, file);
    }
    if (d) layers.push({ origin: { kind: 'file', path: file, key: d.key }, value: d.url });
  }
  return { files, text, env, layers: rank(layers) };
}

export const uv: TargetModule = {
  ...uvSpec,
  machineEnv: { UV_DEFAULT_INDEX: mirrorUrl },

  detect: (ctx, opts) => detectExecutable(ctx, 'uv', 'uv', ['--version'], /uv (\S+)/, opts),

  async read(ctx): Promise<Reading> {
    return layeredReading(ctx, 'uv', 'pypi', (await analyze(ctx)).layers, 'UV_DEFAULT_INDEX');
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0] ?? DEFAULT;
    const a = await analyze(ctx);
    const changes: Change[] = [];
    const warnings = [];
    if (opts.envScope) {
      warnings.push(...(await windowsEnvWarnings(ctx, 'UV_DEFAULT_INDEX', opts.envScope)));
      changes.push(
        setEnv('uv', 'UV_DEFAULT_INDEX', url, opts.envScope, await ctx.envStore.get('UV_DEFAULT_INDEX', opts.envScope)),
      );
    } else {
      let after: string;
      try {
        after = uvSetDefaultIndex(a.text ?? '', url, { eol: ctx.platform === 'win32' ? '\r\n' : '\n' });
      } catch (e) {
        throw withPath(e, a.files.user);
      }
      changes.push(writeFile('uv', a.files.user, a.text, after));
    }
    // A persistent variable (Windows) beats every file for new terminals: change that layer too.
    for (const e of a.env)
      if (e.scope !== 'process' && !(e.name === 'UV_DEFAULT_INDEX' && e.scope === opts.envScope))
        changes.push(setEnv('uv', e.name, url, e.scope, e.value));
    for (const name of ENV_NAMES) {
      const shadow = shellShadow(
        ctx,
        name,
        a.env.filter((e) => e.name === name),
      );
      if (shadow) warnings.push(shadow);
    }
    return targetPlan('uv', a.layers[0]?.value ?? null, url, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'uv');
    // uv has no `config get`; --show-settings prints the merged settings and exits before any network or Python.
    const args = ['pip', 'install', '--show-settings', '--dry-run', 'pip'];
    const command = [exe ?? 'uv', ...args];
    if (!exe) return notInstalled('uv', command);
    // From the home folder, as a new terminal: a project uv.toml in MirrorKit's working folder is not the user's.
    const r = await ctx.exec(exe, args, { env: { ...ctx.env }, cwd: homeDir(ctx), timeoutMs: 30_000 });
    if (r.code !== 0) return failedToRun('uv', command, r);
    const observed = parseUvSettings(r.stdout) ?? DEFAULT;
    const want = expected ?? DEFAULT;
    return verdict('uv', command, sameUrl(observed, want), observed, { tool: 'uv', observed, expected: want });
  },
};

/** The default index in `--show-settings` output (Rust debug format): the Index whose `default` is true. */
export function parseUvSettings(out: string): string | undefined {
  for (const m of out.matchAll(/Index \{[\s\S]*?given: Some\(\s*"([^"]*)",?\s*\)[\s\S]*?default: (true|false)/g)) {
    if (m[2] === 'true') return m[1];
  }
  return undefined;
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
