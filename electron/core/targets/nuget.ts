import { nuget as nugetSpec } from '../../../shared/targets/nuget';
import type { Change, Detection, Layer, Message, Reading, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { withPath } from '../edit/errors';
import {
  nugetOrgSource,
  readNugetConfig,
  setNugetOrg,
  NUGET_ORG_KEY,
  type NugetConfigView,
} from '../edit/nuget-config';
import { appData, homeDir, pathApi, xdgConfigHome } from '../platform/paths';

import { exists, findExecutable, foundOnly, layeredReading, processEnv, rank, readText, toolVersion } from './common';
import { targetPlan, writeFile } from './plan-helpers';
import type { TargetModule } from './types';
import { failedToRun, notInstalled, verdict } from './verdict';

/** nuget.org's v3 service index, what current NuGet's default NuGet.Config names. */
export const NUGET_OFFICIAL = 'https://api.nuget.org/v3/index.json';
/** NuGet 2.x's built-in nuget.org (Debian's nuget 2.8.7 lists it when no file names nuget.org). */
const NUGET_OFFICIAL_V2 = 'https://www.nuget.org/api/v2/';

/**
 * The user-level NuGet.Config files, as NuGet resolves them (NuGet.Common NuGetEnvironment, UserSettingsDirectory):
 * Windows `%APPDATA%\NuGet\NuGet.Config` (dotnet, nuget.exe and Visual Studio alike). Elsewhere the .NET SDK reads
 * `$DOTNET_CLI_HOME/.nuget/NuGet/NuGet.Config` (else under HOME), while nuget.exe on Mono reads
 * `$XDG_CONFIG_HOME/NuGet/NuGet.Config` (else `~/.config/…`): each is taken when it exists or its tool is on PATH,
 * the .NET SDK's when neither is.
 */
async function userConfigs(ctx: Ctx): Promise<string[]> {
  const p = pathApi(ctx);
  if (ctx.platform === 'win32') return [p.join(appData(ctx), 'NuGet', 'NuGet.Config')];
  const dotnet = p.join(processEnv(ctx, 'DOTNET_CLI_HOME') ?? homeDir(ctx), '.nuget', 'NuGet', 'NuGet.Config');
  const mono = p.join(xdgConfigHome(ctx), 'NuGet', 'NuGet.Config');
  const out: string[] = [];
  if ((await exists(dotnet)) || (await findExecutable(ctx, 'dotnet'))) out.push(dotnet);
  if ((await exists(mono)) || (await findExecutable(ctx, 'nuget'))) out.push(mono);
  return out.length > 0 ? out : [dotnet];
}

interface ConfigFile {
  path: string;
  text: string | null;
  view: NugetConfigView;
}

async function analyze(ctx: Ctx) {
  const files: ConfigFile[] = [];
  for (const path of await userConfigs(ctx)) {
    const text = await readText(path);
    try {
      files.push({ path, text, view: readNugetConfig(text) });
    } catch (e) {
      throw withPath(e, path);
    }
  }
  const layers: Omit<Layer, 'effective'>[] = [];
  const warnings: Message[] = [];
  for (const f of files) {
    const src = nugetOrgSource(f.view);
    if (src)
      layers.push({ origin: { kind: 'file', path: f.path, key: `packageSources/${src.key}` }, value: src.value });
    if (f.view.disabled.has(NUGET_ORG_KEY)) warnings.push({ code: 'nuget.source-disabled', params: { path: f.path } });
  }
  return { files, layers: rank(layers), warnings };
}

const norm = (u: string) => u.trim().replace(/\/+$/, '').toLowerCase();
const OFFICIAL_KEYS = new Set([norm(NUGET_OFFICIAL), norm(NUGET_OFFICIAL_V2)]);

/** The tool that answers for NuGet here: the .NET SDK's `dotnet nuget`, else nuget.exe. */
async function nugetCommand(ctx: Ctx): Promise<{ exe: string | undefined; args: string[]; tool: string }> {
  const dotnet = await findExecutable(ctx, 'dotnet');
  if (dotnet) return { exe: dotnet, args: ['nuget', 'list', 'source', '--format', 'Short'], tool: 'dotnet nuget' };
  const nuget = await findExecutable(ctx, 'nuget');
  return { exe: nuget, args: ['sources', 'list', '-Format', 'Short', '-NonInteractive'], tool: 'nuget' };
}

const QUIET_ENV = { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' };

export const nuget: TargetModule = {
  ...nugetSpec,
  // Only the user's own NuGet.Config is written; the machine-wide Config folder is left alone.
  machineEnv: {},

  async detect(ctx, opts): Promise<Detection> {
    const dotnet = await findExecutable(ctx, 'dotnet');
    const exe = dotnet ?? (await findExecutable(ctx, 'nuget'));
    if (opts?.quick || !exe) return foundOnly('nuget', exe);
    // nuget.exe is not run for a version: every run of it creates the user's NuGet.Config when there is none,
    // and detection writes nothing. `dotnet --version` (the SDK's version) touches no NuGet file.
    if (!dotnet) return { target: 'nuget', supported: true, installed: true, executable: exe };
    const version = await toolVersion(ctx, exe, ['--version'], /^(\d+\.\d+\S*)/m);
    return {
      target: 'nuget',
      supported: true,
      installed: version !== undefined,
      ...(version ? { version } : {}),
      executable: exe,
    };
  },

  async read(ctx): Promise<Reading> {
    const a = await analyze(ctx);
    return layeredReading(ctx, 'nuget', 'nuget', a.layers, undefined, a.warnings);
  },

  async plan(ctx, choice, opts) {
    const url = choice.urls[0] ?? NUGET_OFFICIAL;
    const official = ctx.catalog.match('nuget', url)?.provider === 'official';
    const a = await analyze(ctx);
    const eol = ctx.platform === 'win32' ? ('\r\n' as const) : ('\n' as const);
    const warnings: Message[] = [...a.warnings];
    if (opts.envScope) warnings.push({ code: 'warn.env-scope-file-only', params: { target: 'nuget' } });
    const changes: Change[] = [];
    for (const f of a.files) {
      // Back to nuget.org: a file that names no nuget.org source already leaves NuGet on its default.
      if (official && !nugetOrgSource(f.view)) continue;
      let after: string;
      try {
        after = setNugetOrg(f.text, url, { eol });
      } catch (e) {
        throw withPath(e, f.path);
      }
      changes.push(writeFile('nuget', f.path, f.text, after));
    }
    return targetPlan('nuget', a.layers[0]?.value ?? null, official ? null : url, changes, warnings, choice.provider);
  },

  async verify(ctx, expected): Promise<Verification> {
    const { exe, args, tool } = await nugetCommand(ctx);
    const command = [exe ?? 'dotnet', ...args];
    if (!exe) return notInstalled('nuget', command, 'dotnet');
    // From the home folder: a solution NuGet.Config there applies to every project under it, as NuGet reads it.
    const r = await ctx.exec(exe, args, { env: { ...ctx.env, ...QUIET_ENV }, cwd: homeDir(ctx), timeoutMs: 60_000 });
    if (r.code !== 0) return failedToRun('nuget', command, r);
    // `E https://…` per source: E enabled, D disabled, O nuget.org's own (NuGet 2.x).
    const enabled = r.stdout
      .split(/\r?\n/)
      .map((l) => /^\s*([EDO]+)\s+(\S+)\s*$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && m[1]!.includes('E'))
      .map((m) => ({ official: m[1]!.includes('O') || OFFICIAL_KEYS.has(norm(m[2]!)), url: m[2]! }));
    const hit =
      expected === null ? enabled.find((s) => s.official) : enabled.find((s) => norm(s.url) === norm(expected));
    const observed = hit?.url ?? enabled.map((s) => s.url).join(' ');
    const want = expected ?? NUGET_OFFICIAL;
    return verdict('nuget', command, hit !== undefined, observed || null, {
      tool,
      observed: observed || '-',
      expected: want,
    });
  },
};
