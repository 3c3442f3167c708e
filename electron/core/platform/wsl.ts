import { randomBytes } from 'node:crypto';
import path from 'node:path';

import type { Platform } from '../../../shared/types/core';
import { MirrorKitError } from '../errors';

import type { Exec, ExecResult } from './exec';
import { isValidUtf8 } from './decode';
import { distroFileName, isDistroName, isDistroPath } from '../../../shared/text/wsl-name';

/** What the WSL transport needs from the core's context (a subset of Ctx, so apply and targets can both pass it). */
export interface WslCtx {
  platform: Platform;
  env: Readonly<Record<string, string | undefined>>;
  exec: Exec;
}

/** Starting a stopped WSL 2 VM takes seconds on a busy laptop; a single command never takes this long. */
const TIMEOUT_MS = 90_000;

function envVar(ctx: WslCtx, name: string): string | undefined {
  const key = Object.keys(ctx.env).find((k) => k.toUpperCase() === name.toUpperCase());
  const v = key === undefined ? undefined : ctx.env[key];
  return v ? v : undefined;
}

/**
 * wsl.exe as Windows itself finds it: `%SystemRoot%\System32\wsl.exe` (the inbox launcher, which hands over to
 * the Store WSL when that is installed), else by name on PATH. No existence check: spawning says "not found",
 * and that answer is the one reported.
 */
export function wslExecutable(ctx: WslCtx): string {
  const root = envVar(ctx, 'SystemRoot') ?? envVar(ctx, 'windir');
  return root ? path.win32.join(root, 'System32', 'wsl.exe') : 'wsl.exe';
}

/**
 * wsl.exe writes its own output (the distro list, its error messages) in UTF-16LE unless WSL_UTF8=1 is set
 * (WSL ≥ 0.64); commands run inside a distro write their own bytes. Either is accepted: a UTF-16 byte-order
 * mark or a NUL byte (never part of UTF-8 text, present in every ASCII character of UTF-16LE) means UTF-16LE.
 */
export function decodeWslText(b: Buffer): string {
  let text: string;
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) text = b.subarray(2).toString('utf16le');
  else if (b.includes(0) || (!isValidUtf8(b) && b.length % 2 === 0)) text = b.toString('utf16le');
  else text = b.toString('utf8');
  return text.replace(/^\uFEFF/, '').replaceAll('\0', '');
}

/** `wsl.exe -l -q`: one distro name per line, CRLF-terminated. */
export function parseDistroList(b: Buffer): string[] {
  return decodeWslText(b)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function bytesOf(r: ExecResult, stream: 'stdout' | 'stderr'): Buffer {
  return (stream === 'stdout' ? r.stdoutBytes : r.stderrBytes) ?? Buffer.from(r[stream], 'utf8');
}

/** Why a run failed, in words: wsl.exe's own message (decoded), the command's stderr, or the exit code. */
function failureReason(r: ExecResult): string {
  if (r.failure) return r.failureDetail ?? r.failure;
  const text = `${decodeWslText(bytesOf(r, 'stderr'))}\n${r.code === 0 ? '' : decodeWslText(bytesOf(r, 'stdout'))}`;
  const reason = text.replace(/\s+/g, ' ').trim();
  return (reason || `exit code ${r.code ?? 'none'}`).slice(0, 300);
}

function missing(ctx: WslCtx, r: ExecResult): MirrorKitError | undefined {
  return r.failure === 'not-found' ? new MirrorKitError('wsl.not-found', { path: wslExecutable(ctx) }) : undefined;
}

/**
 * The distros that are running now (`wsl.exe -l --running -q`; listing starts none). With none running wsl.exe
 * answers a sentence and a non-zero exit: that, like any failure here, is an empty list.
 */
export async function runningDistros(ctx: WslCtx): Promise<string[]> {
  const r = await ctx.exec(wslExecutable(ctx), ['-l', '--running', '-q'], {
    env: { ...ctx.env },
    timeoutMs: TIMEOUT_MS,
  });
  return r.code === 0 ? parseDistroList(bytesOf(r, 'stdout')) : [];
}

/** The distros WSL knows, as it lists them (`wsl.exe -l -q`). Throws `wsl.not-found` or `wsl.list-failed`. */
export async function listDistros(ctx: WslCtx): Promise<string[]> {
  const r = await ctx.exec(wslExecutable(ctx), ['-l', '-q'], { env: { ...ctx.env }, timeoutMs: TIMEOUT_MS });
  const notFound = missing(ctx, r);
  if (notFound) throw notFound;
  // With no distro installed, or WSL not enabled, wsl.exe exits non-zero with a sentence instead of names.
  if (r.code !== 0) throw new MirrorKitError('wsl.list-failed', { reason: failureReason(r) });
  return parseDistroList(bytesOf(r, 'stdout'));
}

export interface DistroRun {
  code: number | null;
  stdout: Buffer;
  reason: string;
}

/**
 * Run one program as root inside a distro: `wsl.exe -d <distro> -u root --exec <argv…>`. `--exec` runs the
 * program itself; `--` would hand the joined words to the distro's shell, which would expand them. Every word is
 * checked to need no quoting, so wsl.exe's own splitting of its command line gives the program exactly `argv`.
 */
export async function runInDistro(
  ctx: WslCtx,
  distro: string,
  argv: readonly string[],
  input?: Uint8Array,
): Promise<DistroRun> {
  if (!isDistroName(distro)) throw new MirrorKitError('wsl.bad-name', { distro: JSON.stringify(distro) });
  for (const a of argv) {
    if (!/^[A-Za-z0-9._+@~/=:,-]+$/.test(a))
      throw new MirrorKitError('wsl.failed', { distro, command: argv.join(' '), reason: `unsafe argument ${a}` });
  }
  const r = await ctx.exec(wslExecutable(ctx), ['-d', distro, '-u', 'root', '--exec', ...argv], {
    env: { ...ctx.env },
    timeoutMs: TIMEOUT_MS,
    ...(input ? { input } : {}),
  });
  const notFound = missing(ctx, r);
  if (notFound) throw notFound;
  return { code: r.code, stdout: bytesOf(r, 'stdout'), reason: r.code === 0 ? '' : failureReason(r) };
}

/** Run, and throw `wsl.failed` (distro, command, reason) unless it exits 0. */
export async function mustRun(
  ctx: WslCtx,
  distro: string,
  argv: readonly string[],
  input?: Uint8Array,
): Promise<Buffer> {
  const r = await runInDistro(ctx, distro, argv, input);
  if (r.code !== 0) throw new MirrorKitError('wsl.failed', { distro, command: argv.join(' '), reason: r.reason });
  return r.stdout;
}

function checkPath(distro: string, file: string): void {
  if (!isDistroPath(file)) throw new MirrorKitError('wsl.bad-path', { distro, path: JSON.stringify(file) });
}

/** A file's bytes inside a distro, exactly (`cat`). */
export async function readDistroFile(ctx: WslCtx, distro: string, file: string): Promise<Buffer> {
  checkPath(distro, file);
  return mustRun(ctx, distro, ['cat', '--', file]);
}

/**
 * The one folder MirrorKit writes in inside a distro (apt's). A file there that is a symbolic link is written
 * through to the file it leads to, as the host's atomic writer does, but only while that file is inside this folder
 * too: a link into a home folder or elsewhere is someone else's file, which a root write must not reach.
 */
export const DISTRO_LINK_ROOT = '/etc/apt/';

/**
 * Where a write to `file` lands: the file itself, or the end of its chain of symbolic links, resolved by the
 * distro's own `readlink -e` (its links may be absolute, meaningful only inside it). A link that leads to no file
 * (dangling, a loop) or out of DISTRO_LINK_ROOT is refused. A missing plain file is returned as is: the write
 * itself then says it is missing.
 */
export async function resolveDistroFile(ctx: WslCtx, distro: string, file: string): Promise<string> {
  checkPath(distro, file);
  const r = await runInDistro(ctx, distro, ['readlink', '-e', '--', file]);
  const resolved = r.stdout.toString('utf8').replace(/\n$/, '');
  if (r.code !== 0) {
    // Not resolvable: a link (it has a text, shown as is) that leads nowhere, or no file at all.
    const link = await runInDistro(ctx, distro, ['readlink', '--', file]);
    if (link.code !== 0) return file;
    const target = JSON.stringify(link.stdout.toString('utf8').replace(/\n$/, ''));
    throw new MirrorKitError('wsl.link-dangling', { distro, path: file, target });
  }
  if (resolved === file) return file;
  if (!resolved.startsWith(DISTRO_LINK_ROOT)) {
    const target = JSON.stringify(resolved);
    throw new MirrorKitError('wsl.link-outside', { distro, path: file, target, root: DISTRO_LINK_ROOT });
  }
  if (!isDistroPath(resolved)) throw new MirrorKitError('wsl.bad-path', { distro, path: JSON.stringify(resolved) });
  return resolved;
}

/**
 * Replace a file inside a distro atomically: the bytes go through stdin into a temp file beside it (`dd`, synced),
 * which takes the file's owner and mode and is then renamed over it (`mv -T`). A failure part-way removes the temp
 * file and leaves the original as it was. The temp name ends in `~`, which apt ignores silently, should a crash
 * leave it behind. A symbolic link is resolved first and its target replaced, so the link stays a link and a
 * restore (the same call with the original bytes) gives the target its bytes back without touching the link.
 */
export async function writeDistroFile(ctx: WslCtx, distro: string, file: string, bytes: Uint8Array): Promise<void> {
  const target = await resolveDistroFile(ctx, distro, file);
  const tmp = path.posix.join(
    path.posix.dirname(target),
    `.${path.posix.basename(target)}.mirrorkit-${randomBytes(4).toString('hex')}~`,
  );
  await mustRun(ctx, distro, ['dd', `of=${tmp}`, 'conv=fsync', 'status=none'], bytes);
  try {
    await mustRun(ctx, distro, ['chown', `--reference=${target}`, '--', tmp]);
    await mustRun(ctx, distro, ['chmod', `--reference=${target}`, '--', tmp]);
    await mustRun(ctx, distro, ['mv', '-f', '-T', '--', tmp, target]);
  } catch (err) {
    await runInDistro(ctx, distro, ['rm', '-f', '--', tmp]).catch(() => undefined);
    throw err;
  }
}

export { distroFileName };
