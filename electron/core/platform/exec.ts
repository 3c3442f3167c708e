import { spawn } from 'node:child_process';
import os from 'node:os';

import { decodeOutput } from './decode';

export interface ExecOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
  /** Bytes for stdin: a string is sent as UTF-8; a Buffer exactly as it is (a file's original bytes). */
  input?: string | Uint8Array;
  /**
   * Run below normal priority: a look that nobody waits on line by line (a tool's version at startup) must not
   * take the CPU from the window that is still painting, on a small laptop most of all.
   */
  background?: boolean;
}

export interface ExecResult {
  /** null when the process could not start or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /**
   * The raw output, for programs whose bytes are not console text: a file's content read through `cat`, or
   * wsl.exe's UTF-16LE. Set by the real runner; a test's fake may leave it out (then `stdout` is the text).
   */
  stdoutBytes?: Buffer;
  stderrBytes?: Buffer;
  /** Why it did not finish normally. */
  failure?: 'not-found' | 'timeout' | 'spawn-error';
  failureDetail?: string;
}

/** Run a program with an argument array. There is deliberately no way to pass a shell string. */
export type Exec = (command: string, args: readonly string[], opts?: ExecOptions) => Promise<ExecResult>;

/** The real runner: spawn without a shell, kill on timeout, decode output for the platform's console code page. */
export const nodeExec: Exec = (command, args, opts = {}) =>
  new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    let timedOut = false;
    const child = spawn(command, [...args], {
      env: opts.env as NodeJS.ProcessEnv | undefined,
      cwd: opts.cwd,
      shell: false,
      windowsHide: true,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (opts.background && child.pid !== undefined) lowerPriority(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    const finish = (r: ExecResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    // A program that exits without reading its input (a wsl.exe that cannot start the distro) closes the pipe:
    // its exit code says what happened, and the EPIPE must not become an uncaught error.
    child.stdin?.on('error', () => undefined);
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish({
        code: null,
        stdout: '',
        stderr: '',
        failure: e.code === 'ENOENT' ? 'not-found' : 'spawn-error',
        failureDetail: e.message,
      });
    });
    child.on('close', (code) => {
      const stdoutBytes = Buffer.concat(out);
      const stderrBytes = Buffer.concat(err);
      finish({
        code: timedOut ? null : code,
        stdout: decodeOutput(stdoutBytes),
        stderr: decodeOutput(stderrBytes),
        stdoutBytes,
        stderrBytes,
        ...(timedOut
          ? { failure: 'timeout' as const, failureDetail: `timed out after ${opts.timeoutMs ?? 30_000} ms` }
          : {}),
      });
    });
  });

function lowerPriority(pid: number): void {
  try {
    os.setPriority(pid, os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Gone already, or not ours to change: it then simply runs at normal priority.
  }
}
