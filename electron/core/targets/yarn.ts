import { yarn as yarnSpec } from '../../../shared/targets/yarn';
import type { Change, Layer, Message, Origin, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { yamlParse, yamlSet } from '../edit/yaml';
import { yarnrcSet } from '../edit/yarnrc';
import { mirrorUrl } from '../elevate/values';
import { homeDir } from '../platform/paths';

import { catalogWarnings, foundOnly, rank, shadowWarning, shellShadow } from './common';
import { majorOf, nodeCli, versionFromPackage, type Invocation } from './node-cli';
import { setEnv, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';
import { analyzeBerry, analyzeClassic, YARN_DEFAULT, type Flavor, type FlavorState } from './yarn-layers';

// What a `yarn` shim on Windows runs: yarn 1, berry's cli-dist, or corepack's launcher.
const SCRIPTS = ['yarn/bin/yarn.js', '@yarnpkg/cli-dist/bin/yarn.js', 'corepack/dist/yarn.js'];

const noSlash = (u: string): string => u.replace(/\/+$/, '');

async function invocation(ctx: Ctx): Promise<Invocation | undefined> {
  return nodeCli(ctx, 'yarn', SCRIPTS);
}

/** The npm packages yarn is installed from: their package.json gives the version without running yarn. */
const PACKAGES = ['yarn', '@yarnpkg/cli-dist'];

/** `yarn --version` from the home folder: 1.x is classic, 2+ berry (a project may pin another one; see plan). */
async function installed(ctx: Ctx, inv: Invocation | undefined): Promise<{ version?: string; flavor?: Flavor }> {
  if (!inv) return {};
  let version = await versionFromPackage(inv, PACKAGES);
  if (!version) {
    const r = await ctx.exec(inv.command, [...inv.args, '--version'], {
      env: { ...ctx.env },
      cwd: homeDir(ctx),
      timeoutMs: 20_000,
      background: true,
    });
    version = r.code === 0 ? /(\d+\.\d+\.\d+\S*)/.exec(r.stdout)?.[1] : undefined;
  }
  const major = majorOf(version);
  return version === undefined || major === undefined ? {} : { version, flavor: major >= 2 ? 'berry' : 'classic' };
}

async function analyze(ctx: Ctx, flavor: Flavor): Promise<FlavorState> {
  return flavor === 'berry' ? analyzeBerry(ctx) : analyzeClassic(ctx);
}

/**
 * The files to write: the flavor `yarn` runs as, plus the other flavor's file when it exists (a berry project
 * pinned by `packageManager` or `yarnPath` reads ~/.yarnrc.yml even where the global yarn is 1.x). Nothing
 * installed and no file yet: both.
 */
function flavorsToWrite(primary: Flavor | undefined, states: Record<Flavor, FlavorState>): Flavor[] {
  const out = (['classic', 'berry'] as const).filter((f) => f === primary || states[f].text !== null);
  return out.length > 0 ? out : ['classic', 'berry'];
}

function edit(ctx: Ctx, s: FlavorState, url: string): string {
  const eol = ctx.platform === 'win32' ? '\r\n' : '\n';
  try {
    return s.flavor === 'berry'
      ? yamlSet(s.text ?? '', s.key, url, { eol })
      : yarnrcSet(s.text ?? '', s.key, url, { eol });
  } catch (e) {
    throw withPath(e, s.file);
  }
}

/** What stands between the written file and the tool: yarn 1's .npmrc layer, berry's refusal of plain http. */
function flavorWarnings(s: FlavorState, url: string): Message[] {
  if (s.flavor === 'classic') {
    const npmrc = s.layers.find((l) => l.origin.kind === 'file' && l.origin.path !== s.file);
    return npmrc && npmrc.origin.kind === 'file' && noSlash(npmrc.value) !== noSlash(url)
      ? [{ code: 'yarn.npmrc-wins', params: { path: npmrc.origin.path, value: npmrc.value, yarnrc: s.file } }]
      : [];
  }
  if (!url.startsWith('http://')) return [];
  const listed = s.text === null ? undefined : yamlParse(s.text).unsafeHttpWhitelist;
  const host = new URL(url).hostname;
  return Array.isArray(listed) && listed.includes(host) ? [] : [{ code: 'yarn.berry-http', params: { path: s.file } }];
}

export const yarn: TargetModule = {
  ...yarnSpec,
  machineEnv: { YARN_REGISTRY: mirrorUrl, YARN_NPM_REGISTRY_SERVER: mirrorUrl },
  quickRead: 'version-known',

  async detect(ctx, opts) {
    const inv = await invocation(ctx);
    const { version } = opts?.quick
      ? { version: inv && (await versionFromPackage(inv, PACKAGES)) }
      : await installed(ctx, inv);
    if (opts?.quick && !version) return foundOnly('yarn', inv?.command);
    return {
      target: 'yarn',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      ...(inv ? { executable: inv.command } : {}),
    };
  },

  async read(ctx): Promise<Reading> {
    const { flavor = 'classic' } = await installed(ctx, await invocation(ctx));
    const main = await analyze(ctx, flavor);
    const other = await analyze(ctx, flavor === 'berry' ? 'classic' : 'berry');
    const own = other.layers.filter((l) => l.origin.kind === 'file' && l.origin.path === other.file);
    const layers: Layer[] = [...rank(main.layers), ...own.map((l) => ({ ...l, effective: false }))];
    const top = main.layers[0];
    const value = top?.value ?? null;
    const origin: Origin = top?.origin ?? { kind: 'default' };
    const cw = catalogWarnings(ctx, 'npm', value);
    const warnings = [...main.warnings, ...cw.warnings];
    if (top?.origin.kind === 'env' && main.layers.some((l) => l.origin.kind === 'file'))
      warnings.push(shadowWarning(top.origin.name, top.origin.scope, top.value));
    return { target: 'yarn', value, origin, layers, warnings, ...(cw.match ? { match: cw.match } : {}) };
  },

  async plan(ctx, choice) {
    const url = choice.urls[0] ?? YARN_DEFAULT;
    const { flavor } = await installed(ctx, await invocation(ctx));
    const states = { classic: await analyzeClassic(ctx), berry: await analyzeBerry(ctx) };
    const changes: Change[] = [];
    const warnings: Message[] = [];
    for (const f of flavorsToWrite(flavor, states)) {
      const s = states[f];
      warnings.push(...s.warnings, ...flavorWarnings(s, url));
      changes.push(writeFile('yarn', s.file, s.text, edit(ctx, s, url)));
      for (const e of s.env) {
        // A persistent variable of yarn's own would keep winning: it gets the new mirror too (npm's is npm's).
        if (e.name.toUpperCase() !== 'NPM_CONFIG_REGISTRY')
          for (const l of e.layers)
            if (l.scope !== 'process') changes.push(setEnv('yarn', e.name, url, l.scope, l.value));
        const shadow = shellShadow(ctx, e.name, e.layers);
        if (shadow) warnings.push(shadow);
      }
    }
    const before = states[flavor ?? 'classic'].layers[0]?.value ?? null;
    return targetPlan('yarn', before, url, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const inv = await invocation(ctx);
    const { flavor = 'classic' } = await installed(ctx, inv);
    const args = flavor === 'berry' ? ['config', 'get', 'npmRegistryServer'] : ['config', 'list'];
    const command = [...(inv ? [inv.command, ...inv.args] : ['yarn']), ...args];
    if (!inv) return notInstalled('yarn', command);
    const r = await ctx.exec(inv.command, [...inv.args, ...args], {
      env: { ...ctx.env },
      cwd: homeDir(ctx),
      timeoutMs: 30_000,
    });
    if (r.code !== 0) return failedToRun('yarn', command, r);
    const observed =
      flavor === 'berry' ? (r.stdout.trim().split(/\r?\n/).pop() ?? '') : classicEffective(ctx, r.stdout);
    const want = expected ?? YARN_DEFAULT;
    return verdict('yarn', command, noSlash(observed) === noSlash(want), observed, {
      tool: 'yarn',
      observed,
      expected: want,
    });
  },
};

/**
 * The registry yarn 1 uses, from `yarn config list`: it prints the yarn layer and the npm layer separately
 * (`yarn config get registry` prints only the first, which is misleading). The npm layer wins, except over a
 * YARN_REGISTRY variable, which only npm_config_registry beats (measured, reference sheet §1).
 */
export function classicEffective(ctx: Pick<Ctx, 'env'>, out: string): string {
  const block = (name: string): string | undefined => {
    const m = new RegExp(`info ${name} config\\s*\\{([\\s\\S]*?)\\n\\}`).exec(out);
    return m ? /^\s*registry: '([^']*)'/m.exec(m[1] ?? '')?.[1] : undefined;
  };
  const npm = block('npm');
  const own = block('yarn');
  const hasVar = (n: string): boolean => Object.keys(ctx.env).some((k) => k.toUpperCase() === n && Boolean(ctx.env[k]));
  if (hasVar('YARN_REGISTRY') && !hasVar('NPM_CONFIG_REGISTRY')) return own ?? npm ?? YARN_DEFAULT;
  return npm ?? own ?? YARN_DEFAULT;
}
