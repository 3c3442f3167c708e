import type { Exec, ExecOptions, ExecResult } from '../exec';

import type { RegType } from './reg';

/**
 * A test double of the Windows commands MirrorKit runs, for unit tests on any OS: reg.exe over an in-memory
 * registry (printing exactly what reg.exe prints, CRLF and four-space columns included, as captured under Wine),
 * and canned answers for anything else. Every call is recorded with its argv and env for assertions.
 */
export interface Call {
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
}

export interface FakeWindows {
  exec: Exec;
  calls: Call[];
  registry: Map<string, Map<string, { type: RegType; data: string }>>;
  /** Answers for other programs, by lower-case basename (e.g. 'whoami.exe', 'powershell.exe'). */
  answer: Map<string, (args: string[], opts?: ExecOptions) => ExecResult>;
  /** Make the next reg call with this verb fail (e.g. 'add' → access denied). */
  failNext: Set<'query' | 'add' | 'delete'>;
}

const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });

function basename(p: string): string {
  return (p.split(/[\\/]/).pop() ?? p).toLowerCase();
}

export function fakeWindows(
  initial: Record<string, Record<string, { type: RegType; data: string } | string>> = {},
): FakeWindows {
  const registry = new Map<string, Map<string, { type: RegType; data: string }>>();
  const keyOf = (k: string) => {
    const norm = k.toUpperCase();
    let m = registry.get(norm);
    if (!m) registry.set(norm, (m = new Map()));
    return m;
  };
  for (const [k, values] of Object.entries(initial)) {
    for (const [name, v] of Object.entries(values))
      keyOf(k).set(name, typeof v === 'string' ? { type: 'REG_SZ', data: v } : v);
  }
  const calls: Call[] = [];
  const answer = new Map<string, (args: string[], opts?: ExecOptions) => ExecResult>();
  const failNext = new Set<'query' | 'add' | 'delete'>();

  const reg = (args: string[]): ExecResult => {
    const [verb, key = ''] = args;
    if (verb === 'query' || verb === 'add' || verb === 'delete') {
      if (failNext.delete(verb)) return { code: 1, stdout: '', stderr: 'ERROR: Access is denied.\r\n' };
    }
    const values = keyOf(key);
    const flag = (f: string) => args[args.indexOf(f) + 1];
    if (verb === 'query') {
      const lines = [...values.entries()].map(([n, v]) => `    ${n}    ${v.type}    ${v.data}`);
      return ok(`\r\n${key}\r\n${lines.join('\r\n')}${lines.length ? '\r\n' : ''}\r\n`);
    }
    if (verb === 'add') {
      const name = flag('/v') ?? '';
      const existing = [...values.keys()].find((n) => n.toUpperCase() === name.toUpperCase());
      if (existing !== undefined) values.delete(existing);
      values.set(name, { type: (flag('/t') ?? 'REG_SZ') as RegType, data: flag('/d') ?? '' });
      return ok('The operation completed successfully.\r\n');
    }
    if (verb === 'delete') {
      const name = flag('/v') ?? '';
      const existing = [...values.keys()].find((n) => n.toUpperCase() === name.toUpperCase());
      if (existing === undefined)
        return {
          code: 1,
          stdout: '',
          stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n',
        };
      values.delete(existing);
      return ok('The operation completed successfully.\r\n');
    }
    return { code: 1, stdout: '', stderr: 'ERROR: Invalid syntax.\r\n' };
  };

  const exec: Exec = (command, args, opts) => {
    calls.push({ command, args: [...args], ...(opts?.env ? { env: opts.env } : {}) });
    const name = basename(command);
    if (name === 'reg.exe' || name === 'reg') return Promise.resolve(reg([...args]));
    const a = answer.get(name);
    if (a) return Promise.resolve(a([...args], opts));
    return Promise.resolve({
      code: null,
      stdout: '',
      stderr: '',
      failure: 'not-found',
      failureDetail: `${command} not found`,
    });
  };
  return { exec, calls, registry, answer, failNext };
}
