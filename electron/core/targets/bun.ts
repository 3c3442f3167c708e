import path from 'node:path';

import { bun as bunSpec } from '../../../shared/targets/bun';
import type { Change, Layer, Message, Origin, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { npmrcGet } from '../edit/npmrc';
import { tomlGet, tomlSet } from '../edit/toml';
import { mirrorUrl } from '../elevate/values';
import { homeDir, pathApi } from '../platform/paths';

import {
  catalogWarnings,
  envLayers,
  exists,
  findExecutable,
  processEnv,
  rank,
  readText,
  shadowWarning,
  shellShadow,
  toolVersion,
} from './common';
import { anyCaseEnv } from './node-cli';
import { npmUserConfig } from './npm';
import { setEnv, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { notInstalled, verdict } from './verdict';

const DEFAULT = 'https://registry.npmjs.org/';
/** A package name nobody publishes: the registry answers 404, and bun prints the URL it asked. */
export const BUN_PROBE_PACKAGE = 'mirrorkit-verify-absent-package';

const noSlash = (u: string): string => u.replace(/\/+$/, '');
const withSlash = (u: string): string => `${noSlash(u)}/`;

/** Bun's global bunfig: $XDG_CONFIG_HOME/.bunfig.toml when that is set (it replaces the home one), else ~/.bunfig.toml. */
export function bunfigPath(ctx: Pick<Ctx, 'platform' | 'env'>): string {
  return pathApi(ctx).join(processEnv(ctx, 'XDG_CONFIG_HOME') ?? homeDir(ctx), '.bunfig.toml');
}

/** bun.exe itself: npm's `bun.cmd` shim on Windows cannot be spawned without a shell, the binary it points at can. */
async function executable(ctx: Ctx): Promise<string | undefined> {
  const exe = await findExecutable(ctx, 'bun');
  if (!exe || ctx.platform !== 'win32' || !/\.(cmd|bat)$/i.test(exe)) return exe;
  const real = path.win32.join(path.win32.dirname(exe), 'node_modules', 'bun', 'bin', 'bun.exe');
  return (await exists(real)) ? real : undefined;
}

/**
 * Where bun takes its registry from, as measured with bun 1.4.5 (reference sheet §4): BUN_CONFIG_REGISTRY >
 * NPM_CONFIG_REGISTRY > project bunfig.toml > global bunfig > project .npmrc > ~/.npmrc > npmjs. `[install]
 * registry` is a string or a table `{ url, token }`; only the URL is read or written.
 */
async function analyze(ctx: Ctx) {
  const file = bunfigPath(ctx);
  const text = await readText(file);
  const layers: Omit<Layer, 'effective'>[] = [];
  const env: { name: string; layers: { scope: 'process' | 'user' | 'machine'; value: string }[] }[] = [];
  for (const upper of ['BUN_CONFIG_REGISTRY', 'NPM_CONFIG_REGISTRY']) {
    const name = anyCaseEnv(ctx, upper);
    const ls = await envLayers(ctx, name);
    env.push({ name, layers: ls });
    for (const l of ls) layers.push({ origin: { kind: 'env', name, scope: l.scope }, value: l.value });
  }
  let table = false;
  if (text !== null) {
    let v: unknown;
    try {
      v = tomlGet(text, ['install', 'registry']);
    } catch (e) {
      throw withPath(e, file);
    }
    table = typeof v === 'object' && v !== null;
    const url = table ? (v as { url?: unknown }).url : v;
    if (typeof url === 'string')
      layers.push({
        origin: { kind: 'file', path: file, key: table ? 'install.registry.url' : 'install.registry' },
        value: url,
      });
  }
  const npmrc = npmUserConfig(ctx);
  const npmText = await readText(npmrc);
  if (npmText !== null) {
    let v: string | undefined;
    try {
      v = npmrcGet(npmText, 'registry');
    } catch (e) {
      throw withPath(e, npmrc);
    }
    if (v !== undefined) layers.push({ origin: { kind: 'file', path: npmrc, key: 'registry' }, value: v });
  }
  const warnings: Message[] = [];
  const cwd = ctx.env.INIT_CWD ?? process.cwd();
  const project = path.join(cwd, 'bunfig.toml');
  if (project !== file && /^\s*registry\s*=/m.test((await readText(project).catch(() => null)) ?? ''))
    warnings.push({ code: 'warn.project-config', params: { path: project } });
  return { file, text, table, layers, env, warnings };
}

export const bun: TargetModule = {
  ...bunSpec,
  machineEnv: { BUN_CONFIG_REGISTRY: mirrorUrl },

  async detect(ctx, opts) {
    const exe = await executable(ctx);
    if (opts?.quick || !exe)
      return {
        target: 'bun',
        supported: true,
        installed: exe !== undefined,
        ...(exe ? { executable: exe, versionPending: true } : {}),
      };
    const version = await toolVersion(ctx, exe, ['--version'], /(\d+\.\d+\.\d+\S*)/);
    return {
      target: 'bun',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      executable: exe,
    };
  },

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    const layers = rank(a.layers);
    const top = layers[0];
    const value = top?.value ?? null;
    const origin: Origin = top?.origin ?? { kind: 'default' };
    const cw = catalogWarnings(ctx, 'npm', value);
    const warnings = [...a.warnings, ...cw.warnings];
    if (top?.origin.kind === 'env' && layers.some((l) => l.origin.kind === 'file'))
      warnings.push(shadowWarning(top.origin.name, top.origin.scope, top.value));
    return { target: 'bun', value, origin, layers, warnings, ...(cw.match ? { match: cw.match } : {}) };
  },

  async plan(ctx, choice) {
    const url = withSlash(choice.urls[0] ?? DEFAULT);
    const a = await analyze(ctx);
    const changes: Change[] = [];
    const warnings = [...a.warnings];
    let after: string;
    try {
      after = tomlSet(
        a.text ?? '',
        [{ path: a.table ? ['install', 'registry', 'url'] : ['install', 'registry'], value: url }],
        { eol: ctx.platform === 'win32' ? '\r\n' : '\n' },
      );
    } catch (e) {
      throw withPath(e, a.file);
    }
    changes.push(writeFile('bun', a.file, a.text, after));
    for (const e of a.env) {
      // A persistent BUN_CONFIG_REGISTRY would keep winning: it gets the new mirror too (NPM_CONFIG_REGISTRY is npm's).
      if (e.name.toUpperCase() === 'BUN_CONFIG_REGISTRY')
        for (const l of e.layers) if (l.scope !== 'process') changes.push(setEnv('bun', e.name, url, l.scope, l.value));
      const shadow = shellShadow(ctx, e.name, e.layers);
      if (shadow) warnings.push(shadow);
    }
    return targetPlan('bun', a.layers[0]?.value ?? null, url, changes, warnings, choice.provider);
  },

  /**
   * Bun prints no configuration, so it is asked for a package that does not exist: the registry's 404 makes bun
   * print the URL it requested, which is the registry it uses (a packument request, nothing is installed).
   */
  async verify(ctx, expected): Promise<Verification> {
    const exe = await executable(ctx);
    const command = [exe ?? 'bun', 'info', BUN_PROBE_PACKAGE];
    if (!exe) return notInstalled('bun', command);
    const r = await ctx.exec(exe, ['info', BUN_PROBE_PACKAGE], {
      env: { ...ctx.env },
      cwd: homeDir(ctx),
      timeoutMs: 30_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    const m = new RegExp(`(\\S+)/${BUN_PROBE_PACKAGE}\\b`).exec(out);
    if (!m?.[1]) {
      const reason = out.trim() || r.failureDetail || `exit ${r.code}`;
      return {
        target: 'bun',
        ok: false,
        observed: null,
        command,
        message: { code: 'bun.verify-unreachable', params: { reason } },
      };
    }
    const observed = withSlash(m[1]);
    const want = withSlash(expected ?? DEFAULT);
    return verdict('bun', command, observed === want, observed, { tool: 'bun', observed, expected: want });
  },
};
