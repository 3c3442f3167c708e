import { pdm as pdmSpec } from '../../../shared/targets/pdm';
import type { Change, Layer, Message, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { tomlGet, tomlSet } from '../edit/toml';
import { mirrorUrl } from '../elevate/values';
import { homeDir, localAppData, macAppSupport, pathApi, xdgConfigHome } from '../platform/paths';

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
const ENV = 'PDM_PYPI_URL';
const KEY = ['pypi', 'url'];

/** PDM's home config: PDM_CONFIG_FILE, else platformdirs.user_config_path("pdm") / config.toml (pdm/project/core.py). */
function configFile(ctx: Ctx): string {
  const explicit = processEnv(ctx, 'PDM_CONFIG_FILE');
  if (explicit) return explicit;
  const p = pathApi(ctx);
  // platformdirs: Windows user_config_dir(appname) is %LOCALAPPDATA%\<appauthor=appname>\<appname>.
  if (ctx.platform === 'win32') return p.join(localAppData(ctx), 'pdm', 'pdm', 'config.toml');
  if (ctx.platform === 'darwin') return p.join(macAppSupport(ctx), 'pdm', 'config.toml');
  return p.join(xdgConfigHome(ctx), 'pdm', 'config.toml');
}

async function analyze(ctx: Ctx) {
  const file = configFile(ctx);
  const env = await envLayers(ctx, ENV);
  const layers: Omit<Layer, 'effective'>[] = env.map((e) => ({
    origin: { kind: 'env', name: ENV, scope: e.scope },
    value: e.value,
  }));
  const text = await readText(file);
  if (text !== null) {
    let v: unknown;
    try {
      v = tomlGet(text, KEY);
    } catch (e) {
      throw withPath(e, file);
    }
    if (typeof v === 'string') layers.push({ origin: { kind: 'file', path: file, key: KEY.join('.') }, value: v });
  }
  return { file, text, env, layers: rank(layers) };
}

export const pdm: TargetModule = {
  ...pdmSpec,
  machineEnv: { PDM_PYPI_URL: mirrorUrl },

  detect: (ctx, opts) => detectExecutable(ctx, 'pdm', 'pdm', ['--version'], /version (\S+)/, opts),

  async read(ctx): Promise<Reading> {
    return layeredReading(ctx, 'pdm', 'pypi', (await analyze(ctx)).layers, ENV);
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0] ?? DEFAULT;
    const a = await analyze(ctx);
    const changes: Change[] = [];
    const warnings: Message[] = [];
    if (opts.envScope) {
      warnings.push(...(await windowsEnvWarnings(ctx, ENV, opts.envScope)));
      changes.push(setEnv('pdm', ENV, url, opts.envScope, await ctx.envStore.get(ENV, opts.envScope)));
    } else {
      let after: string;
      try {
        after = tomlSet(a.text ?? '', [{ path: KEY, value: url }], { eol: ctx.platform === 'win32' ? '\r\n' : '\n' });
      } catch (e) {
        throw withPath(e, a.file);
      }
      changes.push(writeFile('pdm', a.file, a.text, after));
    }
    for (const e of a.env)
      if (e.scope !== 'process' && e.scope !== opts.envScope) changes.push(setEnv('pdm', ENV, url, e.scope, e.value));
    const shadow = shellShadow(ctx, ENV, a.env);
    if (shadow) warnings.push(shadow);
    return targetPlan('pdm', a.layers[0]?.value ?? null, url, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'pdm');
    const command = [exe ?? 'pdm', 'config', 'pypi.url'];
    if (!exe) return notInstalled('pdm', command);
    // No update check (it would ask the index over the network); the home folder, where no project pdm.toml is.
    const r = await ctx.exec(exe, ['config', 'pypi.url'], {
      env: { ...ctx.env, PDM_CHECK_UPDATE: 'false' },
      cwd: homeDir(ctx),
      timeoutMs: 30_000,
    });
    if (r.code !== 0) return failedToRun('pdm', command, r);
    const observed = r.stdout.trim().split(/\r?\n/).pop() ?? '';
    const want = expected ?? DEFAULT;
    return verdict('pdm', command, observed.replace(/\/+$/, '') === want.replace(/\/+$/, ''), observed, {
      tool: 'pdm',
      observed,
      expected: want,
    });
  },
};
