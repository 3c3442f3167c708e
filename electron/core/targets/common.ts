import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';

import type {
  Detection,
  EnvScope,
  Layer,
  Message,
  MirrorKind,
  Origin,
  PersistentScope,
  Reading,
  TargetId,
} from '../../../shared/types/core';
import type { Ctx } from '../context';
import { MirrorKitError } from '../errors';
import { pathApi } from '../platform/paths';
import { envPrecedence, scopeWarnings } from '../platform/win32/env-layers';

import type { DetectOptions } from './types';

/**
 * Read a config file as text. Absent → null. Anything that is not valid UTF-8 is refused rather than
 * guessed at: MirrorKit would otherwise rewrite bytes it does not understand.
 */
export async function readText(path: string): Promise<string | null> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new MirrorKitError('error.unreadable-config', { path, reason: (e as Error).message });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    throw new MirrorKitError('error.not-utf8', { path });
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path, fsc.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** The value of a process environment variable; Windows variable names are case-insensitive. */
export function processEnv(ctx: Pick<Ctx, 'env' | 'platform'>, name: string): string | undefined {
  if (ctx.platform !== 'win32') return nonEmpty(ctx.env[name]);
  const key = Object.keys(ctx.env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : nonEmpty(ctx.env[key]);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/**
 * Every environment layer that sets `name`, highest precedence first: the process (what this shell sees) and,
 * on Windows, the persistent user and machine values (what new terminals will see; user beats machine).
 */
export async function envLayers(ctx: Ctx, name: string): Promise<{ scope: EnvScope; value: string }[]> {
  const out: { scope: EnvScope; value: string }[] = [];
  const p = processEnv(ctx, name);
  if (p !== undefined) out.push({ scope: 'process', value: p });
  if (ctx.envStore.supported) {
    for (const scope of ['user', 'machine'] as const) {
      const v = await ctx.envStore.get(name, scope);
      if (v !== null && v !== '') out.push({ scope, value: v });
    }
  }
  return out;
}

/**
 * A variable set in this process that no persistent layer explains: the shell that started MirrorKit set it
 * (a profile line, an `export`), it beats what the plan writes, and MirrorKit does not edit shell profiles.
 * The plan still aims at the new mirror; the warning says what will stand in its way and where it usually
 * lives, and verification then shows whether it did.
 */
export function shellShadow(
  ctx: Pick<Ctx, 'platform'>,
  name: string,
  layers: { scope: EnvScope; value: string }[],
): Message | undefined {
  const p = layers.find(
    (e) => e.scope === 'process' && !layers.some((x) => x.scope !== 'process' && x.value === e.value),
  );
  if (!p) return undefined;
  if (ctx.platform === 'win32') return { code: 'warn.env-wins-process-win', params: { name, value: p.value } };
  return { code: 'warn.env-wins-posix', params: { name, value: p.value, files: SHELL_FILES[ctx.platform] } };
}

/** Where a variable set for every new terminal usually lives. */
export const SHELL_FILES: Record<'linux' | 'darwin', string> = {
  linux: '~/.bashrc, ~/.profile, ~/.zshrc, ~/.config/fish/config.fish',
  darwin: '~/.zshrc, ~/.zprofile, ~/.bash_profile, ~/.config/fish/config.fish',
};

/** The persistent layer that wins for new processes (user over machine), if any. */
export function winningPersistent(
  layers: { scope: EnvScope; value: string }[],
): { scope: PersistentScope; value: string } | undefined {
  const l = layers.find((x) => x.scope !== 'process');
  return l ? { scope: l.scope as PersistentScope, value: l.value } : undefined;
}

export function envOrigin(name: string, scope: EnvScope): Origin {
  return { kind: 'env', name, scope };
}

/** Mark the first layer effective and return the list. */
export function rank(layers: Omit<Layer, 'effective'>[]): Layer[] {
  return layers.map((l, i) => ({ ...l, effective: i === 0 }));
}

/** Find an executable on PATH the way the OS shell would (PATHEXT on Windows), without spawning anything. */
export async function findExecutable(ctx: Pick<Ctx, 'env' | 'platform'>, name: string): Promise<string | undefined> {
  const p = pathApi(ctx);
  const pathVar = processEnv(ctx, 'PATH') ?? '';
  const dirs = pathVar.split(ctx.platform === 'win32' ? ';' : ':').filter(Boolean);
  const exts =
    ctx.platform === 'win32' ? (processEnv(ctx, 'PATHEXT') ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = p.join(dir, name + ext.toLowerCase());
      try {
        await fs.access(candidate, ctx.platform === 'win32' ? fsc.F_OK : fsc.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/** Run `tool args` and pull a version out of its output; undefined when it does not run. */
export async function toolVersion(
  ctx: Ctx,
  command: string,
  args: string[],
  pattern: RegExp,
): Promise<string | undefined> {
  const r = await ctx.exec(command, args, { env: { ...ctx.env }, timeoutMs: 15_000, background: true });
  if (r.code !== 0) return undefined;
  return pattern.exec(`${r.stdout}\n${r.stderr}`)?.[1];
}

/** A quick detection: installed as far as the executable found (or not) says; the version comes later. */
export function foundOnly(target: Detection['target'], exe: string | undefined): Detection {
  return {
    target,
    supported: true,
    installed: exe !== undefined,
    ...(exe ? { executable: exe, versionPending: true } : {}),
  };
}

/** Detection of a tool that is one executable on PATH reporting its version. */
export async function detectExecutable(
  ctx: Ctx,
  target: Detection['target'],
  name: string,
  args: string[],
  pattern: RegExp,
  opts?: DetectOptions,
): Promise<Detection> {
  const exe = await findExecutable(ctx, name);
  if (opts?.quick) return foundOnly(target, exe);
  const version = exe ? await toolVersion(ctx, exe, args, pattern) : undefined;
  return {
    target,
    supported: true,
    installed: version !== undefined,
    ...(version ? { version } : {}),
    ...(exe ? { executable: exe } : {}),
  };
}

/** Warnings for a URL that the catalog knows as dead or deprecated. */
export function catalogWarnings(
  ctx: Ctx,
  kind: MirrorKind,
  url: string | null,
): { warnings: Message[]; match?: { provider: string; status: 'active' | 'deprecated' | 'dead' } } {
  if (!url) return { warnings: [] };
  const m = ctx.catalog.match(kind, url);
  if (!m) return { warnings: [] };
  const warnings: Message[] =
    m.status === 'active'
      ? []
      : [{ code: 'warn.dead-mirror-in-use', params: { url, status: m.status, date: m.date, source: m.source } }];
  return { warnings, match: { provider: m.provider, status: m.status } };
}

export function shadowWarning(name: string, scope: EnvScope, value: string): Message {
  return { code: 'warn.shadowed-by-env', params: { name, scope, value } };
}

/**
 * Windows precedence problems of one variable: a user value hiding a machine value, a terminal still holding an
 * old value, or (when writing at `scope`) a machine value that a user value will hide.
 */
export async function windowsEnvWarnings(ctx: Ctx, name: string, scope?: PersistentScope): Promise<Message[]> {
  if (!ctx.envStore.supported) return [];
  const p = await envPrecedence(ctx, name);
  return [...p.warnings, ...(scope ? scopeWarnings(p, scope) : [])];
}

/**
 * The reading of a tool whose value comes from ranked layers (variables, then files): the top layer wins, a
 * catalog warning for a dead mirror, and a variable that shadows a file is said. `envName`: the tool's variable,
 * whose Windows user/machine conflicts are reported; undefined for a tool read from files only.
 */
export async function layeredReading(
  ctx: Ctx,
  target: TargetId,
  kind: MirrorKind,
  layers: Layer[],
  envName: string | undefined,
  extra: Message[] = [],
): Promise<Reading> {
  const top = layers[0];
  const value = top?.value ?? null;
  const cw = catalogWarnings(ctx, kind, value);
  const warnings = [...extra, ...cw.warnings, ...(envName ? await windowsEnvWarnings(ctx, envName) : [])];
  if (top?.origin.kind === 'env' && layers.some((l) => l.origin.kind === 'file'))
    warnings.push(shadowWarning(top.origin.name, top.origin.scope, top.value));
  const origin: Origin = top?.origin ?? { kind: 'default' };
  return { target, value, origin, layers, warnings, ...(cw.match ? { match: cw.match } : {}) };
}
