import path from 'node:path';

import { pip as pipSpec } from '../../../shared/targets/pip';
import type { Change, Layer, Message, Origin, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import { iniGet, iniSet } from '../edit/ini';
import { pipGlobalFile } from '../elevate/files';
import { hostList, mirrorUrl } from '../elevate/values';
import { appData, homeDir, macAppSupport, pathApi, programData, systemPath, xdgConfigHome } from '../platform/paths';
import { pickPipRunner, pythonCandidates } from '../platform/win32/python';

import {
  catalogWarnings,
  windowsEnvWarnings,
  envLayers,
  exists,
  findExecutable,
  foundOnly,
  processEnv,
  rank,
  readText,
  shadowWarning,
  shellShadow,
  toolVersion,
} from './common';
import { setEnv, targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

const SECTION = 'global';
const KEY = 'index-url';
const DEFAULT = 'https://pypi.org/simple';

interface PipFiles {
  /** The file MirrorKit writes. */
  target: string;
  /** Config files in pip's precedence order, highest first. */
  ordered: string[];
  /** PIP_CONFIG_FILE, when set and present: pip then skips the user files. */
  envFile?: string;
}

/** pip's own file list (pip/_internal/configuration.py): site > user (new > legacy) > global > PIP_CONFIG_FILE. */
async function pipFiles(ctx: Ctx): Promise<PipFiles> {
  const p = pathApi(ctx);
  const home = homeDir(ctx);
  const name = ctx.platform === 'win32' ? 'pip.ini' : 'pip.conf';
  let user: string;
  let legacy: string;
  let globals: string[];
  if (ctx.platform === 'win32') {
    user = p.join(appData(ctx), 'pip', name);
    legacy = p.join(home, 'pip', name);
    globals = [p.join(programData(ctx), 'pip', name)];
  } else if (ctx.platform === 'darwin') {
    const appSupport = p.join(macAppSupport(ctx), 'pip');
    user = (await exists(appSupport)) ? p.join(appSupport, name) : p.join(xdgConfigHome(ctx), 'pip', name);
    legacy = p.join(home, '.pip', name);
    globals = [systemPath(ctx, '/Library/Application Support/pip/pip.conf')];
  } else {
    user = p.join(xdgConfigHome(ctx), 'pip', name);
    legacy = p.join(home, '.pip', name);
    const dirs = (ctx.env.XDG_CONFIG_DIRS || '/etc/xdg').split(':').filter(Boolean);
    globals = [systemPath(ctx, '/etc/pip.conf'), ...dirs.reverse().map((d) => systemPath(ctx, p.join(d, 'pip', name)))];
  }
  const site = ctx.env.VIRTUAL_ENV ? [p.join(ctx.env.VIRTUAL_ENV, name)] : [];
  const envFile = processEnv(ctx, 'PIP_CONFIG_FILE');
  const envFileExists = envFile !== undefined && (await exists(envFile));
  const users = envFileExists ? [] : [user, legacy];
  return {
    target: envFileExists && envFile ? envFile : user,
    ordered: [...site, ...users, ...globals, ...(envFileExists && envFile ? [envFile] : [])],
    ...(envFileExists && envFile ? { envFile } : {}),
  };
}

/** The pip file MirrorKit writes (the user file, or PIP_CONFIG_FILE when it exists): its CA and proxy go there too. */
export async function pipTargetFile(ctx: Ctx): Promise<string> {
  return (await pipFiles(ctx)).target;
}

interface Analysis {
  files: PipFiles;
  text: string | null;
  layers: Layer[];
  env: { scope: 'process' | 'user' | 'machine'; value: string }[];
  warnings: Message[];
}

async function analyze(ctx: Ctx): Promise<Analysis> {
  const files = await pipFiles(ctx);
  const layers: Omit<Layer, 'effective'>[] = [];
  const env = await envLayers(ctx, 'PIP_INDEX_URL');
  for (const e of env) layers.push({ origin: { kind: 'env', name: 'PIP_INDEX_URL', scope: e.scope }, value: e.value });
  let text: string | null = null;
  for (const path of files.ordered) {
    const t = await readText(path);
    if (path === files.target) text = t;
    if (t === null) continue;
    let v: string | undefined;
    try {
      v = iniGet(t, SECTION, KEY);
    } catch (e) {
      throw withPath(e, path);
    }
    if (v !== undefined) layers.push({ origin: { kind: 'file', path, key: `${SECTION}.${KEY}` }, value: v });
  }
  const warnings: Message[] = [];
  if (files.envFile) warnings.push(shadowWarning('PIP_CONFIG_FILE', 'process', files.envFile));
  return { files, text, layers: rank(layers), env, warnings };
}

function trustedHostFor(url: string): string | undefined {
  const u = new URL(url);
  return u.protocol === 'http:' ? u.hostname : undefined;
}

/** Add `host` to a trusted-host value (pip accepts a whitespace-separated list). */
function withTrustedHost(current: string | undefined, host: string): string {
  const hosts = (current ?? '').split(/\s+/).filter(Boolean);
  return hosts.includes(host) ? (current ?? host) : [...hosts, host].join(' ');
}

export const pip: TargetModule = {
  ...pipSpec,
  machineEnv: { PIP_INDEX_URL: mirrorUrl, PIP_TRUSTED_HOST: hostList },
  adminFiles: (ctx) =>
    ctx.platform === 'win32'
      ? [pipGlobalFile(path.win32.join(programData(ctx), 'pip', 'pip.ini'), programData(ctx))]
      : [],

  async detect(ctx, opts) {
    const py = await pythonCommand(ctx);
    // Quick: a Python is there; whether it has pip comes with the full detection.
    if (opts?.quick) return foundOnly('pip', py?.command);
    // Ask the package metadata rather than `-m pip --version`, which imports pip itself and costs ~0.4 s.
    const script = 'import importlib.metadata as m; print("pip", m.version("pip"))';
    const version = py ? await toolVersion(ctx, py.command, [...py.args, '-c', script], /pip (\S+)/) : undefined;
    return {
      target: 'pip',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      ...(py ? { executable: py.command } : {}),
    };
  },

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    const top = a.layers[0];
    const value = top?.value ?? null;
    const origin: Origin = top?.origin ?? { kind: 'default' };
    const cw = catalogWarnings(ctx, 'pypi', value);
    const warnings = [...a.warnings, ...cw.warnings];
    warnings.push(...(await windowsEnvWarnings(ctx, 'PIP_INDEX_URL')));
    if (top?.origin.kind === 'env' && a.layers.some((l) => l.origin.kind === 'file')) {
      warnings.push(shadowWarning(top.origin.name, top.origin.scope, top.value));
    }
    return { target: 'pip', value, origin, layers: a.layers, warnings, ...(cw.match ? { match: cw.match } : {}) };
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0] ?? DEFAULT;
    const a = await analyze(ctx);
    const before = a.layers[0]?.value ?? null;
    const host = trustedHostFor(url);
    const changes: Change[] = [];
    const warnings: Message[] = [...a.warnings];
    if (host) warnings.push({ code: 'warn.plain-http', params: { host } });
    const eol = ctx.platform === 'win32' ? '\r\n' : '\n';

    if (opts.envScope) {
      warnings.push(...(await windowsEnvWarnings(ctx, 'PIP_INDEX_URL', opts.envScope)));
      changes.push(
        setEnv('pip', 'PIP_INDEX_URL', url, opts.envScope, await ctx.envStore.get('PIP_INDEX_URL', opts.envScope)),
      );
      if (host) {
        const cur = await ctx.envStore.get('PIP_TRUSTED_HOST', opts.envScope);
        changes.push(setEnv('pip', 'PIP_TRUSTED_HOST', withTrustedHost(cur ?? undefined, host), opts.envScope, cur));
      }
    } else {
      const path = a.files.target;
      let after: string;
      try {
        after = iniSet(a.text ?? '', SECTION, KEY, url, { eol });
        if (host)
          after = iniSet(
            after,
            SECTION,
            'trusted-host',
            withTrustedHost(iniGet(after, SECTION, 'trusted-host'), host),
            { eol },
          );
      } catch (e) {
        throw withPath(e, path);
      }
      changes.push(writeFile('pip', path, a.text, after));
    }
    // A persistent variable (Windows) would shadow the file for every new terminal: fix the layer that wins.
    for (const e of a.env) {
      if (e.scope !== 'process' && opts.envScope !== e.scope)
        changes.push(setEnv('pip', 'PIP_INDEX_URL', url, e.scope, e.value));
    }
    const shadow = shellShadow(ctx, 'PIP_INDEX_URL', a.env);
    if (shadow) warnings.push(shadow);
    return targetPlan('pip', before, url, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const py = await pythonCommand(ctx);
    const command = py
      ? [py.command, ...py.args, '-m', 'pip', 'config', 'list']
      : ['python3', '-m', 'pip', 'config', 'list'];
    if (!py) return notInstalled('pip', command);
    const r = await ctx.exec(py.command, [...py.args, '-m', 'pip', 'config', 'list'], {
      env: { ...ctx.env },
      timeoutMs: 30_000,
    });
    if (r.code !== 0) {
      return failedToRun('pip', command, r);
    }
    const observed = parsePipConfigList(r.stdout);
    const ok = sameUrl(observed ?? DEFAULT, expected ?? DEFAULT);
    return verdict('pip', command, ok, observed, {
      tool: 'pip',
      observed: observed ?? DEFAULT,
      expected: expected ?? DEFAULT,
    });
  },
};

/** `pip config list` prints `section.key='value'` lines; the environment (`:env:`) wins over files. */
export function parsePipConfigList(out: string): string | null {
  const values = new Map<string, string>();
  for (const line of out.split(/\r?\n/)) {
    const m = /^([^.=]+)\.(index[-_]url)='(.*)'$/.exec(line.trim());
    if (m?.[1] && m[3] !== undefined) values.set(m[1], m[3]);
  }
  return values.get(':env:') ?? values.get('global') ?? null;
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** The Python that runs pip: python3 on POSIX; on Windows the py launcher, never the Store stub (issue 4). */
async function pythonCommand(ctx: Ctx): Promise<{ command: string; args: string[] } | undefined> {
  if (ctx.platform === 'win32') {
    const runner = await pickPipRunner(pythonCandidates(ctx), ctx.exec, { ...ctx.env });
    // pickPipRunner's args end in `-m pip`; callers add those themselves.
    return runner ? { command: runner.command, args: runner.args.slice(0, -2) } : undefined;
  }
  for (const name of ['python3', 'python']) {
    const exe = await findExecutable(ctx, name);
    if (exe) return { command: exe, args: [] };
  }
  return undefined;
}
