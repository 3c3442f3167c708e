import type { Lang } from '../../shared/types/core';
import type { Core } from '../core/api';
import type { Ctx } from '../core/context';
import type { ExitCode } from '../core/errors';

/** Parsed command line: positionals after the command name, and --flags (repeated flags collect into arrays). */
export interface ParsedArgs {
  command: string;
  positionals: string[];
  flags: Record<string, string | boolean | string[]>;
}

/** How a command talks to the user; the real one wraps process.stdout/stderr and a TTY prompt, tests capture it. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** stdin and stdout are terminals: prompts are possible. */
  interactive: boolean;
  /** Ask a yes/no question on the terminal (only called when interactive). */
  confirm(question: string): Promise<boolean>;
  lang: Lang;
  /** --json: print exactly one JSON document on stdout and nothing else there. */
  json: boolean;
  /** Writes a live status line on stderr: present only on a terminal and without --json. */
  live?: (text: string) => void;
}

export interface Command {
  name: string;
  /** i18n code of the one-line summary shown by `mirrorkit help`. */
  summary: string;
  /** Flags this command accepts (without the leading --); `true` = takes a value. */
  flags: Record<string, boolean>;
  /** `core` is the engine over `ctx`, made once per run of the CLI. */
  run(args: ParsedArgs, ctx: Ctx, io: CliIO, core: Core): Promise<ExitCode>;
}
