import type { Change, EnvFileEdit, TargetId, TargetPlan } from '../../../shared/types/core';
import type { Ctx } from '../context';

import type { ExecResult } from './exec';
import { homeDir, pathApi, xdgConfigHome } from './paths';

/**
 * Environment variables for tools that read nothing else (HF_ENDPOINT …) on Linux and macOS, as rustup and
 * conda do it: MirrorKit owns one env file per shell family under its config folder (`env.sh` for sh, bash and
 * zsh; `env.fish`; `env.ps1` for PowerShell 7), and adds one marked line that sources `env.sh` to each profile the
 * user's shells read, plus a fish `conf.d` file and a line in PowerShell's profile when those shells are set up.
 * Everything is a plain file change of the apply transaction, so restore removes the line and the files it
 * created and leaves every other byte. Several tools share the files: each change says what its target sets
 * (`envFile`), and `composeEnvFiles` merges the plans of one apply into one edit per file.
 */
export const SOURCE_MARK = '# added by MirrorKit (mirrorkit restore removes this line)';
const HEADER =
  '# Written by MirrorKit: variables for tools that only read the environment. Do not edit; use mirrorkit.';

export interface ShellEnvPaths {
  dir: string;
  sh: string;
  fish: string;
  fishConf: string | undefined;
  ps1: string;
  /** PowerShell 7's profile for every host, when PowerShell is set up (its config folder exists). */
  pwshProfile: string | undefined;
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

/** Single-quoted for PowerShell: a quote is doubled; nothing else is special inside. */
function psQuote(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, (c) => c + c)}'`;
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
  // PowerShell on Linux and macOS keeps its profiles under the XDG config folder.
  const pwshDir = p.join(xdgConfigHome(ctx), 'powershell');
  const pwshProfile = (await exists(pwshDir)) ? p.join(pwshDir, 'profile.ps1') : undefined;
  const fish = p.join(dir, 'env.fish');
  return { dir, sh: p.join(dir, 'env.sh'), fish, fishConf, ps1: p.join(dir, 'env.ps1'), pwshProfile, profiles };
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

const RENDER: Record<EnvFileEdit['format'], (name: string, value: string) => string> = {
  sh: (k, v) => `export ${k}=${shQuote(v)}`,
  fish: (k, v) => `set -gx ${k} ${fishQuote(v)}`,
  ps1: (k, v) => `$env:${k} = ${psQuote(v)}`,
};

/** The text of one env file holding `vars`. */
export function renderEnvFile(format: EnvFileEdit['format'], vars: Record<string, string>): string {
  return [HEADER, ...Object.entries(vars).map(([k, v]) => RENDER[format](k, v)), ''].join('\n');
}

function applySet(base: Record<string, string>, ...sets: Record<string, string | null>[]): Record<string, string> {
  const vars = { ...base };
  for (const set of sets)
    for (const [k, v] of Object.entries(set)) {
      if (v === null) delete vars[k];
      else vars[k] = v;
    }
  return vars;
}

/** The profile with the source line (appended once; a file without a final newline keeps having none). */
export function withSourceLine(text: string | null, envSh: string): string {
  return withLine(text, `[ -f ${shQuote(envSh)} ] && . ${shQuote(envSh)} ${SOURCE_MARK}`);
}

/** PowerShell's profile with its line; `#` starts a comment there too. */
export function withPwshLine(text: string | null, envPs1: string): string {
  return withLine(text, `if (Test-Path -LiteralPath ${psQuote(envPs1)}) { . ${psQuote(envPs1)} } ${SOURCE_MARK}`);
}

function withLine(text: string | null, line: string): string {
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
  const base = readShellEnv(shText);
  type FileChange = Extract<Change, { kind: 'writeFile' }>;
  const change = (path: string, before: string | null, after: string): FileChange => ({
    kind: 'writeFile',
    target,
    path,
    before,
    after,
    admin: false,
  });
  const envFile = (path: string, before: string | null, format: EnvFileEdit['format']): Change => ({
    ...change(path, before, renderEnvFile(format, applySet(base, set))),
    envFile: { format, base, set },
  });
  const changes: Change[] = [envFile(paths.sh, shText, 'sh'), envFile(paths.fish, await io.read(paths.fish), 'fish')];
  if (paths.fishConf)
    changes.push(change(paths.fishConf, await io.read(paths.fishConf), `${HEADER}\nsource ${fishQuote(paths.fish)}\n`));
  if (paths.pwshProfile) {
    changes.push(envFile(paths.ps1, await io.read(paths.ps1), 'ps1'));
    const before = await io.read(paths.pwshProfile);
    changes.push(change(paths.pwshProfile, before, withPwshLine(before, paths.ps1)));
  }
  for (const profile of paths.profiles) {
    const before = await io.read(profile);
    changes.push(change(profile, before, withSourceLine(before, paths.sh)));
  }
  return changes.filter((c) => c.kind !== 'writeFile' || c.before !== c.after);
}

/**
 * One apply, several environment-variable tools: each planned its own edit of the same env file from the same
 * text, and applying them one after the other would keep only the last. Every edit of a file becomes the one
 * that sets all their variables (in registry order); `shareWrites` then keeps it once. Profiles need nothing:
 * every tool adds the same source line.
 */
export function composeEnvFiles(plans: readonly TargetPlan[]): TargetPlan[] {
  const sets = new Map<string, Record<string, string | null>[]>();
  for (const c of plans.flatMap((tp) => tp.changes))
    if (c.kind === 'writeFile' && c.envFile) sets.set(c.path, [...(sets.get(c.path) ?? []), c.envFile.set]);
  const compose = (c: Change): Change => {
    const all = c.kind === 'writeFile' ? sets.get(c.path) : undefined;
    if (c.kind !== 'writeFile' || !c.envFile || !all || all.length < 2) return c;
    const after = renderEnvFile(c.envFile.format, applySet(c.envFile.base, ...all));
    return { ...c, after, envFile: { ...c.envFile, set: Object.assign({}, ...all) as Record<string, string | null> } };
  };
  return plans.map((tp) => ({ ...tp, changes: tp.changes.map(compose) }));
}

/**
 * Run a tool as a new login shell would see it: MirrorKit's env.sh sourced first. The script is a constant;
 * the file and the command are its arguments. Returns the command to show the user beside the result.
 */
export async function execInNewShell(
  ctx: Ctx,
  exe: string,
  args: string[],
  io: { exists: (p: string) => Promise<boolean> },
  timeoutMs = 60_000,
): Promise<{ command: string[]; result: ExecResult }> {
  const paths = await shellEnvPaths(ctx, io.exists);
  const script = 'if [ -f "$1" ]; then . "$1"; fi; shift; exec "$@"';
  const result = await ctx.exec('/bin/sh', ['-c', script, 'sh', paths.sh, exe, ...args], {
    env: { ...ctx.env },
    timeoutMs,
  });
  return { command: ['sh', '-c', '. <env.sh>;', exe, ...args], result };
}
