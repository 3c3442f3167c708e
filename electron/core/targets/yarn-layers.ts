import path from 'node:path';

import type { EnvScope, Layer, Message } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { npmrcGet } from '../edit/npmrc';
import { yamlGet } from '../edit/yaml';
import { yarnrcGet } from '../edit/yarnrc';
import { homeDir, pathApi, systemPath } from '../platform/paths';

import { envLayers, readText } from './common';
import { anyCaseEnv } from './node-cli';
import { npmUserConfig } from './npm';

/** Yarn 1 ("classic") and Yarn 2+ ("berry") keep the registry in different files under different keys. */
export type Flavor = 'classic' | 'berry';

export const YARN_DEFAULT = 'https://registry.yarnpkg.com';

export interface FlavorState {
  flavor: Flavor;
  /** The user file MirrorKit edits for this flavor, and its text (null: absent). */
  file: string;
  key: string;
  text: string | null;
  /** Highest precedence first; not yet ranked. */
  layers: Omit<Layer, 'effective'>[];
  /** The variables that beat the file, each with the layers that set it. */
  env: { name: string; layers: { scope: EnvScope; value: string }[] }[];
  warnings: Message[];
}

/**
 * Yarn 1's user file. Run as root on Linux or macOS, yarn 1 uses /usr/local/share as its home whatever HOME says
 * (yarn 1.22.22 lib/cli.js: `userHomeDir = rootUser ? '/usr/local/share' : home`), so that is the file it reads.
 */
export function classicRc(ctx: Pick<Ctx, 'platform' | 'env' | 'isAdmin' | 'sysroot'>): { path: string; root: boolean } {
  if (ctx.platform !== 'win32' && ctx.isAdmin) return { path: systemPath(ctx, '/usr/local/share/.yarnrc'), root: true };
  return { path: pathApi(ctx).join(homeDir(ctx), '.yarnrc'), root: false };
}

/** Berry's home file: ~/.yarnrc.yml (YARN_RC_FILENAME renames only the project file). */
export function berryRc(ctx: Pick<Ctx, 'platform' | 'env'>): string {
  return pathApi(ctx).join(homeDir(ctx), '.yarnrc.yml');
}

async function fileLayer(
  file: string,
  key: string,
  get: (text: string) => string | undefined,
): Promise<{ text: string | null; layer?: Omit<Layer, 'effective'> }> {
  const text = await readText(file);
  if (text === null) return { text };
  let v: string | undefined;
  try {
    v = get(text);
  } catch (e) {
    throw withPath(e, file);
  }
  return v === undefined ? { text } : { text, layer: { origin: { kind: 'file', path: file, key }, value: v } };
}

async function envs(ctx: Ctx, names: string[]): Promise<FlavorState['env']> {
  const out: FlavorState['env'] = [];
  for (const upper of names) {
    const name = anyCaseEnv(ctx, upper);
    const layers = await envLayers(ctx, name);
    if (layers.length > 0) out.push({ name, layers });
  }
  return out;
}

function envAsLayers(env: FlavorState['env']): Omit<Layer, 'effective'>[] {
  return env.flatMap((e) =>
    e.layers.map((l) => ({ origin: { kind: 'env' as const, name: e.name, scope: l.scope }, value: l.value })),
  );
}

/** A project file with a registry in the working folder overrides the user file inside that project. */
async function projectWarning(ctx: Ctx, names: string[], pattern: RegExp, userFiles: string[]): Promise<Message[]> {
  const cwd = ctx.env.INIT_CWD ?? process.cwd();
  for (const n of names) {
    const f = path.join(cwd, n);
    if (userFiles.includes(f)) continue;
    const t = await readText(f).catch(() => null);
    if (t !== null && pattern.test(t)) return [{ code: 'warn.project-config', params: { path: f } }];
  }
  return [];
}

/**
 * Yarn 1, as measured (reference sheet §1, test/oracles/yarn.test.ts): npm_config_registry > YARN_REGISTRY >
 * the registry of any .npmrc > .yarnrc > https://registry.yarnpkg.com.
 */
export async function analyzeClassic(ctx: Ctx): Promise<FlavorState> {
  const rc = classicRc(ctx);
  const env = await envs(ctx, ['NPM_CONFIG_REGISTRY', 'YARN_REGISTRY']);
  const npmrc = await fileLayer(npmUserConfig(ctx), 'registry', (t) => npmrcGet(t, 'registry'));
  const own = await fileLayer(rc.path, 'registry', (t) => yarnrcGet(t, 'registry'));
  const warnings: Message[] = rc.root ? [{ code: 'yarn.root-rc', params: { path: rc.path } }] : [];
  warnings.push(
    ...(await projectWarning(ctx, ['.npmrc', '.yarnrc'], /^\s*"?registry"?\s*[=\s]/m, [
      npmUserConfig(ctx),
      pathApi(ctx).join(homeDir(ctx), '.yarnrc'),
    ])),
  );
  const layers = [...envAsLayers(env), ...(npmrc.layer ? [npmrc.layer] : []), ...(own.layer ? [own.layer] : [])];
  return { flavor: 'classic', file: rc.path, key: 'registry', text: own.text, layers, env, warnings };
}

/** Yarn 2+, as measured: YARN_NPM_REGISTRY_SERVER > project .yarnrc.yml > ~/.yarnrc.yml > default; .npmrc is ignored. */
export async function analyzeBerry(ctx: Ctx): Promise<FlavorState> {
  const file = berryRc(ctx);
  const env = await envs(ctx, ['YARN_NPM_REGISTRY_SERVER']);
  const own = await fileLayer(file, 'npmRegistryServer', (t) => yamlGet(t, 'npmRegistryServer'));
  const warnings = await projectWarning(ctx, ['.yarnrc.yml'], /^npmRegistryServer\s*:/m, [file]);
  return {
    flavor: 'berry',
    file,
    key: 'npmRegistryServer',
    text: own.text,
    layers: [...envAsLayers(env), ...(own.layer ? [own.layer] : [])],
    env,
    warnings,
  };
}
