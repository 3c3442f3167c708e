import path from 'node:path';

import type { Ctx } from '../context';
import { npmrcGet } from '../edit/npmrc';
import { appData, homeDir, localAppData, pathApi } from '../platform/paths';

import { exists, findExecutable, processEnv, readText } from './common';
import { userConfig } from './npm';

/**
 * Where `@electron/get` (the library electron's install script downloads with) sits on this computer, and where
 * it keeps what it downloaded. MirrorKit asks that very library, in a new shell's environment, which URL it
 * would download from: no download, just `getArtifactRemoteURL()`.
 */

/** npm's global prefix: the variable, the user's `.npmrc` `prefix=`, else npm's default for the platform. */
async function npmPrefix(ctx: Ctx): Promise<string | undefined> {
  const env = processEnv(ctx, 'NPM_CONFIG_PREFIX') ?? processEnv(ctx, 'npm_config_prefix');
  if (env) return env;
  const text = await readText(userConfig(ctx)).catch(() => null);
  let fromFile: string | undefined;
  try {
    fromFile = text === null ? undefined : npmrcGet(text, 'prefix');
  } catch {
    // A malformed .npmrc is the npm target's to report; here it only means no prefix from it.
  }
  if (fromFile) return fromFile.replace(/^~(?=$|[/\\])/, homeDir(ctx));
  if (ctx.platform === 'win32') return pathApi(ctx).join(appData(ctx), 'npm');
  const node = await findExecutable(ctx, 'node');
  return node ? path.posix.dirname(path.posix.dirname(node)) : undefined;
}

/** The folder global packages go to: `<prefix>\node_modules` on Windows, `<prefix>/lib/node_modules` elsewhere. */
async function globalModules(ctx: Ctx): Promise<string | undefined> {
  const prefix = await npmPrefix(ctx);
  if (!prefix) return undefined;
  const p = pathApi(ctx);
  return ctx.platform === 'win32' ? p.join(prefix, 'node_modules') : p.join(prefix, 'lib', 'node_modules');
}

export interface ElectronGet {
  /** A folder from which `@electron/get` resolves (its node_modules holds it). */
  from: string;
  /** The electron package it belongs to, when it is electron's own copy. */
  electronVersion?: string;
}

async function versionOf(pkgJson: string): Promise<string | undefined> {
  try {
    const v = (JSON.parse((await readText(pkgJson)) ?? '{}') as { version?: unknown }).version;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** electron's own copy first (what its install script uses), then a hoisted or separately installed one. */
async function inModules(ctx: Ctx, modules: string): Promise<ElectronGet | undefined> {
  const p = pathApi(ctx);
  const electronDir = p.join(modules, 'electron');
  const electronVersion = await versionOf(p.join(electronDir, 'package.json'));
  const withVersion = electronVersion ? { electronVersion } : {};
  if (await exists(p.join(electronDir, 'node_modules', '@electron', 'get', 'package.json')))
    return { from: electronDir, ...withVersion };
  if (await exists(p.join(modules, '@electron', 'get', 'package.json')))
    return { from: p.dirname(modules), ...withVersion };
  return undefined;
}

/** `@electron/get` installed globally with npm (inside a global electron, or on its own). */
export async function globalElectronGet(ctx: Ctx): Promise<ElectronGet | undefined> {
  const modules = await globalModules(ctx);
  return modules ? inModules(ctx, modules) : undefined;
}

/** The global one, else the project's in the folder npm (or the shell) started MirrorKit from. */
export async function findElectronGet(ctx: Ctx): Promise<ElectronGet | undefined> {
  const global = await globalElectronGet(ctx);
  if (global) return global;
  const cwd = ctx.env.INIT_CWD ?? process.cwd();
  return inModules(ctx, pathApi(ctx).join(cwd, 'node_modules'));
}

/**
 * `@electron/get`'s download cache (env-paths('electron').cache, or `electron_config_cache`): it exists once
 * any project on this computer has installed Electron.
 */
export function electronCacheDir(ctx: Ctx): string {
  const explicit = processEnv(ctx, 'electron_config_cache');
  if (explicit) return explicit;
  const p = pathApi(ctx);
  if (ctx.platform === 'win32') return p.join(localAppData(ctx), 'electron', 'Cache');
  if (ctx.platform === 'darwin') return p.join(homeDir(ctx), 'Library', 'Caches', 'electron');
  return p.join(processEnv(ctx, 'XDG_CACHE_HOME') ?? p.join(homeDir(ctx), '.cache'), 'electron');
}

/**
 * Run by node with the folder and a version as arguments: resolve `@electron/get` from that folder as electron's
 * install script would, and print the URL its `getArtifactRemoteURL()` gives for that version. The package
 * does not export that function, so it is loaded from `artifact-utils.js` beside the entry point (dist/ in 4.x
 * and 5.x, dist/cjs/ in 2.x and 3.x). A constant: data only ever travels as arguments.
 */
export const REMOTE_URL_SCRIPT = [
  "import { createRequire } from 'node:module';",
  "import { dirname, join, resolve } from 'node:path';",
  "import { pathToFileURL } from 'node:url';",
  'const [from, version] = process.argv.slice(1);',
  "const entry = createRequire(resolve(from, 'noop.js')).resolve('@electron/get');",
  "const m = await import(pathToFileURL(join(dirname(entry), 'artifact-utils.js')).href);",
  'const get = m.getArtifactRemoteURL ?? m.default?.getArtifactRemoteURL;',
  "console.log(await get({ version, artifactName: 'electron', platform: process.platform, arch: process.arch }));",
].join('\n');
