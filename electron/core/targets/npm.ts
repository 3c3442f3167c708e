import fs from 'node:fs/promises';
import path from 'node:path';

import { npm as npmSpec } from '../../../shared/targets/npm';
import type { Change, Layer, Message, Origin, Reading, Verification } from '../../../shared/types/core';
import { mirrorUrl } from '../elevate/values';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { npmrcGet, npmrcSet } from '../edit/npmrc';
import { appData, homeDir, pathApi } from '../platform/paths';
import { resolveNpmInvocation } from '../platform/win32/npm';

import {
  catalogWarnings,
  windowsEnvWarnings,
  envLayers,
  findExecutable,
  foundOnly,
  processEnv,
  rank,
  readText,
  shadowWarning,
  shellShadow,
} from './common';
import { setEnv, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const DEFAULT = 'https://registry.npmjs.org/';
const ENV = 'NPM_CONFIG_REGISTRY';

/** npm's user file: --userconfig / NPM_CONFIG_USERCONFIG, else ~/.npmrc (%USERPROFILE%\.npmrc). */
export function userConfig(ctx: Ctx): string {
  return (
    processEnv(ctx, 'NPM_CONFIG_USERCONFIG') ??
    processEnv(ctx, 'npm_config_userconfig') ??
    pathApi(ctx).join(homeDir(ctx), '.npmrc')
  );
}

/** npm's global file: $PREFIX/etc/npmrc, the prefix defaulting to %APPDATA%\npm on Windows and to node's own prefix elsewhere. */
export function globalConfig(ctx: Ctx, nodeExe: string | undefined): string | undefined {
  const explicit = processEnv(ctx, 'NPM_CONFIG_GLOBALCONFIG') ?? processEnv(ctx, 'npm_config_globalconfig');
  if (explicit) return explicit;
  const p = pathApi(ctx);
  const prefix =
    processEnv(ctx, 'NPM_CONFIG_PREFIX') ??
    processEnv(ctx, 'npm_config_prefix') ??
    (ctx.platform === 'win32' ? p.join(appData(ctx), 'npm') : nodeExe ? p.dirname(p.dirname(nodeExe)) : undefined);
  return prefix ? p.join(prefix, 'etc', 'npmrc') : undefined;
}

/** npm reads NPM_CONFIG_* case-insensitively; report whichever spelling is set. */
function envName(ctx: Ctx): string {
  return Object.keys(ctx.env).find((k) => k.toUpperCase() === ENV && ctx.env[k]) ?? ENV;
}

/** npm expects a registry URL ending in '/'. */
function normalize(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

async function analyze(ctx: Ctx) {
  const user = userConfig(ctx);
  const node = await findExecutable(ctx, 'node');
  const global = globalConfig(ctx, node);
  const layers: Omit<Layer, 'effective'>[] = [];
  const name = envName(ctx);
  const env = await envLayers(ctx, name);
  for (const e of env) layers.push({ origin: { kind: 'env', name, scope: e.scope }, value: e.value });
  const text = await readText(user);
  for (const [file, t] of [
    [user, text],
    [global, global ? await readText(global) : null],
  ] as const) {
    if (!file || t === null) continue;
    let v: string | undefined;
    try {
      v = npmrcGet(t, 'registry');
    } catch (e) {
      throw withPath(e, file);
    }
    if (v !== undefined) layers.push({ origin: { kind: 'file', path: file, key: 'registry' }, value: v });
  }
  const warnings: Message[] = [];
  const project = await projectNpmrc(ctx);
  if (project) warnings.push({ code: 'warn.project-config', params: { path: project } });
  return { user, text, layers: rank(layers), env, name, warnings };
}

/** A project .npmrc in the working folder silently overrides the user file there (nrm #39). */
async function projectNpmrc(ctx: Ctx): Promise<string | undefined> {
  const cwd = ctx.env.INIT_CWD ?? process.cwd();
  const f = path.join(cwd, '.npmrc');
  const t = await readText(f).catch(() => null);
  return t !== null && f !== userConfig(ctx) && /^\s*registry\s*=/m.test(t) ? f : undefined;
}

export const npm: TargetModule = {
  ...npmSpec,
  machineEnv: { NPM_CONFIG_REGISTRY: mirrorUrl },

  async detect(ctx, opts) {
    const inv = await npmInvocation(ctx);
    if (!inv) return { target: 'npm', supported: true, installed: false };
    const known = await versionFromPackage(inv);
    if (!known && opts?.quick) return foundOnly('npm', inv.command);
    const version = known ?? (await spawnVersion(ctx, inv));
    return {
      target: 'npm',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      executable: inv.command,
    };
  },

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    const top = a.layers[0];
    const value = top?.value ?? null;
    const origin: Origin = top?.origin ?? { kind: 'default' };
    const cw = catalogWarnings(ctx, 'npm', value);
    const warnings = [...a.warnings, ...cw.warnings];
    warnings.push(...(await windowsEnvWarnings(ctx, ENV)));
    if (top?.origin.kind === 'env' && a.layers.some((l) => l.origin.kind === 'file'))
      warnings.push(shadowWarning(top.origin.name, top.origin.scope, top.value));
    return { target: 'npm', value, origin, layers: a.layers, warnings, ...(cw.match ? { match: cw.match } : {}) };
  },

  async plan(ctx, choice, opts) {
    const url = normalize(choice.urls[0] ?? DEFAULT);
    const a = await analyze(ctx);
    const changes: Change[] = [];
    const warnings = [...a.warnings];
    if (opts.envScope) {
      warnings.push(...(await windowsEnvWarnings(ctx, ENV, opts.envScope)));
      changes.push(setEnv('npm', ENV, url, opts.envScope, await ctx.envStore.get(ENV, opts.envScope)));
    } else {
      let after: string;
      try {
        after = npmrcSet(a.text ?? '', 'registry', url, { eol: ctx.platform === 'win32' ? '\r\n' : '\n' });
      } catch (e) {
        throw withPath(e, a.user);
      }
      changes.push(writeFile('npm', a.user, a.text, after));
    }
    for (const e of a.env) {
      if (e.scope !== 'process' && e.scope !== opts.envScope)
        changes.push(setEnv('npm', a.name, url, e.scope, e.value));
    }
    const shadow = shellShadow(ctx, a.name, a.env);
    if (shadow) warnings.push(shadow);
    return targetPlan('npm', a.layers[0]?.value ?? null, url, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const inv = await npmInvocation(ctx);
    const command = [...(inv ? [inv.command, ...inv.args] : ['npm']), 'config', 'get', 'registry'];
    if (!inv) return notInstalled('npm', command);
    // From the home folder, as a new terminal: a project .npmrc in MirrorKit's own working folder is not the user's setting.
    const r = await ctx.exec(inv.command, [...inv.args, 'config', 'get', 'registry'], {
      env: { ...ctx.env },
      cwd: homeDir(ctx),
      timeoutMs: 30_000,
    });
    if (r.code !== 0) {
      return failedToRun('npm', command, r);
    }
    const observed = r.stdout.trim().split(/\r?\n/).pop() ?? '';
    const want = normalize(expected ?? DEFAULT);
    const ok = normalize(observed) === want;
    return verdict('npm', command, ok, observed, { tool: 'npm', observed, expected: want });
  },
};

/**
 * npm's version from its own package.json next to npm-cli.js: starting npm just to print its version costs a
 * whole Node start (~0.2 s) on every Detect.
 */
async function versionFromPackage(inv: { command: string; args: string[] }): Promise<string | undefined> {
  const script = inv.args[0] ?? inv.command;
  try {
    const real = await fs.realpath(script);
    for (let dir = path.dirname(real), i = 0; i < 3; i++, dir = path.dirname(dir)) {
      const pkg = JSON.parse((await readText(path.join(dir, 'package.json'))) ?? 'null') as {
        name?: string;
        version?: string;
      } | null;
      if (pkg?.name === 'npm' && pkg.version) return pkg.version;
    }
  } catch {
    // not a regular npm install layout: ask npm itself
  }
  return undefined;
}

async function spawnVersion(ctx: Ctx, inv: { command: string; args: string[] }): Promise<string | undefined> {
  const r = await ctx.exec(inv.command, [...inv.args, '--version'], {
    env: { ...ctx.env },
    timeoutMs: 20_000,
    background: true,
  });
  return r.code === 0 ? r.stdout.trim().split(/\s+/)[0] : undefined;
}

/** How to run npm without a shell (on Windows: node + npm-cli.js, since .cmd files need a shell). */
async function npmInvocation(ctx: Ctx): Promise<{ command: string; args: string[] } | undefined> {
  if (ctx.platform === 'win32') return resolveNpmInvocation(ctx) ?? undefined;
  const exe = await findExecutable(ctx, 'npm');
  return exe ? { command: exe, args: [] } : undefined;
}

/** Tools that read npm's user file too (pnpm ≤ 10, yarn 1, bun) find it where npm does. */
export { userConfig as npmUserConfig };
