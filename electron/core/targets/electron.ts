// The `electron` target: Electron's download mirror. A file name only: the core never imports the electron package.
import type { Catalog } from '../../../shared/catalog';
import { ENV_COMPANIONS } from '../../../shared/catalog/schema';
import { electron as electronSpec } from '../../../shared/targets/electron';
import type { Change, Message, Reading, Verification } from '../../../shared/types/core';
import { mirrorUrl } from '../elevate/values';

import { catalogWarnings, exists, findExecutable, processEnv, windowsEnvWarnings } from './common';
import { electronCacheDir, findElectronGet, globalElectronGet, REMOTE_URL_SCRIPT } from './electron-get';
import { ELECTRON_MIRROR, electronLayers, npmLayerWarnings } from './electron-layers';
import { companionValues } from './env-companions';
import { planEnvVars, runAsNewShell } from './env-tool';
import { targetPlan } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

/** @electron/get's BASE_URL: where Electron downloads from when no mirror is set. */
export const ELECTRON_DEFAULT = 'https://github.com/electron/electron/releases/download/';

/** The mirror with the `/` @electron/get needs: it appends `v<version>/…` to the value as it is. */
function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Every variable an electron entry of the catalog may set besides ELECTRON_MIRROR: the ones a provider serves
 * are set, the others removed, so switching providers or back to official leaves none behind.
 */
export const BINARY_VARS: readonly string[] = ENV_COMPANIONS.electron ?? [];

/** The Electron version the catalog probes (`v45.6.1/SHASUMS256.txt`): the one verification asks a URL for. */
function knownVersion(catalog: Pick<Catalog, 'mirrorsOf'>): string {
  const probe = catalog.mirrorsOf('electron').find((m) => m.provider === 'official')?.probe ?? '';
  return /^(v\d+\.\d+\.\d+)\//.exec(probe)?.[1] ?? 'v45.6.1';
}

/**
 * Before → after of every variable the plan changes, one line each: on Linux and macOS the changes are one
 * env.sh edit that would otherwise only say "env.sh".
 */
function variableChanges(changes: Change[], set: Record<string, string | null>): Message[] {
  const before: Record<string, string | null> = {};
  for (const c of changes) {
    if (c.kind === 'setEnv' && !(c.name in before)) before[c.name] = c.before;
    if (c.kind === 'writeFile' && c.envFile?.format === 'sh')
      for (const name of Object.keys(set)) before[name] = c.envFile.base[name] ?? null;
  }
  return Object.entries(set).flatMap(([name, after]): Message[] => {
    if (!(name in before)) return [];
    const was = before[name] ?? null;
    if (was === after) return [];
    if (was === null) return [{ code: 'electron.var-add', params: { name, value: after! } }];
    if (after === null) return [{ code: 'electron.var-remove', params: { name, before: was } }];
    return [{ code: 'electron.var-change', params: { name, before: was, after } }];
  });
}

export const electron: TargetModule = {
  ...electronSpec,
  machineEnv: Object.fromEntries([ELECTRON_MIRROR, ...BINARY_VARS].map((n) => [n, mirrorUrl])),

  // Installed: a global electron or @electron/get, or @electron/get's download cache (some project on this
  // computer has installed Electron). Only files are looked at, so the quick look is the full one.
  async detect(ctx) {
    const get = await globalElectronGet(ctx);
    const cache = await exists(electronCacheDir(ctx));
    const version = get?.electronVersion;
    return {
      target: 'electron',
      supported: true,
      installed: get !== undefined || cache,
      ...(version ? { version } : {}),
    };
  },

  async read(ctx): Promise<Reading> {
    const l = await electronLayers(ctx);
    const value = l.layers[0]?.value ?? null;
    const cw = catalogWarnings(ctx, 'electron', value);
    const warnings: Message[] = [
      ...npmLayerWarnings(l, undefined),
      ...cw.warnings,
      ...(await windowsEnvWarnings(ctx, ELECTRON_MIRROR)),
    ];
    if (value !== null && !value.endsWith('/')) warnings.push({ code: 'electron.no-slash', params: { value } });
    return {
      target: 'electron',
      value,
      origin: l.layers[0]?.origin ?? { kind: 'default' },
      layers: l.layers,
      warnings,
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice, opts) {
    const url = withSlash(choice.urls[0] ?? ELECTRON_DEFAULT);
    const { set, untouched } = companionValues(ctx, 'electron', ELECTRON_MIRROR, url);
    const official = set[ELECTRON_MIRROR] === null;
    // Unlike the tools companionValues was made for, @electron/get needs the slash kept.
    if (!official) set[ELECTRON_MIRROR] = url;
    const notes: Message[] = [{ code: 'electron.new-shells' }];
    if (untouched.length > 0) notes.push({ code: 'electron.custom-only', params: { names: untouched.join(', ') } });
    const l = await electronLayers(ctx);
    const { changes, warnings } = await planEnvVars(ctx, 'electron', set, opts.envScope);
    return targetPlan(
      'electron',
      l.layers[0]?.value ?? null,
      official ? null : url,
      changes,
      [...notes, ...variableChanges(changes, set), ...npmLayerWarnings(l, official ? null : url), ...warnings],
      choice.provider,
    );
  },

  async verify(ctx, expected): Promise<Verification> {
    const shown = ['node', '-e', 'getArtifactRemoteURL(…)'];
    const get = await findElectronGet(ctx);
    const node = await findExecutable(ctx, 'node');
    if (!get || !node) return notInstalled('electron', shown, '@electron/get');
    const version = get.electronVersion ? `v${get.electronVersion}` : knownVersion(ctx.catalog);
    // Under `npm install`, npm hands an electron_mirror key of its config files to electron's install script
    // as npm_config_electron_mirror: the library is asked with that too, as it runs there.
    const fromFile = (await electronLayers(ctx).catch(() => undefined))?.npm.find((x) => x.origin.kind === 'file');
    const npmCopy =
      fromFile && processEnv(ctx, 'npm_config_electron_mirror') === undefined ? fromFile.value : undefined;
    const runCtx = npmCopy ? { ...ctx, env: { ...ctx.env, npm_config_electron_mirror: npmCopy } } : ctx;
    const { command, result: r } = await runAsNewShell(runCtx, node, [
      '--input-type=module',
      '-e',
      REMOTE_URL_SCRIPT,
      get.from,
      version,
    ]);
    // The script is long: show the command with the library's call in its place.
    const cmd = [
      ...(npmCopy ? [`npm_config_electron_mirror=${npmCopy}`] : []),
      ...command.slice(0, command.indexOf(node)),
      ...shown,
      get.from,
      version,
    ];
    if (r.code !== 0) return failedToRun('electron', cmd, r);
    const observed = r.stdout.trim().split(/\r?\n/).pop() ?? null;
    const base = expected === null ? ELECTRON_DEFAULT : withSlash(expected);
    const ok = observed !== null && observed.startsWith(base);
    return verdict('electron', cmd, ok, observed, {
      tool: '@electron/get',
      observed: observed ?? '?',
      expected: `${base}${version}/…`,
    });
  },
};
