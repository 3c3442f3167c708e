import { gem as gemSpec } from '../../../shared/targets/gem';
import type { Change, Layer, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { BUNDLE_MIRROR_KEY, bundleMirror, bundleSetMirror } from '../edit/bundle-config';
import { withPath } from '../edit/errors';
import { gemSetSources, gemSources } from '../edit/gemrc';
import { homeDir, pathApi } from '../platform/paths';

import { detectExecutable, findExecutable, layeredReading, processEnv, rank, readText } from './common';
import { targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const DEFAULT = 'https://rubygems.org/';

/** RubyGems' user file: GEMRC, else ~/.gemrc (%USERPROFILE%\.gemrc on Windows). */
function gemrcFile(ctx: Ctx): string {
  return processEnv(ctx, 'GEMRC') || pathApi(ctx).join(homeDir(ctx), '.gemrc');
}

/** Bundler's user config (Bundler.user_bundle_path): BUNDLE_USER_CONFIG, else $BUNDLE_USER_HOME/config, else ~/.bundle/config. */
function bundleFile(ctx: Ctx): string {
  const explicit = processEnv(ctx, 'BUNDLE_USER_CONFIG');
  if (explicit) return explicit;
  const p = pathApi(ctx);
  return p.join(processEnv(ctx, 'BUNDLE_USER_HOME') || p.join(homeDir(ctx), '.bundle'), 'config');
}

/** Read one file with its editor; a malformed one is reported with its path and left alone. */
function parsed<T>(file: string, text: string | null, read: (t: string) => T): T | undefined {
  if (text === null) return undefined;
  try {
    return read(text);
  } catch (e) {
    throw withPath(e, file);
  }
}

async function analyze(ctx: Ctx) {
  const gemrc = gemrcFile(ctx);
  const bundle = bundleFile(ctx);
  const gemText = await readText(gemrc);
  const bundleText = await readText(bundle);
  const sources = parsed(gemrc, gemText, gemSources);
  const mirror = parsed(bundle, bundleText, bundleMirror);
  // gem tries its sources in order: the first one is where gems come from. Bundler's mirror is its own layer.
  const layers: Omit<Layer, 'effective'>[] = [];
  if (sources?.[0] !== undefined)
    layers.push({ origin: { kind: 'file', path: gemrc, key: ':sources:' }, value: sources[0] });
  if (mirror !== undefined)
    layers.push({ origin: { kind: 'file', path: bundle, key: BUNDLE_MIRROR_KEY }, value: mirror });
  return { gemrc, bundle, gemText, bundleText, sources, layers: rank(layers) };
}

/**
 * Bundler's own report of its rubygems.org mirror (`bundle config get`, offline): the top "Set for …" line is the
 * one used. No mirror line at all is right only for the official source. Undefined when bundle is not installed.
 */
async function verifyBundler(ctx: Ctx, want: string): Promise<Verification | undefined> {
  const exe = await findExecutable(ctx, 'bundle');
  if (!exe) return undefined;
  const args = ['config', 'get', 'mirror.https://rubygems.org'];
  const command = [exe, ...args];
  const r = await ctx.exec(exe, args, { env: ctx.env, cwd: homeDir(ctx), timeoutMs: 30_000 });
  if (r.code !== 0) return failedToRun('gem', command, r);
  const top = /^Set [^\n]*?: "?([^"\r\n]*)"?\r?$/m.exec(r.stdout)?.[1];
  const official = want.replace(/\/+$/, '') === DEFAULT.replace(/\/+$/, '');
  const ok = top === undefined ? official : top.replace(/\/+$/, '') === want.replace(/\/+$/, '');
  const observed = top ?? DEFAULT;
  return verdict('gem', command, ok, observed, { tool: 'bundle', observed, expected: want });
}

export const gem: TargetModule = {
  ...gemSpec,
  // The mirror lives in per-user files; Bundler's variable form (`BUNDLE_MIRROR__HTTPS://…`) cannot be set from most shells.
  machineEnv: {},

  detect: (ctx, opts) => detectExecutable(ctx, 'gem', 'gem', ['--version'], /^(\d\S*)/m, opts),

  async read(ctx): Promise<Reading> {
    return layeredReading(ctx, 'gem', 'rubygems', (await analyze(ctx)).layers, undefined);
  },

  async plan(ctx, choice) {
    const url = choice.urls[0] ?? DEFAULT;
    const official = url.replace(/\/+$/, '') === DEFAULT.replace(/\/+$/, '');
    const a = await analyze(ctx);
    const opts = { eol: ctx.platform === 'win32' ? ('\r\n' as const) : ('\n' as const) };
    const changes: Change[] = [];
    // The whole source list becomes the mirror alone (as chsrc and `gem sources` users do), else gem would still
    // try rubygems.org; back to the official source, the key goes and RubyGems uses its default.
    const gemAfter = parsed(a.gemrc, a.gemText ?? '', (t) => gemSetSources(t, official ? null : [url], opts)) ?? '';
    if (a.gemText !== null || gemAfter !== '') changes.push(writeFile('gem', a.gemrc, a.gemText, gemAfter));
    // Bundler: the mirror of rubygems.org, written the way `bundle config set --global mirror.…` writes it.
    const bundleAfter =
      parsed(a.bundle, a.bundleText ?? '', (t) => bundleSetMirror(t, official ? null : url, opts)) ?? '';
    if (a.bundleText !== null || bundleAfter !== '')
      changes.push(writeFile('gem', a.bundle, a.bundleText, bundleAfter));
    return targetPlan('gem', a.layers[0]?.value ?? null, url, changes, [], choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const exe = await findExecutable(ctx, 'gem');
    const args = ['sources', '--list'];
    const command = [exe ?? 'gem', ...args];
    if (!exe) return notInstalled('gem', command);
    // `gem sources --list` reads the files only (unlike --add, which fetches specs.4.8.gz); from the home folder.
    const r = await ctx.exec(exe, args, { env: ctx.env, cwd: homeDir(ctx), timeoutMs: 30_000 });
    if (r.code !== 0) return failedToRun('gem', command, r);
    const sources = r.stdout
      .split(/\r?\n/)
      .filter((l) => /^https?:\/\//.test(l.trim()))
      .map((l) => l.trim());
    const observed = sources.join(' ');
    const want = expected ?? DEFAULT;
    const ok = sources.length === 1 && sources[0]?.replace(/\/+$/, '') === want.replace(/\/+$/, '');
    if (!ok) return verdict('gem', command, ok, observed, { tool: 'gem', observed, expected: want });
    // gem's report stands unless Bundler, which reads its own file, disagrees.
    const bundler = await verifyBundler(ctx, want);
    if (bundler && !bundler.ok) return bundler;
    return verdict('gem', command, ok, observed, { tool: 'gem', observed, expected: want });
  },
};
