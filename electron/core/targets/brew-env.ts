import path from 'node:path';

import type { Layer } from '../../../shared/types/core';
import type { Ctx } from '../context';
import { systemPath } from '../platform/paths';

import { readText } from './common';

/**
 * Homebrew's own environment files (brew ≥ 4.1.4; targets-wave2 §19). `bin/brew` reads the system, the prefix
 * and then the user file and `export`s every `HOMEBREW_*` line, so a value in any of them beats the shell's
 * variable, the later file the earlier; HOMEBREW_SYSTEM_ENV_TAKES_PRIORITY (in the system file) loads the
 * system file last instead.
 */
export function parseBrewEnv(text: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === null) return out;
  // `while read -r line` never sees text after the last newline; `read` trims spaces and tabs at both ends, and
  // `export "$line"` keeps the value literally (quotes included).
  const lines = text.split('\n').slice(0, -1);
  for (const raw of lines) {
    const line = raw.replace(/^[ \t]+|[ \t\r]+$/g, '');
    const m = /^(HOMEBREW_[A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Where Homebrew is installed: the folder above the `bin/brew` found, else the platform's default prefix. */
export function brewPrefix(ctx: Pick<Ctx, 'platform'>, exe: string | undefined): string {
  if (exe) return path.dirname(path.dirname(exe));
  return ctx.platform === 'darwin' ? '/opt/homebrew' : '/home/linuxbrew/.linuxbrew';
}

/** The environment files, in the order the value in one beats the next (the winner first). */
export async function brewEnvFiles(
  ctx: Ctx,
  exe: string | undefined,
): Promise<{ path: string; vars: Record<string, string> }[]> {
  const userDir = ctx.env.XDG_CONFIG_HOME
    ? path.join(ctx.env.XDG_CONFIG_HOME, 'homebrew')
    : path.join(ctx.env.HOME ?? '', '.homebrew');
  const system = systemPath(ctx, '/etc/homebrew/brew.env');
  const prefix = systemPath(ctx, path.join(brewPrefix(ctx, exe), 'etc', 'homebrew', 'brew.env'));
  const user = path.join(userDir, 'brew.env');
  const read = async (p: string) => ({ path: p, vars: parseBrewEnv(await readText(p)) });
  const [s, pr, u] = await Promise.all([read(system), read(prefix), read(user)]);
  const systemLast = s.vars.HOMEBREW_SYSTEM_ENV_TAKES_PRIORITY || ctx.env.HOMEBREW_SYSTEM_ENV_TAKES_PRIORITY;
  return systemLast ? [s, u, pr] : [u, pr, s];
}

/** The layers of `name` the environment files hold, winner first. */
export function brewEnvLayers(
  files: { path: string; vars: Record<string, string> }[],
  name: string,
): Omit<Layer, 'effective'>[] {
  return files.flatMap((f) =>
    f.vars[name] === undefined
      ? []
      : [{ origin: { kind: 'file' as const, path: f.path, key: name }, value: f.vars[name] }],
  );
}
