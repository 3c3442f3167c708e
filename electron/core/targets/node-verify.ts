import type { TargetId, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';

import { findExecutable } from './common';
import { runAsNewShell } from './env-tool';
import { findManagers, readNvmSettings, readVoltaHooks } from './node-managers';
import { failedToRun, notInstalled, verdict } from './verdict';

const T: TargetId = 'node';
const norm = (u: string) => u.trim().replace(/\/+$/, '').toLowerCase();
const DEFAULT = 'https://nodejs.org/dist';

function compare(command: string[], tool: string, observed: string | null, expected: string): Verification {
  const seen = observed ?? DEFAULT;
  return verdict(T, command, norm(seen) === norm(expected), seen, { tool, observed: seen, expected });
}

/** fnm's own report: `fnm env --json` prints the configuration it resolved, FNM_NODE_DIST_MIRROR included. */
async function fnm(ctx: Ctx, exe: string, expected: string): Promise<Verification> {
  const { command, result: r } = await runAsNewShell(ctx, exe, ['env', '--json'], 30_000);
  if (r.code !== 0) return failedToRun(T, command, r);
  let observed: string | null = null;
  try {
    const v = (JSON.parse(r.stdout) as Record<string, unknown>).FNM_NODE_DIST_MIRROR;
    observed = typeof v === 'string' ? v : null;
  } catch {
    // not JSON: reported as a mismatch with nothing observed
  }
  return compare(command, 'fnm', observed, expected);
}

/**
 * nvm is a shell function: a new shell loads nvm.sh (without switching versions) and asks nvm_get_mirror, the
 * function `nvm ls-remote` and `nvm install` build their URLs from. The script is constant; the folder is $1.
 */
async function nvm(ctx: Ctx, dir: string, expected: string): Promise<Verification> {
  const shell = (await findExecutable(ctx, 'bash')) ?? '/bin/sh';
  const script = '. "$1/nvm.sh" --no-use >/dev/null 2>&1 || exit 3; nvm_get_mirror node std';
  const { command, result: r } = await runAsNewShell(ctx, shell, ['-c', script, 'nvm', dir], 30_000);
  if (r.code !== 0) return failedToRun(T, command, r);
  const observed = r.stdout.trim().split(/\r?\n/).pop() ?? null;
  return compare(command, 'nvm', observed, expected);
}

/**
 * The managers that cannot be asked here are read as they read themselves: nvm-windows (Windows only; `nvm
 * debug` also pings the mirror) through settings.txt, Volta (no command prints its hooks) through hooks.json.
 */
async function files(ctx: Ctx, expected: string): Promise<Verification[]> {
  const m = await findManagers(ctx);
  const out: Verification[] = [];
  if (m.nvmWindows) {
    const s = await readNvmSettings(ctx, m.nvmWindows.settings);
    out.push(compare(['read', m.nvmWindows.settings], 'nvm-windows', s.nodeMirror ?? null, expected));
  }
  if (m.volta) {
    const h = await readVoltaHooks(m.volta.hooks);
    for (const key of ['index', 'distro'] as const)
      out.push(compare(['read', m.volta.hooks], `Volta node.${key}`, h.mirrors[key] ?? null, expected));
  }
  return out;
}

/** node-gyp reads NODEJS_ORG_MIRROR from its environment: node itself, started as a new terminal would start it. */
async function nodeGyp(ctx: Ctx, exe: string, expected: string): Promise<Verification> {
  const args = ['-p', 'process.env.NODEJS_ORG_MIRROR || ""'];
  const { command, result: r } = await runAsNewShell(ctx, exe, args, 30_000);
  if (r.code !== 0) return failedToRun(T, command, r);
  return compare(command, 'node-gyp (NODEJS_ORG_MIRROR)', r.stdout.trim() || null, expected);
}

/** Every manager present is asked; the first that disagrees is the verdict, else the first that agrees. */
export async function verifyNode(ctx: Ctx, expected: string): Promise<Verification> {
  const m = await findManagers(ctx);
  const all: Verification[] = [];
  if (m.fnm) all.push(await fnm(ctx, m.fnm.exe, expected));
  if (m.nvm) all.push(await nvm(ctx, m.nvm.dir, expected));
  all.push(...(await files(ctx, expected)));
  const nodeExe = await findExecutable(ctx, 'node');
  if (nodeExe) all.push(await nodeGyp(ctx, nodeExe, expected));
  if (all.length === 0) return notInstalled(T, ['fnm', 'env', '--json'], 'nvm, fnm, Volta or Node.js');
  return all.find((v) => !v.ok) ?? all[0]!;
}
