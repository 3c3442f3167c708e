import type { Change, TargetId } from '../../../shared/types/core';
import type { Ctx } from '../context';

import { homeDir, pathApi, xdgConfigHome } from './paths';

/**
 * Environment variables for tools that read nothing else (HF_ENDPOINT …) on Linux and macOS, as rustup and
 * conda do it: MirrorKit owns one env file per shell family under its config folder (`env.sh` for sh, bash and
 * zsh; `env.fish`), and adds one marked line that sources `env.sh` to each profile the user's shells read, plus
 * a fish `conf.d` file. Everything is a plain file change of the apply transaction, so restore removes the line
 * and the files it created and leaves every other byte.
 */
export const SOURCE_MARK = '# added by MirrorKit (mirrorkit restore removes this line)';
const HEADER =
  '# Written by MirrorKit: variables for tools that only read the environment. Do not edit; use mirrorkit.';

export interface ShellEnvPaths {
  dir: string;
  sh: string;
  fish: string;
  fishConf: string | undefined;
  /** The profiles that get the source line. */
  profiles: string[];
}

/** Single-quoted for sh: the only character needing care inside is the quote itself. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Single-quoted for fish: backslash and quote are escaped. */
function fishQuote(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/**
 * Which profiles to touch. bash: ~/.bashrc if it exists (interactive shells); login shells read the first of
 * ~/.bash_profile, ~/.bash_login, ~/.profile, and ~/.profile is created when none exists (sh and dash read it too).
 * zsh: $ZDOTDIR/.zshrc when it exists or zsh is the login shell (macOS). fish: a conf.d file when fish is set up.
 */
export async function shellEnvPaths(ctx: Ctx, exists: (p: string) => Promise<boolean>): Promise<ShellEnvPaths> {
  const p = pathApi(ctx);
  const home = homeDir(ctx);
  const dir = p.join(xdgConfigHome(ctx), 'mirrorkit');
  const profiles: string[] = [];
  const bashrc = p.join(home, '.bashrc');
  if (await exists(bashrc)) profiles.push(bashrc);
  const logins = ['.bash_profile', '.bash_login', '.profile'].map((n) => p.join(home, n));
  let login = logins[2]!;
  for (const f of logins) {
    if (await exists(f)) {
      login = f;
      break;
    }
  }
  profiles.push(login);
  const zshrc = p.join(ctx.env.ZDOTDIR || home, '.zshrc');
  if ((await exists(zshrc)) || /(^|\/)zsh$/.test(ctx.env.SHELL ?? '')) profiles.push(zshrc);
  const fishDir = p.join(xdgConfigHome(ctx), 'fish');
  const fishConf = (await exists(fishDir)) ? p.join(fishDir, 'conf.d', 'mirrorkit.fish') : undefined;
  return { dir, sh: p.join(dir, 'env.sh'), fish: p.join(dir, 'env.fish'), fishConf, profiles };
}

/** The variables of an env.sh MirrorKit wrote (its own `export NAME='value'` lines; anything else is ignored). */
export function readShellEnv(text: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split(/\r?\n/)) {
    const m = /^export ([A-Za-z_][A-Za-z0-9_]*)='((?:[^']|'\\'')*)'$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/'\\''/g, "'");
  }
  return out;
}

function renderSh(vars: Record<string, string>): string {
  return [HEADER, ...Object.entries(vars).map(([k, v]) => `export ${k}=${shQuote(v)}`), ''].join('\n');
}

function renderFish(vars: Record<string, string>): string {
  return [HEADER, ...Object.entries(vars).map(([k, v]) => `set -gx ${k} ${fishQuote(v)}`), ''].join('\n');
}

/** The profile with the source line (appended once; a file without a final newline keeps having none). */
export function withSourceLine(text: string | null, envSh: string): string {
  const line = `[ -f ${shQuote(envSh)} ] && . ${shQuote(envSh)} ${SOURCE_MARK}`;
  const body = text ?? '';
  if (body.split(/\r?\n/).includes(line)) return body;
  if (body === '') return `${line}\n`;
  return body.endsWith('\n') ? `${body}${line}\n` : `${body}\n${line}`;
}

/**
 * The file changes that make new shells see `set` (null removes a variable), merged with what MirrorKit's env
 * files already hold. `read` returns a file's text or null.
 */
export async function shellEnvChanges(
  ctx: Ctx,
  target: TargetId,
  set: Record<string, string | null>,
  io: { read: (p: string) => Promise<string | null>; exists: (p: string) => Promise<boolean> },
): Promise<Change[]> {
  const paths = await shellEnvPaths(ctx, io.exists);
  const shText = await io.read(paths.sh);
  const vars = readShellEnv(shText);
  for (const [k, v] of Object.entries(set)) {
    if (v === null) delete vars[k];
    else vars[k] = v;
  }
  const change = (path: string, before: string | null, after: string): Change => ({
    kind: 'writeFile',
    target,
    path,
    before,
    after,
    admin: false,
  });
  const changes: Change[] = [
    change(paths.sh, shText, renderSh(vars)),
    change(paths.fish, await io.read(paths.fish), renderFish(vars)),
  ];
  if (paths.fishConf)
    changes.push(change(paths.fishConf, await io.read(paths.fishConf), `${HEADER}\nsource ${fishQuote(paths.fish)}\n`));
  for (const profile of paths.profiles) {
    const before = await io.read(profile);
    changes.push(change(profile, before, withSourceLine(before, paths.sh)));
  }
  return changes.filter((c) => c.kind !== 'writeFile' || c.before !== c.after);
}
