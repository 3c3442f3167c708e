import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Build the CLI, main, preload, harness and renderer once before any spec runs. MIRRORKIT_E2E_NO_BUILD=1 skips
 * it when out/ was just built (quick reruns while working on a spec).
 */
export default function globalSetup(): void {
  if (process.env.MIRRORKIT_E2E_NO_BUILD === '1') return;
  const root = path.resolve(import.meta.dirname, '..');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'all'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`build failed (exit ${r.status})`);
}
