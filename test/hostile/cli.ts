import type { CliIO } from '../../electron/cli/command';
import { runCli } from '../../electron/cli/run';
import type { Lang } from '../../shared/types/core';

/** Run the CLI in-process on a sandboxed Linux environment, with its output (stdout and stderr) captured. */
export async function captureCli(env: Record<string, string>, argv: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const io = (lang: Lang, json: boolean): CliIO => ({
    out: (s) => lines.push(s),
    err: (s) => lines.push(s),
    interactive: false,
    confirm: () => Promise.resolve(false),
    lang,
    json,
  });
  const code = await runCli(argv, { context: { env, platform: 'linux', isAdmin: true }, io });
  return { code, text: lines.join('\n') };
}
