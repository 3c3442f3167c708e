import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Ctx } from '../../context';

import { findAllOnPath } from './search-path';

/**
 * How to run npm on Windows without a shell. `npm` is `npm.cmd`, and since CVE-2024-27980 Node (≥ 18.20.2,
 * 20.12.2, 21.7.3) refuses to spawn .cmd/.bat files unless `shell: true`, which MirrorKit never uses. npm.cmd only
 * runs `node <its folder>\node_modules\npm\bin\npm-cli.js`, so MirrorKit runs exactly that, with the node.exe that
 * sits next to it (the pair an installer, nvm-windows or volta put together).
 */
export interface NpmInvocation {
  command: string;
  args: string[];
}

export function resolveNpmInvocation(
  ctx: Pick<Ctx, 'env'>,
  exists: (p: string) => boolean = existsSync,
): NpmInvocation | null {
  for (const nodeExe of findAllOnPath(ctx.env, 'node.exe', exists)) {
    const cli = path.win32.join(path.win32.dirname(nodeExe), 'node_modules', 'npm', 'bin', 'npm-cli.js');
    if (exists(cli)) return { command: nodeExe, args: [cli] };
  }
  return null;
}
