import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Lang, Platform } from '../../shared/types/core';

import type { CliIO } from './command';
import { runCli } from './run';

/** A sandboxed home, state folder and system root for the corporate CLI tests (issue 18); no tool on PATH. */
export interface Sandbox {
  root: string;
  env: Record<string, string>;
  cli(
    argv: string[],
    opts?: { env?: Record<string, string>; platform?: Platform; now?: Date },
  ): Promise<{ code: number; out: string; err: string }>;
  /** Every file under the sandbox and its content (but the audit trail), to prove that a refusal changed nothing. */
  snapshot(): Promise<Record<string, string>>;
  write(rel: string, content: string | Buffer): Promise<string>;
  cleanup(): Promise<void>;
}

async function walk(dir: string, base: string, out: Record<string, string>): Promise<void> {
  for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await walk(p, base, out);
    // The audit trail records refusals too; audit.test.ts checks it on its own.
    else if (!/^audit(\.1)?\.jsonl$/.test(e.name)) out[path.relative(base, p)] = await fs.readFile(p, 'utf8');
  }
}

export async function makeSandbox(): Promise<Sandbox> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'mk-corp-'));
  const home = path.join(root, 'home');
  const env: Record<string, string> = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    CARGO_HOME: path.join(home, '.cargo'),
    MIRRORKIT_HOME: path.join(root, 'state'),
    MIRRORKIT_SYSROOT: path.join(root, 'sysroot'),
    PATH: '',
    LANG: 'en_US.UTF-8',
  };
  await fs.mkdir(home, { recursive: true });
  const write = async (rel: string, content: string | Buffer) => {
    const p = path.join(root, rel);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, content);
    return p;
  };
  return {
    root,
    env,
    write,
    async cli(argv, o = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const io = (lang: Lang, json: boolean): CliIO => ({
        out: (s) => out.push(s),
        err: (s) => err.push(s),
        interactive: false,
        confirm: () => Promise.resolve(false),
        lang,
        json,
      });
      const code = await runCli(argv, {
        context: {
          env: { ...env, ...o.env },
          platform: o.platform ?? 'linux',
          isAdmin: true,
          ...(o.now ? { now: () => o.now as Date } : {}),
        },
        io,
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    async snapshot() {
      const out: Record<string, string> = {};
      for (const d of ['home', 'state', 'sysroot']) await walk(path.join(root, d), root, out);
      return out;
    },
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}
