/**
 * Helpers of the packaging lane's tests: the build result (scripts/package-lane/build.mjs, made by
 * `npm run test:package` before these tests run), and a Wine prefix of the lane's own, whose HOME is a scratch
 * folder made before the prefix (Wine points the Desktop at $HOME). Output of Windows programs goes to files:
 * wineserver daemonises holding inherited descriptors, so a pipe would never reach EOF.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const laneDir = path.join(root, '.cache', 'package-lane');

export interface LaneResult {
  dist: string;
  unpacked: string;
  installer: string;
  installerBytes: number;
  variant: string;
  variantBytes: number;
  captureDir: string;
  nodeExe: string;
  timings: Record<string, number>;
}

/** The build these tests check; a missing build is a failure with the command that makes it, never a skip. */
export function laneResult(): LaneResult {
  const file = path.join(laneDir, 'result.json');
  if (!existsSync(file))
    throw new Error(`no packaging-lane build at ${file}: run \`npm run test:package\` (it builds first)`);
  return JSON.parse(readFileSync(file, 'utf8')) as LaneResult;
}

/** Every file under `dir`, relative with forward slashes, with its sha256. */
export function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else
        out.set(
          path.relative(dir, p).split(path.sep).join('/'),
          createHash('sha256').update(readFileSync(p)).digest('hex'),
        );
    }
  };
  walk(dir);
  return out;
}

const wineRoot = path.join(laneDir, 'wine');
export const prefix = path.join(wineRoot, 'prefix');
/** The scratch HOME Wine's Desktop points at. */
export const home = path.join(wineRoot, 'home');
export const WIN_USER = os.userInfo().username;
export const driveC = path.join(prefix, 'drive_c');
export const userHome = path.join(driveC, 'users', WIN_USER);

export function wineEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    USER: WIN_USER,
    WINEPREFIX: prefix,
    WINEDEBUG: '-all',
    // No Mono/Gecko installers; no .desktop files written into HOME for the shortcuts.
    WINEDLLOVERRIDES: 'mscoree,mshtml=;winemenubuilder.exe=d',
  };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function spawnToFiles(
  cmd: string,
  args: string[],
  timeout = 180_000,
  extraEnv: Record<string, string> = {},
): Run {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mk-pkg-'));
  const out = openSync(path.join(dir, 'out'), 'w');
  const err = openSync(path.join(dir, 'err'), 'w');
  const t0 = Date.now();
  try {
    const r = spawnSync(cmd, args, { stdio: ['ignore', out, err], env: { ...wineEnv(), ...extraEnv }, timeout });
    closeSync(out);
    closeSync(err);
    return {
      code: r.status,
      stdout: readFileSync(path.join(dir, 'out'), 'utf8'),
      stderr: readFileSync(path.join(dir, 'err'), 'utf8'),
      ms: Date.now() - t0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function wine(args: string[], timeout?: number, extraEnv?: Record<string, string>): Run {
  return spawnToFiles('wine', args, timeout, extraEnv);
}

/** Wait until every program of the prefix has exited (an NSIS uninstaller re-runs itself from %TEMP%). */
export function wineWait(): void {
  spawnToFiles('wineserver', ['-w']);
}

export function stopWine(): void {
  spawnToFiles('wineserver', ['-k']);
}

/** A prefix of the lane's own (Windows 10, as node.exe needs), made once and kept under .cache. */
export function ensurePrefix(): { ms: number } {
  const t0 = Date.now();
  const ready = path.join(wineRoot, '.ready');
  if (existsSync(ready)) return { ms: 0 };
  stopWine();
  rmSync(wineRoot, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  mkdirSync(prefix, { recursive: true });
  for (const [cmd, args] of [
    ['wineboot', ['-i']],
    ['wineserver', ['-w']],
    ['wine', ['winecfg', '-v', 'win10']],
  ] as const) {
    const r = spawnToFiles(cmd, [...args]);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr}${r.stdout}`);
  }
  wineWait();
  writeFileSync(ready, new Date().toISOString());
  return { ms: Date.now() - t0 };
}

/** A Linux path as a Windows program sees it (Wine maps / to Z:). */
export function zPath(p: string): string {
  return `Z:${p.replace(/\//g, '\\')}`;
}

/** The values of a registry key as reg.exe reports them (name upper-cased → data), or null when it is absent. */
export function regQuery(key: string): Map<string, string> | null {
  const r = wine(['reg', 'query', key]);
  if (r.code !== 0) return null;
  const out = new Map<string, string>();
  for (const line of r.stdout.split(/\r?\n/)) {
    const m = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (m) out.set((m[1] ?? '').toUpperCase(), m[3] ?? '');
  }
  return out;
}

/** A define electron-builder gave makensis for the final installer (APP_GUID, UNINSTALL_APP_KEY …). */
export function finalDefine(captureDir: string, name: string): string {
  for (const d of readdirSync(captureDir).sort().reverse()) {
    const args = JSON.parse(readFileSync(path.join(captureDir, d, 'args.json'), 'utf8')) as string[];
    if (args.includes('-DBUILD_UNINSTALLER')) continue;
    const a = args.find((x) => x.startsWith(`-D${name}=`));
    if (a) return a.slice(name.length + 3);
  }
  throw new Error(`no -D${name} in the captured makensis runs`);
}
