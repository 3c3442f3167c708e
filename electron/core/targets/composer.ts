import { stat } from 'node:fs/promises';

import { composer as composerSpec } from '../../../shared/targets/composer';
import type { Change, Layer, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { EditError, withPath } from '../edit/errors';
import { JSON_FORMAT, jsonParseStrict, jsonSet } from '../edit/json';
import { appData, homeDir, pathApi, systemPath } from '../platform/paths';

import { detectExecutable, findExecutable, layeredReading, processEnv, rank, readText } from './common';
import { targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const DEFAULT = 'https://repo.packagist.org';
/** Composer reads `packagist` as `packagist.org` (Config::merge, "BC support for default packagist named repo"). */
const NAMES = ['packagist', 'packagist.org'] as const;

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * COMPOSER_HOME as Composer's Factory::getHomeDir resolves it: the variable; on Windows %APPDATA%\Composer;
 * elsewhere $XDG_CONFIG_HOME/composer (only when the system "uses XDG": some XDG_* variable is set or /etc/xdg
 * exists) or ~/.composer — the first that exists, else the first of them.
 */
async function composerHome(ctx: Ctx): Promise<string> {
  const explicit = processEnv(ctx, 'COMPOSER_HOME');
  if (explicit) return explicit;
  const p = pathApi(ctx);
  if (ctx.platform === 'win32') return p.join(appData(ctx), 'Composer');
  const home = homeDir(ctx);
  const dirs: string[] = [];
  const usesXdg = Object.keys(ctx.env).some((k) => k.startsWith('XDG_')) || (await isDir(systemPath(ctx, '/etc/xdg')));
  if (usesXdg) dirs.push(p.join(processEnv(ctx, 'XDG_CONFIG_HOME') || p.join(home, '.config'), 'composer'));
  dirs.push(p.join(home, '.composer'));
  for (const d of dirs) if (await isDir(d)) return d;
  return dirs[0] ?? p.join(home, '.composer');
}

type Repos = Record<string, unknown>;

/** The global file's `repositories` object (a list form cannot be edited by name: said so, file untouched). */
function reposOf(doc: unknown): Repos | undefined {
  const r = (doc as { repositories?: unknown }).repositories;
  if (r === undefined || r === null) return undefined;
  if (Array.isArray(r) || typeof r !== 'object')
    throw new EditError(
      JSON_FORMAT,
      '"repositories" is a list; MirrorKit edits only the object form ({"packagist": {...}})',
    );
  return r as Repos;
}

/** The packagist replacement the file names: its URL, `false` when packagist is disabled, undefined when absent. */
function packagistOf(repos: Repos | undefined): { name: string; url: string | false } | undefined {
  for (const name of [...NAMES].reverse()) {
    const r = repos?.[name];
    if (r === false) return { name, url: false };
    if (typeof r === 'object' && r !== null) {
      const { url } = r as { url?: unknown };
      if (typeof url === 'string') return { name, url };
    }
  }
  return undefined;
}

async function analyze(ctx: Ctx) {
  const file = pathApi(ctx).join(await composerHome(ctx), 'config.json');
  const text = await readText(file);
  let repos: Repos | undefined;
  try {
    repos = text === null ? undefined : reposOf(jsonParseStrict(text));
  } catch (e) {
    throw withPath(e, file);
  }
  const found = packagistOf(repos);
  const layers: Omit<Layer, 'effective'>[] = [];
  if (found && found.url !== false)
    layers.push({ origin: { kind: 'file', path: file, key: `repositories.${found.name}` }, value: found.url });
  return { file, text, repos, layers: rank(layers) };
}

export const composer: TargetModule = {
  ...composerSpec,
  // No variable names a Composer repository; the global file is per user.
  machineEnv: {},

  detect: (ctx, opts) =>
    detectExecutable(
      ctx,
      'composer',
      'composer',
      ['--version', '--no-interaction'],
      /Composer (?:version )?(\S+)/,
      opts,
    ),

  async read(ctx): Promise<Reading> {
    return layeredReading(ctx, 'composer', 'composer', (await analyze(ctx)).layers, undefined);
  },

  async plan(ctx, choice) {
    const url = choice.urls[0] ?? DEFAULT;
    const a = await analyze(ctx);
    const eol = ctx.platform === 'win32' ? '\r\n' : '\n';
    let after = a.text ?? '';
    try {
      // Every key naming packagist gets the mirror, so neither spelling is left to win over it.
      const present = NAMES.filter((n) => a.repos?.[n] !== undefined);
      for (const name of present.length > 0 ? present : ['packagist'])
        after = jsonSet(after, ['repositories', name], { type: 'composer', url }, { eol });
    } catch (e) {
      throw withPath(e, a.file);
    }
    const changes: Change[] = [writeFile('composer', a.file, a.text, after)];
    return targetPlan('composer', a.layers[0]?.value ?? null, url, changes, [], choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'composer');
    const args = ['config', '--global', '--no-interaction', 'repositories'];
    const command = [exe ?? 'composer', ...args];
    if (!exe) return notInstalled('composer', command);
    // From the home folder (no composer.json there), without the root warning prompt or a plugin run.
    const env = { ...ctx.env, COMPOSER_NO_INTERACTION: '1', COMPOSER_ALLOW_SUPERUSER: '1' };
    const r = await ctx.exec(exe, args, { env, cwd: homeDir(ctx), timeoutMs: 30_000 });
    if (r.code !== 0) return failedToRun('composer', command, r);
    let observed: string;
    try {
      const repos = JSON.parse(r.stdout.trim()) as Repos;
      const found = packagistOf(repos);
      observed = found === undefined ? DEFAULT : found.url === false ? 'false' : found.url;
    } catch {
      return failedToRun('composer', command, r, r.stdout.trim());
    }
    const want = expected ?? DEFAULT;
    return verdict('composer', command, observed.replace(/\/+$/, '') === want.replace(/\/+$/, ''), observed, {
      tool: 'composer',
      observed,
      expected: want,
    });
  },
};
