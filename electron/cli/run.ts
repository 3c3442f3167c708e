import { LANGS, t } from '../../shared/i18n';
import { escapeControls } from '../../shared/text/escape';
import type { Lang } from '../../shared/types/core';
import type { ContextOverrides, Ctx } from '../core/context';
import { parseElevatedArgs } from '../core/elevate/launch';
import { runElevatedBatch } from '../core/elevate/run';
import { createCore } from '../core/api';
import { createHostContext, hostDeps } from '../core/host';
import { EXIT, MirrorKitError, toMessage, withSuggestion, type ExitCode } from '../core/errors';

import { flagBool, flagString, parseArgs } from './args';
import type { CliIO, Command } from './command';
import { applyCommand } from './commands/apply';
import { checkCommand } from './commands/check';
import { historyCommand } from './commands/history';
import { listCommand } from './commands/list';
import { policyCommand } from './commands/policy';
import { restoreCommand } from './commands/restore';
import { setCommand } from './commands/set';
import { statusCommand } from './commands/status';
import { testCommand } from './commands/test';
import { processIO } from './io';
import { version as VERSION } from '../../package.json';

const COMMANDS: Command[] = [
  statusCommand,
  listCommand,
  testCommand,
  applyCommand,
  setCommand,
  restoreCommand,
  historyCommand,
  checkCommand,
  policyCommand,
];

export function usage(lang: Lang): string {
  return t(lang, 'cli.usage', { commands: COMMANDS.map((c) => `  ${t(lang, c.summary)}`).join('\n') });
}

/**
 * Human output shows values from outside (URLs, profile names, file contents, tool output): every control or
 * invisible character in it is shown escaped (`\x1b`), so none can drive the terminal. JSON output is escaped
 * by JSON itself and left exact for the programs that read it.
 */
function terminalSafe(io: CliIO): CliIO {
  if (io.json) return io;
  return {
    ...io,
    out: (s) => io.out(escapeControls(s)),
    err: (s) => io.err(escapeControls(s)),
    confirm: (q) => io.confirm(escapeControls(q)),
  };
}

export interface RunOptions {
  context?: ContextOverrides;
  /** Tests capture output through their own IO. */
  io?: (lang: Lang, json: boolean) => CliIO;
  /** Aborted by the process's interrupt handler (./interrupt.ts): an apply in progress stops safely. */
  signal?: AbortSignal;
}

/**
 * Run the CLI with `argv` (without node and script) and return the exit code. Shared by `mirrorkit`, the
 * packaged app's `--cli` mode and tests. Never throws: every failure becomes a sentence and an exit code.
 */
export async function runCli(argv: readonly string[], opts: RunOptions = {}): Promise<ExitCode> {
  let ctx: Ctx = await createHostContext(opts.context);
  // The elevated helper (Windows): the same executable started once through UAC with a batch to carry out.
  const elevated = parseElevatedArgs(argv);
  if (elevated) return (await runElevatedBatch(ctx, elevated)) as ExitCode;
  const makeIO = (lang: Lang, json: boolean): CliIO => terminalSafe((opts.io ?? processIO)(lang, json));
  let io = makeIO(ctx.lang, argv.includes('--json'));
  opts.signal?.addEventListener('abort', () =>
    io.err(t(ctx.lang, { code: 'cli.interrupted', params: { signal: String(opts.signal?.reason) } })),
  );
  try {
    const args = parseArgs(argv, (name) => COMMANDS.find((c) => c.name === name)?.flags);
    const lang = flagString(args, 'lang');
    if (lang !== undefined) {
      if (!(LANGS as readonly string[]).includes(lang)) throw new MirrorKitError('cli.bad-lang', { lang });
      ctx = { ...ctx, lang: lang as Lang };
      io = makeIO(ctx.lang, flagBool(args, 'json'));
    }
    if (args.command === 'version' || flagBool(args, 'version')) {
      io.out(io.json ? JSON.stringify({ version: VERSION }) : `MirrorKit ${VERSION}`);
      return EXIT.ok;
    }
    if (args.command === '' || args.command === 'help' || flagBool(args, 'help')) {
      io.out(usage(ctx.lang));
      return args.command === '' && !flagBool(args, 'help') ? EXIT.badInput : EXIT.ok;
    }
    const cmd = COMMANDS.find((c) => c.name === args.command);
    if (!cmd)
      throw new MirrorKitError(
        'cli.unknown-command',
        withSuggestion(
          args.command,
          COMMANDS.map((c) => c.name),
          { command: args.command },
        ),
      );
    const deps = { ...hostDeps(ctx), ...(opts.signal ? { signal: opts.signal } : {}) };
    return await cmd.run(args, ctx, io, createCore(ctx, deps));
  } catch (e) {
    const msg = toMessage(e);
    const text = t(ctx.lang, msg);
    if (io.json) io.out(JSON.stringify({ error: { ...msg, message: text } }));
    else io.err(text);
    return e instanceof MirrorKitError ? e.exit : EXIT.targetFailed;
  }
}
