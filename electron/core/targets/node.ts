import { node as nodeSpec } from '../../../shared/targets/node';
import type { Change, Layer, Message, Reading } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { mirrorUrl } from '../elevate/values';
import { withPath } from '../edit/errors';
import { jsonSet } from '../edit/json';
import { nvmSettingsSet } from '../edit/nvm-settings';

import { catalogWarnings, rank } from './common';
import { envVarLayers, planEnvVars } from './env-tool';
import {
  fileLayers,
  findManagers,
  readNvmSettings,
  readVoltaHooks,
  VOLTA_HOOKS,
  type NodeManagers,
  type VoltaHooks,
} from './node-managers';
import { verifyNode } from './node-verify';
import { targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';

export const NODE_DIST = 'https://nodejs.org/dist';

/**
 * The variables, in the order read() reports them. nvm (nvm.sh `nvm_get_mirror`) and fnm (src/config.rs) read
 * their own; node-gyp (lib/process-release.js, "the nvm.sh standard mirror env variables") reads NODEJS_ORG_MIRROR
 * for the headers every native addon build downloads, so that one is set whenever a mirror is chosen.
 */
const NVM = 'NVM_NODEJS_ORG_MIRROR';
const FNM = 'FNM_NODE_DIST_MIRROR';
const GYP = 'NODEJS_ORG_MIRROR';
const VARS = [NVM, FNM, GYP] as const;

/** nvm refuses any other value, a port included (nvm.sh v0.40.6 `nvm_get_mirror`). */
const NVM_ACCEPTS = /^https?:\/\/[a-zA-Z0-9./_-]+$/;

async function analyze(ctx: Ctx) {
  const managers = await findManagers(ctx);
  const nvmw = managers.nvmWindows ? await readNvmSettings(ctx, managers.nvmWindows.settings) : undefined;
  const volta = managers.volta ? await readVoltaHooks(managers.volta.hooks) : undefined;
  const layers: Omit<Layer, 'effective'>[] = fileLayers(
    nvmw,
    managers.nvmWindows?.settings,
    volta,
    managers.volta?.hooks,
  );
  for (const name of VARS) {
    if (name === NVM && ctx.platform === 'win32') continue;
    layers.push(...(await envVarLayers(ctx, name)).layers.map(({ origin, value }) => ({ origin, value })));
  }
  return { managers, nvmw, volta, layers: rank(layers) };
}

/** The variables a mirror is written to: each present manager's, and node-gyp's always. */
function varsFor(m: NodeManagers, value: string | null, platform: Ctx['platform']): Record<string, string | null> {
  if (value === null)
    return Object.fromEntries(VARS.filter((n) => n !== NVM || platform !== 'win32').map((n) => [n, null]));
  return { ...(m.nvm ? { [NVM]: value } : {}), ...(m.fnm ? { [FNM]: value } : {}), [GYP]: value };
}

/** Volta's node hooks on the mirror (null: removed, back to nodejs.org), keeping every other key of the file. */
function voltaAfter(h: VoltaHooks, base: string | null, eol: '\r\n' | '\n'): string {
  const text = h.text ?? '';
  if (base === null) {
    if (!h.node) return text;
    let out = text;
    for (const name of VOLTA_HOOKS) if (name in h.node) out = jsonSet(out, ['node', name], undefined, { eol });
    return out;
  }
  const index = { template: `${base}/index.json` };
  const hooks = { index, latest: index, distro: { template: `${base}/v{{version}}/{{filename}}` } };
  // A `node` that is null (or absent) is replaced whole; otherwise only the three hooks change.
  if (!h.node) return jsonSet(text, ['node'], hooks, { eol });
  let out = text;
  for (const name of VOLTA_HOOKS) out = jsonSet(out, ['node', name], hooks[name], { eol });
  return out;
}

export const node: TargetModule = {
  ...nodeSpec,
  // Windows: fnm and node-gyp read the user's (or the machine's) variables; nvm-sh does not exist there.
  machineEnv: { [FNM]: mirrorUrl, [GYP]: mirrorUrl },

  async detect(ctx) {
    const m = await findManagers(ctx);
    const exe = m.fnm?.exe ?? m.volta?.exe;
    return {
      target: 'node',
      supported: true,
      installed: Boolean(m.nvmWindows || m.nvm || m.fnm || m.volta),
      ...(exe ? { executable: exe } : {}),
    };
  },

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    const top = a.layers[0];
    const value = top?.value ?? null;
    const cw = catalogWarnings(ctx, 'node-dist', value);
    return {
      target: 'node',
      value,
      origin: top?.origin ?? { kind: 'default' },
      layers: a.layers,
      warnings: cw.warnings,
      ...(cw.match ? { match: cw.match } : {}),
    };
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0] ?? `${NODE_DIST}/`;
    const entry = ctx.catalog.match('node-dist', url);
    const official = entry?.provider === 'official';
    // nvm asks for `<mirror>/index.tab` as it is (a trailing slash doubles it); fnm, node-gyp and Volta trim it.
    const base = official ? null : url.replace(/\/+$/, '');
    const a = await analyze(ctx);
    const m = a.managers;
    const changes: Change[] = [];
    const warnings: Message[] = [{ code: 'node.new-shells' }];
    const eol = ctx.platform === 'win32' ? ('\r\n' as const) : ('\n' as const);
    if (m.nvmWindows && a.nvmw?.text !== undefined) {
      const file = m.nvmWindows.settings;
      const before = a.nvmw.text ?? '';
      try {
        // nvm-windows joins `<node_mirror>` + `v20.1.0/…` and adds the slash itself; the README writes it.
        let after = nvmSettingsSet(before, 'node_mirror', base === null ? null : `${base}/`);
        if (official) after = nvmSettingsSet(after, 'npm_mirror', null);
        else if (entry?.npmMirror) after = nvmSettingsSet(after, 'npm_mirror', entry.npmMirror);
        else
          warnings.push({
            code: 'node.no-npm-mirror',
            params: {
              provider: choice.provider ?? url,
              value: a.nvmw.npmMirror ?? 'https://github.com/npm/cli/archive/',
            },
          });
        changes.push(writeFile('node', file, a.nvmw.text, after));
      } catch (e) {
        throw withPath(e, file);
      }
    }
    if (m.volta && a.volta) {
      const after = voltaAfter(a.volta, base, eol);
      if (a.volta.text !== null || after !== '') changes.push(writeFile('node', m.volta.hooks, a.volta.text, after));
    }
    if (m.nvm && base !== null && !NVM_ACCEPTS.test(base))
      warnings.push({ code: 'node.nvm-rejects', params: { url: base } });
    if (!m.nvmWindows && !m.nvm && !m.fnm && !m.volta && base !== null) warnings.push({ code: 'node.no-manager' });
    const env = await planEnvVars(ctx, 'node', varsFor(m, base, ctx.platform), opts.envScope);
    changes.push(...env.changes);
    return targetPlan(
      'node',
      a.layers[0]?.value ?? null,
      base,
      changes,
      [...warnings, ...env.warnings],
      choice.provider,
    );
  },

  verify: (ctx, expected) => verifyNode(ctx, expected ?? NODE_DIST),
};
