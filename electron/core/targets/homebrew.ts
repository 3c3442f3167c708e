import { ENV_COMPANIONS } from '../../../shared/catalog/schema';
import { homebrew as homebrewSpec } from '../../../shared/targets/homebrew';
import type { Detection, Message, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';

import { brewEnvFiles, brewEnvLayers } from './brew-env';
import { catalogWarnings, findExecutable, foundOnly, rank, toolVersion } from './common';
import { companionValues } from './env-companions';
import { readBack } from './env-readback';
import { envVarLayers, planEnvVars, runAsNewShell } from './env-tool';
import { skipped, targetPlan } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, verdict } from './verdict';

const API = 'HOMEBREW_API_DOMAIN';
export const HOMEBREW_DEFAULT = 'https://formulae.brew.sh/api';
const NAMES = [API, ...(ENV_COMPANIONS.homebrew ?? [])];

/** HOMEBREW_API_DOMAIN's layers, winner first: brew's own env files beat the shell's variable. */
async function apiLayers(ctx: Ctx) {
  const files = await brewEnvFiles(ctx, await findExecutable(ctx, 'brew'));
  const layers = rank([...brewEnvLayers(files, API), ...(await envVarLayers(ctx, API)).layers]);
  return { files, layers, value: layers[0]?.value ?? null };
}

const norm = (u: string | null) => (u ?? HOMEBREW_DEFAULT).replace(/\/+$/, '').toLowerCase();

export const homebrew: TargetModule = {
  ...homebrewSpec,
  // Not a Windows tool: it never asks the elevated helper for anything.
  machineEnv: {},

  async detect(ctx, opts): Promise<Detection> {
    if (ctx.platform === 'win32') return { target: 'homebrew', supported: false, installed: false };
    const exe = await findExecutable(ctx, 'brew');
    if (opts?.quick || !exe) return foundOnly('homebrew', exe);
    // `brew --version` is answered by bin/brew's shell part, without starting Ruby.
    const version = await toolVersion(ctx, exe, ['--version'], /^Homebrew (\S+)/m);
    return {
      target: 'homebrew',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      executable: exe,
    };
  },

  async read(ctx): Promise<Reading> {
    const { layers, value } = ctx.platform === 'win32' ? { layers: [], value: null } : await apiLayers(ctx);
    const cw = catalogWarnings(ctx, 'homebrew', value);
    return {
      target: 'homebrew',
      value,
      origin: layers[0]?.origin ?? { kind: 'default' },
      layers,
      warnings: cw.warnings,
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice) {
    if (ctx.platform === 'win32') return skipped('homebrew', { code: 'homebrew.windows' });
    const url = choice.urls[0] ?? HOMEBREW_DEFAULT;
    const { set, unserved, untouched } = companionValues(ctx, 'homebrew', API, url);
    const before = await apiLayers(ctx);
    const { changes, warnings } = await planEnvVars(ctx, 'homebrew', set, undefined);
    const notes: Message[] = [{ code: 'homebrew.new-shells' }];
    if (unserved.length > 0) notes.push({ code: 'homebrew.not-served', params: { names: unserved.join(', ') } });
    if (untouched.length > 0) notes.push({ code: 'homebrew.untouched', params: { names: untouched.join(', ') } });
    for (const name of NAMES.filter((n) => n in set)) {
      const file = brewEnvLayers(before.files, name)[0];
      if (file?.origin.kind === 'file')
        notes.push({ code: 'homebrew.env-file-wins', params: { file: file.origin.path, name } });
    }
    // A brew.env value keeps winning: the effective value after the apply is that one.
    const after = brewEnvLayers(before.files, API)[0]?.value ?? set[API] ?? null;
    return targetPlan('homebrew', before.value, after, changes, [...notes, ...warnings], choice.provider);
  },

  /**
   * `brew config` prints `HOMEBREW_API_DOMAIN: <url>` when it is not the default (its env files applied). Without
   * brew (it does not run on the project's machines), the variable is read back as a new terminal would see it,
   * with brew's env files on top.
   */
  async verify(ctx, expected): Promise<Verification> {
    const brew = await findExecutable(ctx, 'brew');
    if (brew) {
      const { command, result: r } = await runAsNewShell(ctx, brew, ['config'], 120_000);
      if (r.code !== 0) return failedToRun('homebrew', command, r);
      const observed = /^HOMEBREW_API_DOMAIN: (\S+)$/m.exec(r.stdout)?.[1] ?? null;
      return verdict('homebrew', command, norm(observed) === norm(expected), observed, {
        tool: 'brew',
        observed: observed ?? HOMEBREW_DEFAULT,
        expected: expected ?? HOMEBREW_DEFAULT,
      });
    }
    const back = await readBack(ctx, API);
    if (back.failed) return failedToRun('homebrew', back.command, back.failed);
    const observed = brewEnvLayers((await apiLayers(ctx)).files, API)[0]?.value ?? back.value;
    return verdict('homebrew', back.command, norm(observed) === norm(expected), observed, {
      tool: API,
      observed: observed ?? HOMEBREW_DEFAULT,
      expected: expected ?? HOMEBREW_DEFAULT,
    });
  },
};
