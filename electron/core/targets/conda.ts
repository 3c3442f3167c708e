import { conda as condaSpec } from '../../../shared/targets/conda';
import type { Change, Detection, Layer, Origin, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { condaMirrorBase, condaSetMirror } from '../edit/condarc';
import { withPath } from '../edit/errors';
import { homeDir, pathApi } from '../platform/paths';

import { catalogWarnings, exists, findExecutable, foundOnly, processEnv, rank, readText, toolVersion } from './common';
import { targetPlan, writeFile } from './plan-helpers';
import type { DetectOptions, TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const OFFICIAL = 'https://repo.anaconda.com/';

/**
 * The user files conda reads, highest first (conda docs, "Searching for .condarc"): $CONDARC, ~/.condarc,
 * ~/.conda/.condarc, $XDG_CONFIG_HOME/conda/.condarc. MirrorKit writes $CONDARC when set, else ~/.condarc.
 */
function condaFiles(ctx: Ctx): string[] {
  const p = pathApi(ctx);
  const home = homeDir(ctx);
  const xdg = ctx.env.XDG_CONFIG_HOME || p.join(home, '.config');
  const explicit = processEnv(ctx, 'CONDARC');
  return [
    ...(explicit ? [explicit] : []),
    p.join(home, '.condarc'),
    p.join(home, '.conda', '.condarc'),
    p.join(xdg, 'conda', '.condarc'),
  ];
}

/** conda is often not on PATH on Windows (Anaconda Prompt): CONDA_EXE, then the default install folders. */
async function condaExe(ctx: Ctx): Promise<string | undefined> {
  const onPath = (await findExecutable(ctx, 'conda')) ?? (await findExecutable(ctx, 'mamba'));
  if (onPath) return onPath;
  const fromEnv = processEnv(ctx, 'CONDA_EXE');
  if (fromEnv && (await exists(fromEnv))) return fromEnv;
  const p = pathApi(ctx);
  const home = homeDir(ctx);
  const exe = ctx.platform === 'win32' ? p.join('Scripts', 'conda.exe') : p.join('bin', 'conda');
  for (const dir of ['miniconda3', 'anaconda3', 'miniforge3', 'mambaforge']) {
    const c = p.join(home, dir, exe);
    if (await exists(c)) return c;
  }
  return undefined;
}

async function analyze(ctx: Ctx) {
  const files = condaFiles(ctx);
  const target = files[0]!;
  let text: string | null = null;
  const layers: Omit<Layer, 'effective'>[] = [];
  for (const f of files) {
    const t = await readText(f);
    if (f === target) text = t;
    if (t === null) continue;
    let base: string | undefined;
    try {
      base = condaMirrorBase(t);
    } catch (e) {
      throw withPath(e, f);
    }
    if (base) layers.push({ origin: { kind: 'file', path: f, key: 'default_channels' }, value: base });
  }
  return { target, text, layers: rank(layers) };
}

export const conda: TargetModule = {
  ...condaSpec,
  machineEnv: {},

  async detect(ctx: Ctx, opts?: DetectOptions): Promise<Detection> {
    const exe = await condaExe(ctx);
    if (opts?.quick) return foundOnly('conda', exe);
    const version = exe ? await toolVersion(ctx, exe, ['--version'], /(?:conda|mamba) (\S+)/) : undefined;
    return {
      target: 'conda',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      ...(exe ? { executable: exe } : {}),
    };
  },

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    const top = a.layers[0];
    const value = top?.value ?? null;
    const origin: Origin = top?.origin ?? { kind: 'default' };
    const cw = catalogWarnings(ctx, 'conda', value);
    return {
      target: 'conda',
      value,
      origin,
      layers: a.layers,
      warnings: cw.warnings,
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0] ?? OFFICIAL;
    const official = ctx.catalog.match('conda', url)?.provider === 'official';
    const a = await analyze(ctx);
    let after: string;
    try {
      after = condaSetMirror(a.text ?? '', official ? null : url, { eol: ctx.platform === 'win32' ? '\r\n' : '\n' });
    } catch (e) {
      throw withPath(e, a.target);
    }
    const changes: Change[] = a.text === null && after === '' ? [] : [writeFile('conda', a.target, a.text, after)];
    const warnings = opts.envScope ? [{ code: 'warn.env-scope-file-only', params: { target: 'conda' } }] : [];
    return targetPlan(
      'conda',
      a.layers[0]?.value ?? null,
      official ? OFFICIAL : url,
      changes,
      warnings,
      choice.provider,
    );
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await condaExe(ctx);
    const args = ['config', '--show', 'default_channels', '--json'];
    const command = [exe ?? 'conda', ...args];
    if (!exe) return notInstalled('conda', command);
    const r = await ctx.exec(exe, args, { env: { ...ctx.env }, cwd: homeDir(ctx), timeoutMs: 60_000 });
    if (r.code !== 0) return failedToRun('conda', command, r);
    const observed = parseShowDefaultChannels(r.stdout);
    const want = expected ?? OFFICIAL;
    return verdict('conda', command, observed === want, observed, {
      tool: 'conda',
      observed: observed ?? '-',
      expected: want,
    });
  },
};

/** `conda config --show default_channels --json` → the mirror base its first channel lives under. */
export function parseShowDefaultChannels(out: string): string | null {
  try {
    const doc = JSON.parse(out) as { default_channels?: unknown };
    const first = Array.isArray(doc.default_channels) ? doc.default_channels[0] : undefined;
    return typeof first === 'string' ? (/^(.*\/)pkgs\/main\/?$/.exec(first)?.[1] ?? first) : null;
  } catch {
    return null;
  }
}
