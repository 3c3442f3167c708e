import { MirrorKitError } from '../core/errors';

import type { ParsedArgs } from './command';

/** Flags every command accepts. */
export const GLOBAL_FLAGS: Record<string, boolean> = {
  json: false,
  lang: true,
  yes: false,
  help: false,
  version: false,
};

/**
 * Parse `command [positionals] [--flag] [--flag value] [--flag=value]`. `spec` says which flags take a value;
 * an unknown flag is an error (exit 2) rather than silently ignored, since fleet scripts rely on exact behaviour.
 */
export function parseArgs(
  argv: readonly string[],
  spec: (command: string) => Record<string, boolean> | undefined,
): ParsedArgs {
  const positionals: string[] = [];
  const flags: ParsedArgs['flags'] = {};
  let command = '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq === -1 ? undefined : eq);
      const takes = { ...GLOBAL_FLAGS, ...(spec(command) ?? {}) }[name];
      if (takes === undefined) throw new MirrorKitError('cli.unknown-flag', { flag: `--${name}` });
      let value: string | boolean = true;
      if (takes) {
        if (eq !== -1) value = a.slice(eq + 1);
        else {
          const next = argv[i + 1];
          if (next === undefined || next.startsWith('--'))
            throw new MirrorKitError('cli.flag-needs-value', { flag: `--${name}` });
          value = next;
          i++;
        }
      } else if (eq !== -1) {
        throw new MirrorKitError('cli.flag-takes-no-value', { flag: `--${name}` });
      }
      const prev = flags[name];
      flags[name] = prev === undefined ? value : ([] as string[]).concat(prev as string | string[], String(value));
      continue;
    }
    if (command === '') command = a;
    else positionals.push(a);
  }
  return { command, positionals, flags };
}

/** A flag's single string value (the last one when repeated). */
export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (Array.isArray(v)) return v[v.length - 1];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable flag's values. */
export function flagList(args: ParsedArgs, name: string): string[] {
  const v = args.flags[name];
  if (v === undefined || typeof v === 'boolean') return [];
  return Array.isArray(v) ? v : [v];
}

export function flagBool(args: ParsedArgs, name: string): boolean {
  return args.flags[name] !== undefined && args.flags[name] !== false;
}
