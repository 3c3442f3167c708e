import type { EnvScope, Layer, Message } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { npmrcGet } from '../edit/npmrc';

import { envLayers, findExecutable, rank, readText } from './common';
import { envVarLayers } from './env-tool';
import { globalConfig, userConfig } from './npm';

export const ELECTRON_MIRROR = 'ELECTRON_MIRROR';

/**
 * Where Electron's mirror comes from, in `@electron/get`'s order (dist/artifact-utils.js `mirrorVar`):
 * `npm_config_electron_mirror`, then `NPM_CONFIG_ELECTRON_MIRROR`, then ELECTRON_MIRROR. npm turns an
 * `electron_mirror` key of its config files into `npm_config_electron_mirror` for install scripts, so under
 * `npm install` a `.npmrc` line beats ELECTRON_MIRROR too; a variable of npm's beats the files, as in npm.
 * (A script runner's own copies were already left out of ctx.env: platform/script-env.ts.)
 */
export interface ElectronLayers {
  layers: Layer[];
  /** The layers npm hands to install scripts: they beat ELECTRON_MIRROR. */
  npm: Omit<Layer, 'effective'>[];
  /** ELECTRON_MIRROR's own layers (process, user, machine, MirrorKit's env.sh). */
  own: Omit<Layer, 'effective'>[];
  /** ELECTRON_MIRROR in this process and the persistent scopes, as `shellShadow` reads them. */
  env: { scope: EnvScope; value: string }[];
}

/** Windows variable names ignore case: one name there. */
function npmVarNames(ctx: Ctx): string[] {
  return ctx.platform === 'win32'
    ? ['npm_config_electron_mirror']
    : ['npm_config_electron_mirror', 'NPM_CONFIG_ELECTRON_MIRROR'];
}

/** npm's config files, highest first: the user's `.npmrc`, then the global `npmrc`. */
async function npmrcLayers(ctx: Ctx): Promise<Omit<Layer, 'effective'>[]> {
  const out: Omit<Layer, 'effective'>[] = [];
  const files = [userConfig(ctx), globalConfig(ctx, await findExecutable(ctx, 'node'))];
  for (const file of files) {
    if (!file) continue;
    const text = await readText(file);
    if (text === null) continue;
    try {
      // npm reads `electron-mirror` as the same key: both become npm_config_electron_mirror.
      for (const key of ['electron_mirror', 'electron-mirror']) {
        const value = npmrcGet(text, key);
        if (value !== undefined && value !== '') {
          out.push({ origin: { kind: 'file', path: file, key }, value });
          break;
        }
      }
    } catch (e) {
      throw withPath(e, file);
    }
  }
  return out;
}

export async function electronLayers(ctx: Ctx): Promise<ElectronLayers> {
  const npm: Omit<Layer, 'effective'>[] = [];
  for (const name of npmVarNames(ctx))
    for (const e of await envLayers(ctx, name))
      npm.push({ origin: { kind: 'env', name, scope: e.scope }, value: e.value });
  npm.push(...(await npmrcLayers(ctx)));
  const own = await envVarLayers(ctx, ELECTRON_MIRROR);
  return { layers: rank([...npm, ...own.layers]), npm, own: own.layers, env: own.env };
}

/** Trailing slashes and case of the host aside, is this the same mirror? */
export function sameMirror(a: string, b: string): boolean {
  const norm = (u: string) => u.replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/** What the user reads as the source of an npm layer: the file, or the variable and its scope. */
function where(l: Omit<Layer, 'effective'>): string {
  if (l.origin.kind === 'file') return l.origin.path;
  if (l.origin.kind === 'env') return `${l.origin.name} (${l.origin.scope})`;
  return '';
}

/**
 * The explanation owed when one of npm's layers wins over what ELECTRON_MIRROR says (or, planning, over the
 * mirror about to be written; `wanted` null = the official default).
 */
export function npmLayerWarnings(l: ElectronLayers, wanted: string | null | undefined): Message[] {
  const top = l.npm[0];
  if (!top) return [];
  const target = wanted === undefined ? l.own[0]?.value : wanted;
  if (wanted === undefined && target === undefined) return [];
  if (target && sameMirror(top.value, target)) return [];
  return [{ code: 'electron.npm-layer-wins', params: { where: where(top), value: top.value } }];
}
