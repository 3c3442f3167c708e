/**
 * Helpers of the Windows lane: bundles for the Windows node.exe, running them under Wine with output in files
 * (node.exe cannot write to a Unix pipe under Wine), and reading the registry and the prefix's files back from
 * Linux, which is the oracle: what reg.exe and the file system say, not what MirrorKit says it did.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { build } from 'esbuild';

import { ensureLane, nodeExe, prefix, stopLane, wineEnv } from '../../scripts/windows-lane/setup.mjs';

export { stopLane };

export const root = path.resolve(import.meta.dirname, '..', '..');
const outDir = path.join(root, '.cache', 'windows-lane');

export const WIN_USER = os.userInfo().username;
/** C:\ of the prefix, as Linux sees it. */
export const driveC = path.join(prefix, 'drive_c');
export const userHome = path.join(driveC, 'users', WIN_USER);
export const appData = path.join(userHome, 'AppData', 'Roaming');
export const programData = path.join(driveC, 'ProgramData');
/** MirrorKit's state inside the prefix (Windows path and Linux path). */
export const stateWin = `C:\\users\\${WIN_USER}\\mirrorkit-lane`;
export const stateLinux = path.join(userHome, 'mirrorkit-lane');

export const HKCU_ENV = 'HKCU\\Environment';
export const HKLM_ENV = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';

/** A Linux path as the Windows process sees it (Wine maps / to Z:). */
export function zPath(p: string): string {
  return `Z:${p.replace(/\//g, '\\')}`;
}

/** A C:\ path of the prefix as Linux sees it. */
export function linuxPath(win: string): string {
  return path.join(driveC, ...win.replace(/^C:\\/i, '').split('\\'));
}

export interface Lane {
  cli: string;
  entry: string;
}

export async function prepare(): Promise<{ ok: true; lane: Lane; setupMs: number } | { ok: false; reason: string }> {
  const t0 = Date.now();
  const r = await ensureLane();
  if (!r.ok) return { ok: false, reason: r.reason };
  const common = {
    bundle: true,
    platform: 'node' as const,
    target: 'node20',
    format: 'cjs' as const,
    logLevel: 'warning' as const,
    absWorkingDir: root,
  };
  // mainFields: jsonc-parser's UMD build requires its own files at run time, which a bundle does not carry.
  const mainFields = ['module', 'main'];
  const cli = path.join(outDir, 'cli.cjs');
  const entry = path.join(outDir, 'win-entry.cjs');
  await build({ ...common, mainFields, entryPoints: ['electron/cli/main.ts'], outfile: cli });
  await build({ ...common, mainFields, entryPoints: ['test/windows/fixtures/win-entry.ts'], outfile: entry });
  return { ok: true, lane: { cli: zPath(cli), entry: zPath(entry) }, setupMs: Date.now() - t0 };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A minimal Unix environment: the machine's PIP_*, npm_config_* … must not leak into the Windows process. */
function baseEnv(extra: Record<string, string>): Record<string, string> {
  const env = wineEnv({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...extra });
  const keep = ['PATH', 'HOME', 'USER', 'WINEPREFIX', 'WINEDEBUG', 'WINEDLLOVERRIDES', ...Object.keys(extra)];
  return Object.fromEntries(keep.filter((k) => env[k] !== undefined).map((k) => [k, env[k] as string]));
}

function spawnToFiles(cmd: string, args: string[], env: Record<string, string>): Run {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-wine-'));
  const out = openSync(path.join(dir, 'out'), 'w');
  const err = openSync(path.join(dir, 'err'), 'w');
  try {
    const r = spawnSync(cmd, args, { stdio: ['ignore', out, err], env, timeout: 120_000 });
    closeSync(out);
    closeSync(err);
    return {
      code: r.status,
      stdout: readFileSync(path.join(dir, 'out'), 'utf8'),
      stderr: readFileSync(path.join(dir, 'err'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run a script with the Windows node.exe. */
export function node(script: string, args: string[], extra: Record<string, string> = {}): Run {
  const run = (): Run =>
    spawnToFiles('wine', [nodeExe, script, ...args], baseEnv({ MIRRORKIT_HOME: stateWin, ...extra }));
  const r = run();
  // Now and then Wine fails to start node.exe while wineserver is busy: exit 1, not a byte on either stream (a CI
  // run saw it once). Only such a silent failure is asked again, once: MirrorKit's own failures print why, except
  // the elevated helper's refusals (their reason goes to the result file), which refuse the same way again.
  return r.code !== 0 && r.stdout.trim() === '' && r.stderr.trim() === '' ? run() : r;
}

/** Run a Windows program of the prefix (reg, cmd …). */
export function wine(args: string[]): Run {
  return spawnToFiles('wine', args, baseEnv({}));
}

/** The registry as reg.exe reports it: name → [type, data]. Parsed here, not with reg.ts: the oracle does not reuse the code under test. */
export function regValues(key: string): Map<string, [string, string]> {
  let r = wine(['reg', 'query', key]);
  // Wine's reg.exe now and then exits non-zero without a word while wineserver is busy (seen once in a CI run);
  // a query that fails twice, or says why, is a real failure.
  if (r.code !== 0 && r.stderr.trim() === '') r = wine(['reg', 'query', key]);
  if (r.code !== 0) throw new Error(`reg query ${key} failed (exit ${r.code}): ${r.stderr}${r.stdout}`);
  const out = new Map<string, [string, string]>();
  for (const line of r.stdout.split(/\r?\n/)) {
    const m = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (m) out.set((m[1] ?? '').toUpperCase(), [m[2] ?? '', m[3] ?? '']);
  }
  return out;
}

export function regGet(key: string, name: string): string | undefined {
  return regValues(key).get(name.toUpperCase())?.[1];
}

export function regDelete(key: string, name: string): void {
  wine(['reg', 'delete', key, '/v', name, '/f']);
}
