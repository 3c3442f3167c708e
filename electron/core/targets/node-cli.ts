import fs from 'node:fs/promises';
import path from 'node:path';

import type { Ctx } from '../context';
import { pathApi } from '../platform/paths';

import { exists, findExecutable, readText } from './common';

export interface Invocation {
  command: string;
  args: string[];
}

/**
 * How to run a package manager written in JavaScript (pnpm, yarn) without a shell. On Windows, npm installs it
 * as a `.cmd` shim, which Node refuses to spawn without `shell: true` (CVE-2024-27980) and MirrorKit never uses
 * a shell: the shim only runs `node <its folder>\node_modules\<package>\<script>`, so MirrorKit runs that, with
 * the node.exe on PATH. A real executable (pnpm's standalone pnpm.exe) runs as it is. `scripts` lists the
 * package-relative scripts a shim may point at (yarn's shim is yarn 1's or berry's cli-dist).
 */
export async function nodeCli(
  ctx: Pick<Ctx, 'env' | 'platform'>,
  name: string,
  scripts: readonly string[],
): Promise<Invocation | undefined> {
  const exe = await findExecutable(ctx, name);
  if (!exe) return undefined;
  if (ctx.platform !== 'win32' || !/\.(cmd|bat)$/i.test(exe)) return { command: exe, args: [] };
  const p = pathApi(ctx);
  const node = await findExecutable(ctx, 'node');
  if (!node) return undefined;
  for (const s of scripts) {
    const script = p.join(p.dirname(exe), 'node_modules', ...s.split('/'));
    if (await exists(script)) return { command: node, args: [script] };
  }
  return undefined;
}

/** The major version of a `x.y.z` string, or undefined. */
export function majorOf(version: string | undefined): number | undefined {
  const m = /^(\d+)\./.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The spelling of variable `NAME` that is set (npm, pnpm and yarn read their variables in any case), else `NAME`. */
export function anyCaseEnv(ctx: Pick<Ctx, 'env'>, name: string): string {
  return Object.keys(ctx.env).find((k) => k.toUpperCase() === name && ctx.env[k]) ?? name;
}

/**
 * The version from the package.json next to the tool's script (npm's bin links and shims point into the
 * package): starting a JavaScript tool only to print its version costs a whole Node start on every look.
 * Undefined when the layout is not a package of one of `names` (a standalone pnpm.exe, corepack): ask the tool.
 */
export async function versionFromPackage(inv: Invocation, names: readonly string[]): Promise<string | undefined> {
  const script = inv.args[0] ?? inv.command;
  try {
    const real = await fs.realpath(script);
    for (let dir = path.dirname(real), i = 0; i < 3; i++, dir = path.dirname(dir)) {
      const text = await readText(path.join(dir, 'package.json'));
      const pkg = text === null ? null : (JSON.parse(text) as { name?: unknown; version?: unknown });
      if (pkg && typeof pkg.name === 'string' && names.includes(pkg.name) && typeof pkg.version === 'string')
        return pkg.version;
    }
  } catch {
    // not a package layout we know: the caller asks the tool itself
  }
  return undefined;
}
