import { go as goSpec } from '../../../shared/targets/go';
import type {
  Change,
  Layer,
  Message,
  Origin,
  PersistentScope,
  Reading,
  Verification,
} from '../../../shared/types/core';
import { goproxyList, gosumdb, moduleGlobList } from '../elevate/values';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { goEnvGet, goEnvSet } from '../edit/goenv';
import { appData, macAppSupport, pathApi, xdgConfigHome } from '../platform/paths';

import {
  catalogWarnings,
  detectExecutable,
  windowsEnvWarnings,
  envLayers,
  findExecutable,
  processEnv,
  rank,
  readText,
  shadowWarning,
  shellShadow,
} from './common';
import { failed, setEnv, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const DEFAULT_PROXY = 'https://proxy.golang.org,direct';
/** Profile extras a corporate profile may set for Go (validated by the profile schema). */
const EXTRA_KEYS = ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'] as const;

/** Where `go env -w` writes (os.UserConfigDir()/go/env, or $GOENV). GOENV=off disables the file. */
function goEnvFile(ctx: Ctx): string | null {
  const explicit = processEnv(ctx, 'GOENV');
  if (explicit === 'off') return null;
  if (explicit) return explicit;
  const p = pathApi(ctx);
  if (ctx.platform === 'win32') return p.join(appData(ctx), 'go', 'env');
  if (ctx.platform === 'darwin') return p.join(macAppSupport(ctx), 'go', 'env');
  return p.join(xdgConfigHome(ctx), 'go', 'env');
}

/** GOPROXY value for a mirror: fall back to direct on 404/410, as every mirror's documentation recommends. */
export function goproxyValue(url: string): string {
  return /(^|,|\|)(direct|off)$/.test(url) ? url : `${url.replace(/\/+$/, '')},direct`;
}

async function analyze(ctx: Ctx) {
  const file = goEnvFile(ctx);
  const text = file ? await readText(file) : null;
  const layers: Omit<Layer, 'effective'>[] = [];
  const env = await envLayers(ctx, 'GOPROXY');
  for (const e of env) layers.push({ origin: { kind: 'env', name: 'GOPROXY', scope: e.scope }, value: e.value });
  let fileValue: string | undefined;
  if (file && text !== null) {
    try {
      fileValue = goEnvGet(text, 'GOPROXY');
    } catch (e) {
      throw withPath(e, file);
    }
    if (fileValue !== undefined)
      layers.push({ origin: { kind: 'file', path: file, key: 'GOPROXY' }, value: fileValue });
  }
  return { file, text, env, layers: rank(layers) };
}

/** The first proxy URL of a GOPROXY list, for catalog matching. */
function firstProxy(v: string | null): string | null {
  return v ? (v.split(/[,|]/)[0] ?? null) : null;
}

export const go: TargetModule = {
  ...goSpec,
  machineEnv: {
    GOPROXY: goproxyList,
    GOSUMDB: gosumdb,
    GOPRIVATE: moduleGlobList,
    GONOPROXY: moduleGlobList,
    GONOSUMDB: moduleGlobList,
  },

  detect: (ctx, opts) => detectExecutable(ctx, 'go', 'go', ['version'], /go version go(\S+)/, opts),

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    const top = a.layers[0];
    const value = top?.value ?? null;
    const origin: Origin = top?.origin ?? { kind: 'default' };
    const cw = catalogWarnings(ctx, 'go', firstProxy(value));
    const warnings = [...cw.warnings];
    warnings.push(...(await windowsEnvWarnings(ctx, 'GOPROXY')));
    if (top?.origin.kind === 'env' && a.layers.some((l) => l.origin.kind === 'file'))
      warnings.push(shadowWarning('GOPROXY', top.origin.scope, top.value));
    return { target: 'go', value, origin, layers: a.layers, warnings, ...(cw.match ? { match: cw.match } : {}) };
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0] ?? 'https://proxy.golang.org';
    const proxy = goproxyValue(url);
    const entry = ctx.catalog.match('go', url);
    const official = entry?.provider === 'official';
    // A mirror that documents a GOSUMDB gets it; back on upstream the default checksum database returns.
    const gosumdb = entry?.gosumdb ?? null;
    const values: Record<string, string | null> = { GOPROXY: proxy, GOSUMDB: official ? null : gosumdb };
    for (const k of EXTRA_KEYS) if (choice.extras?.[k] !== undefined) values[k] = choice.extras[k] ?? null;
    const a = await analyze(ctx);
    const changes: Change[] = [];
    const warnings: Message[] = [];
    if (gosumdb && !official) warnings.push({ code: 'warn.go-sumdb', params: { value: gosumdb } });

    const envChanges = async (scope: PersistentScope) => {
      for (const [k, v] of Object.entries(values)) {
        const before = await ctx.envStore.get(k, scope);
        // Never create an empty variable just to say "default".
        if (v === null && before === null) continue;
        changes.push(setEnv('go', k, v, scope, before));
      }
    };

    if (opts.envScope || !a.file) {
      if (!ctx.envStore.supported) return failed('go', { code: 'error.goenv-off' });
      warnings.push(...(await windowsEnvWarnings(ctx, 'GOPROXY', opts.envScope ?? 'user')));
      await envChanges(opts.envScope ?? 'user');
    } else {
      let after = a.text ?? '';
      try {
        // `go env -w` itself writes LF line endings on every OS; a new file follows it.
        for (const [k, v] of Object.entries(values)) after = goEnvSet(after, k, v, { eol: '\n' });
      } catch (e) {
        throw withPath(e, a.file);
      }
      changes.push(writeFile('go', a.file, a.text, after));
      // An OS variable beats `go env -w` (go's env_write test): on Windows fix that layer too.
      const persistent = a.env.filter((e) => e.scope !== 'process');
      for (const e of persistent) changes.push(setEnv('go', 'GOPROXY', proxy, e.scope as PersistentScope, e.value));
    }
    const shadow = shellShadow(ctx, 'GOPROXY', a.env);
    if (shadow) warnings.push(shadow);
    return targetPlan('go', a.layers[0]?.value ?? null, proxy, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'go');
    const command = [exe ?? 'go', 'env', 'GOPROXY'];
    if (!exe) return notInstalled('go', command);
    const r = await ctx.exec(exe, ['env', 'GOPROXY'], { env: { ...ctx.env }, timeoutMs: 30_000 });
    if (r.code !== 0) {
      return failedToRun('go', command, r);
    }
    const observed = r.stdout.trim();
    const want = expected ?? DEFAULT_PROXY;
    const ok = observed === want;
    return verdict('go', command, ok, observed, { tool: 'go', observed, expected: want });
  },
};
