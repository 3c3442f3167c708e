import path from 'node:path';

import { pnpm as pnpmSpec } from '../../../shared/targets/pnpm';
import type { Change, Layer, Message, Origin, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { npmrcGet, npmrcSet } from '../edit/npmrc';
import { yamlGet, yamlSet } from '../edit/yaml';
import { mirrorUrl } from '../elevate/values';
import { homeDir, localAppData, pathApi } from '../platform/paths';

import {
  catalogWarnings,
  envLayers,
  foundOnly,
  processEnv,
  rank,
  readText,
  shadowWarning,
  shellShadow,
  windowsEnvWarnings,
} from './common';
import { anyCaseEnv, majorOf, nodeCli, versionFromPackage, type Invocation } from './node-cli';
import { npmUserConfig } from './npm';
import { setEnv, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const DEFAULT = 'https://registry.npmjs.org/';
const SCRIPTS = ['pnpm/bin/pnpm.cjs', 'pnpm/bin/pnpm.mjs'];

/**
 * pnpm's config folder (its getConfigDir): $XDG_CONFIG_HOME/pnpm when set, else ~/Library/Preferences/pnpm on
 * macOS, %LOCALAPPDATA%\pnpm\config on Windows, ~/.config/pnpm elsewhere.
 */
export function pnpmConfigDir(ctx: Pick<Ctx, 'platform' | 'env'>): string {
  const p = pathApi(ctx);
  const xdg = processEnv(ctx, 'XDG_CONFIG_HOME');
  if (xdg) return p.join(xdg, 'pnpm');
  if (ctx.platform === 'darwin') return p.join(homeDir(ctx), 'Library', 'Preferences', 'pnpm');
  if (ctx.platform === 'win32') return p.join(localAppData(ctx), 'pnpm', 'config');
  return p.join(homeDir(ctx), '.config', 'pnpm');
}

/** pnpm wants the registry URL with its trailing '/' (pnpm.io/npmrc, "registry"). */
function normalize(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Where pnpm of this major version takes its registry from, highest first, as measured with pnpm 10.34.9 and
 * 12.26.0 (`pnpm config get registry`, test/oracles/pnpm.test.ts):
 * - ≤ 10: npm_config_registry > ~/.npmrc (its own `rc` is not read for the registry); it writes ~/.npmrc.
 * - ≥ 11: pnpm_config_registry > <config>/config.yaml > ~/.npmrc > <config>/auth.ini. MirrorKit writes
 *   config.yaml: it beats both INI files and holds no credentials (auth.ini does, so only its `registry` key is
 *   looked at and its text never enters a plan). Unknown version (not installed): planned as ≥ 11, the current.
 */
async function analyze(ctx: Ctx, major: number | undefined) {
  const modern = major === undefined || major >= 11;
  const dir = pnpmConfigDir(ctx);
  const p = pathApi(ctx);
  const npmrc = npmUserConfig(ctx);
  const name = anyCaseEnv(ctx, modern ? 'PNPM_CONFIG_REGISTRY' : 'NPM_CONFIG_REGISTRY');
  const env = await envLayers(ctx, name);
  const layers: Omit<Layer, 'effective'>[] = env.map((e) => ({
    origin: { kind: 'env', name, scope: e.scope },
    value: e.value,
  }));
  const yaml = p.join(dir, 'config.yaml');
  const yamlText = modern ? await readText(yaml) : null;
  const files: [string, 'yaml' | 'ini'][] = modern
    ? [
        [yaml, 'yaml'],
        [npmrc, 'ini'],
        [p.join(dir, 'auth.ini'), 'ini'],
      ]
    : [[npmrc, 'ini']];
  let npmrcText: string | null = null;
  for (const [file, format] of files) {
    const text = file === yaml ? yamlText : await readText(file);
    if (file === npmrc) npmrcText = text;
    if (text === null) continue;
    let v: string | undefined;
    try {
      v = format === 'yaml' ? yamlGet(text, 'registry') : npmrcGet(text, 'registry');
    } catch (e) {
      throw withPath(e, file);
    }
    if (v !== undefined) layers.push({ origin: { kind: 'file', path: file, key: 'registry' }, value: v });
  }
  const warnings: Message[] = [];
  const project = await projectFile(ctx);
  if (project) warnings.push({ code: 'warn.project-config', params: { path: project } });
  const target = modern ? { path: yaml, text: yamlText } : { path: npmrc, text: npmrcText };
  return { modern, target, layers: rank(layers), env, name, warnings };
}

/** A project .npmrc or pnpm-workspace.yaml with a registry in the working folder overrides the user setting there. */
async function projectFile(ctx: Ctx): Promise<string | undefined> {
  const cwd = ctx.env.INIT_CWD ?? process.cwd();
  for (const f of [path.join(cwd, '.npmrc'), path.join(cwd, 'pnpm-workspace.yaml')]) {
    const t = await readText(f).catch(() => null);
    if (t !== null && f !== npmUserConfig(ctx) && /^\s*registry\s*[=:]/m.test(t)) return f;
  }
  return undefined;
}

async function invocation(ctx: Ctx): Promise<Invocation | undefined> {
  return nodeCli(ctx, 'pnpm', SCRIPTS);
}

/** The npm packages pnpm is installed from: their package.json gives the version without running pnpm. */
const PACKAGES = ['pnpm', '@pnpm/exe'];

async function version(ctx: Ctx, inv: Invocation | undefined): Promise<string | undefined> {
  if (!inv) return undefined;
  const known = await versionFromPackage(inv, PACKAGES);
  if (known) return known;
  const r = await ctx.exec(inv.command, [...inv.args, '--version'], {
    env: { ...ctx.env },
    cwd: homeDir(ctx),
    timeoutMs: 20_000,
    background: true,
  });
  return r.code === 0 ? /(\d+\.\d+\.\d+\S*)/.exec(r.stdout)?.[1] : undefined;
}

export const pnpm: TargetModule = {
  ...pnpmSpec,
  machineEnv: { PNPM_CONFIG_REGISTRY: mirrorUrl },
  quickRead: 'version-known',

  async detect(ctx, opts) {
    const inv = await invocation(ctx);
    const v = opts?.quick ? inv && (await versionFromPackage(inv, PACKAGES)) : await version(ctx, inv);
    if (opts?.quick && !v) return foundOnly('pnpm', inv?.command);
    return {
      target: 'pnpm',
      supported: true,
      installed: v !== undefined,
      ...(v ? { version: v } : {}),
      ...(inv ? { executable: inv.command } : {}),
    };
  },

  async read(ctx): Promise<Reading> {
    const v = await version(ctx, await invocation(ctx));
    const a = await analyze(ctx, majorOf(v));
    const top = a.layers[0];
    const value = top?.value ?? null;
    const origin: Origin = top?.origin ?? { kind: 'default' };
    const cw = catalogWarnings(ctx, 'npm', value);
    const warnings = [...a.warnings, ...cw.warnings, ...(await windowsEnvWarnings(ctx, a.name))];
    if (top?.origin.kind === 'env' && a.layers.some((l) => l.origin.kind === 'file'))
      warnings.push(shadowWarning(top.origin.name, top.origin.scope, top.value));
    return { target: 'pnpm', value, origin, layers: a.layers, warnings, ...(cw.match ? { match: cw.match } : {}) };
  },

  async plan(ctx, choice, opts) {
    const url = normalize(choice.urls[0] ?? DEFAULT);
    const v = await version(ctx, await invocation(ctx));
    const a = await analyze(ctx, majorOf(v));
    const changes: Change[] = [];
    const warnings = [...a.warnings];
    const params = { version: v ?? '', path: a.target.path };
    warnings.push(
      v === undefined
        ? { code: 'pnpm.version-unknown', params }
        : { code: a.modern ? 'pnpm.own-config' : 'pnpm.uses-npmrc', params },
    );
    const envVar = a.modern ? 'PNPM_CONFIG_REGISTRY' : 'NPM_CONFIG_REGISTRY';
    if (opts.envScope) {
      warnings.push(...(await windowsEnvWarnings(ctx, envVar, opts.envScope)));
      changes.push(setEnv('pnpm', envVar, url, opts.envScope, await ctx.envStore.get(envVar, opts.envScope)));
    } else {
      const eol = ctx.platform === 'win32' ? '\r\n' : '\n';
      let after: string;
      try {
        after = a.modern
          ? yamlSet(a.target.text ?? '', 'registry', url, { eol })
          : npmrcSet(a.target.text ?? '', 'registry', url, { eol });
      } catch (e) {
        throw withPath(e, a.target.path);
      }
      // ≤ 10: the same edit of ~/.npmrc as the npm target's; planned together, plan/shared-writes.ts keeps one.
      changes.push(writeFile('pnpm', a.target.path, a.target.text, after));
    }
    for (const e of a.env) {
      if (e.scope !== 'process' && e.scope !== opts.envScope)
        changes.push(setEnv('pnpm', a.name, url, e.scope, e.value));
    }
    const shadow = shellShadow(ctx, a.name, a.env);
    if (shadow) warnings.push(shadow);
    return targetPlan('pnpm', a.layers[0]?.value ?? null, url, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const inv = await invocation(ctx);
    const command = [...(inv ? [inv.command, ...inv.args] : ['pnpm']), 'config', 'get', 'registry'];
    if (!inv) return notInstalled('pnpm', command);
    // From the home folder, as a new terminal: a project .npmrc in MirrorKit's own working folder is not the user's.
    const r = await ctx.exec(inv.command, [...inv.args, 'config', 'get', 'registry'], {
      env: { ...ctx.env },
      cwd: homeDir(ctx),
      timeoutMs: 30_000,
    });
    if (r.code !== 0) return failedToRun('pnpm', command, r);
    const observed = r.stdout.trim().split(/\r?\n/).pop() ?? '';
    const want = normalize(expected ?? DEFAULT);
    return verdict('pnpm', command, normalize(observed) === want, observed, { tool: 'pnpm', observed, expected: want });
  },
};
