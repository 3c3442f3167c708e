import { huggingface as hfSpec } from '../../../shared/targets/huggingface';
import type { Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { mirrorUrl } from '../elevate/values';

import { catalogWarnings, findExecutable, foundOnly, toolVersion, windowsEnvWarnings } from './common';
import { envVarLayers, planEnvVars, runAsNewShell } from './env-tool';
import { targetPlan } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const NAME = 'HF_ENDPOINT';
export const HF_DEFAULT = 'https://huggingface.co';

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
    const { layers } = await envVarLayers(ctx, NAME);
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
    const { layers } = await envVarLayers(ctx, NAME);
    const { changes, warnings } = await planEnvVars(ctx, 'huggingface', { [NAME]: value }, opts.envScope);
    return targetPlan(
      'huggingface',
      layers[0]?.value ?? null,
      value,
      changes,
      [{ code: 'hf.new-shells' }, ...warnings],
      choice.provider,
    );
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await cli(ctx);
    if (!exe) return notInstalled('huggingface', ['hf', 'env'], 'hf (huggingface_hub)');
    const { command, result: r } = await runAsNewShell(ctx, exe, ['env']);
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
