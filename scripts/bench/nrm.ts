import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface NrmRun {
  /** Spawn → its results printed (nrm prints every row at once). */
  resultsMs: number;
  /** Spawn → process exit; undefined when it was stopped after printing (`waitExit` false). */
  exitMs?: number;
  /** Per registry name: time in ms, or null for a timeout or fetch error. */
  times: Record<string, number | null>;
}

const BUILT_IN = ['npm', 'yarn', 'tencent', 'cnpm', 'taobao', 'npmMirror', 'huawei'];

/**
 * Run `nrm test` as shipped against `registries` (name → URL). nrm always tests its 7 built-in registries
 * merged with ~/.nrmrc, so the first 7 names override the built-ins and the rest are added: exactly these get
 * tested. HOME is a temporary folder; the user's own ~/.nrmrc and ~/.npmrc are never read.
 */
export async function runNrm(nrmEntry: string, registries: [string, string][], waitExit: boolean): Promise<NrmRun> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mk-bench-nrm-'));
  const names = registries.map(([id], i) => [BUILT_IN[i] ?? id, registries[i]?.[1] ?? ''] as const);
  fs.writeFileSync(path.join(home, '.nrmrc'), names.map(([n, u]) => `[${n}]\nregistry=${u}\nhome=${u}\n`).join('\n'));
  try {
    const start = performance.now();
    const child = spawn(process.execPath, [nrmEntry, 'test'], {
      env: { PATH: process.env.PATH, HOME: home, USERPROFILE: home, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    let resultsMs: number | undefined;
    const printed = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += String(d);
        resultsMs ??= performance.now() - start;
        // nrm writes all rows in one console.log; wait for the last one.
        if (out.split('\n').filter((l) => / ms|timeout/.test(l)).length >= registries.length) resolve();
      });
      child.once('exit', () => resolve());
    });
    const exited = new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now() - start)));
    await printed;
    let exitMs: number | undefined;
    if (waitExit) exitMs = await exited;
    else {
      child.kill('SIGKILL');
      await exited;
    }
    const times: Record<string, number | null> = {};
    names.forEach(([n], i) => {
      const line = out.split('\n').find((l) => new RegExp(`^[\\s*]*${n}\\s+-`).test(l));
      const m = line ? /(\d+) ms/.exec(line) : null;
      const ok = line && m && !/error|timeout/i.test(line);
      times[registries[i]?.[0] ?? n] = ok ? Number(m[1]) : null;
    });
    return { resultsMs: resultsMs ?? NaN, ...(exitMs !== undefined ? { exitMs } : {}), times };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
