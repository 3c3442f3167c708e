import { huggingface as hfSpec } from '../../../shared/targets/huggingface';
import type { Change, Layer, Message, PersistentScope, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { mirrorUrl } from '../elevate/values';
import { readShellEnv, shellEnvChanges, shellEnvPaths } from '../platform/shell-env';

import {
  catalogWarnings,
  envLayers,
  exists,
  findExecutable,
  foundOnly,
  rank,
  readText,
  shellShadow,
  toolVersion,
  windowsEnvWarnings,
} from './common';
import { setEnv, targetPlan } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const NAME = 'HF_ENDPOINT';
export const HF_DEFAULT = 'https://huggingface.co';
const io = { read: readText, exists };

/** Every layer that sets HF_ENDPOINT: this process, then (Windows) user and machine, or (elsewhere) MirrorKit's env.sh. */
async function layersOf(
  ctx: Ctx,
): Promise<{ layers: Layer[]; env: { scope: 'process' | PersistentScope; value: string }[] }> {
  const env = await envLayers(ctx, NAME);
  const layers: Omit<Layer, 'effective'>[] = env.map((e) => ({
    origin: { kind: 'env', name: NAME, scope: e.scope },
    value: e.value,
  }));
  if (ctx.platform !== 'win32') {
    const paths = await shellEnvPaths(ctx, exists);
    const v = readShellEnv(await readText(paths.sh))[NAME];
    if (v !== undefined) layers.push({ origin: { kind: 'file', path: paths.sh, key: NAME }, value: v });
  }
  return { layers: rank(layers), env };
}

/** `hf env` (huggingface_hub ≥ 0.34; `huggingface-cli env` before) prints `- ENDPOINT: …`. */
async function cli(ctx: Ctx): Promise<string | undefined> {
  return (await findExecutable(ctx, 'hf')) ?? (await findExecutable(ctx, 'huggingface-cli'));
}

export const huggingface: TargetModule = {
  ...hfSpec,
  machineEnv: { HF_ENDPOINT: mirrorUrl },

  async detect(ctx, opts) {
    const exe = await cli(ctx);
    if (opts?.quick || !exe) return foundOnly('huggingface', exe);
    const version = await toolVersion(ctx, exe, ['env'], /huggingface_hub version: (\S+)/);
    return {
      target: 'huggingface',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      executable: exe,
    };
  },

  async read(ctx): Promise<Reading> {
    const { layers } = await layersOf(ctx);
    const value = layers[0]?.value ?? null;
    const cw = catalogWarnings(ctx, 'hf', value);
    const warnings = [...cw.warnings, ...(await windowsEnvWarnings(ctx, NAME))];
    return {
      target: 'huggingface',
      value,
      origin: layers[0]?.origin ?? { kind: 'default' },
      layers,
      warnings,
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0] ?? HF_DEFAULT;
    const official = ctx.catalog.match('hf', url)?.provider === 'official';
    const value = official ? null : url.replace(/\/+$/, '');
    const { layers, env } = await layersOf(ctx);
    const warnings: Message[] = [{ code: 'hf.new-shells' }];
    let changes: Change[];
    if (ctx.envStore.supported) {
      const scope = opts.envScope ?? 'user';
      const before = await ctx.envStore.get(NAME, scope);
      changes = value === null && before === null ? [] : [setEnv('huggingface', NAME, value, scope, before)];
      // A user value would hide a machine one: clear it when writing machine-wide.
      if (scope === 'machine' && (await ctx.envStore.get(NAME, 'user')) !== null)
        changes.push(setEnv('huggingface', NAME, null, 'user', await ctx.envStore.get(NAME, 'user')));
      warnings.push(...(await windowsEnvWarnings(ctx, NAME, scope)));
    } else {
      changes = await shellEnvChanges(ctx, 'huggingface', { [NAME]: value }, io);
      if (value === null && layers.every((l) => l.origin.kind !== 'file')) changes = [];
    }
    const shadow = shellShadow(ctx, NAME, env);
    if (shadow) warnings.push(shadow);
    return targetPlan('huggingface', layers[0]?.value ?? null, value, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await cli(ctx);
    const command = [exe ?? 'hf', 'env'];
    if (!exe) return notInstalled('huggingface', command, 'hf (huggingface_hub)');
    let r;
    if (ctx.platform === 'win32') {
      r = await ctx.exec(exe, ['env'], { env: { ...ctx.env }, timeoutMs: 60_000 });
    } else {
      // As a new shell would: source MirrorKit's env.sh (a constant script; the paths are arguments), then run hf.
      const paths = await shellEnvPaths(ctx, exists);
      const script = 'if [ -f "$1" ]; then . "$1"; fi; shift; exec "$@"';
      command.unshift('sh', '-c', '. <env.sh>;');
      r = await ctx.exec('/bin/sh', ['-c', script, 'sh', paths.sh, exe, 'env'], {
        env: { ...ctx.env },
        timeoutMs: 60_000,
      });
    }
    if (r.code !== 0) return failedToRun('huggingface', command, r);
    const observed = /^- ENDPOINT: (\S+)/m.exec(r.stdout)?.[1] ?? null;
    const norm = (u: string | null) => (u ?? HF_DEFAULT).replace(/\/+$/, '').toLowerCase();
    const ok = observed !== null && norm(observed) === norm(expected);
    return verdict('huggingface', command, ok, observed, {
      tool: 'hf',
      observed: observed ?? '?',
      expected: expected ?? HF_DEFAULT,
    });
  },
};
