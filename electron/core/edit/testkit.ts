/**
 * Shared pieces of the editors' tests (not used by production code): arbitraries for the things every config
 * file has (line endings, comments, final newline), line-ending checks, and a runner for the real tools used
 * as oracles when they are installed.
 */
import { spawnSync } from 'node:child_process';

import fc from 'fast-check';

import type { Eol } from './eol';

export const eolArb: fc.Arbitrary<Eol> = fc.constantFrom<Eol>('\n', '\r\n');

/** Comment text: printable ASCII without line breaks. */
export const commentTextArb = fc.stringMatching(/^[ -~]{0,30}$/);

/** A URL-ish token: no whitespace, quotes or comment characters. */
export const urlArb = fc
  .tuple(
    fc.constantFrom('http', 'https', 'sparse+https'),
    fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,15}[a-z0-9])?$/),
    fc.stringMatching(/^(\/[A-Za-z0-9._~-]{0,10}){0,3}\/?$/),
  )
  .map(([scheme, host, path]) => `${scheme}://${host}${path}`);

/** True when every line break in `text` is `eol` (a CRLF file has no bare LF, an LF file no CR). */
export function onlyEol(text: string, eol: Eol): boolean {
  return eol === '\r\n' ? !/(^|[^\r])\n/.test(text) && !/\r(?!\n)/.test(text) : !text.includes('\r');
}

/** Render lines with `eol`, with or without a final newline. */
export function render(lines: readonly string[], eol: Eol, finalNewline: boolean): string {
  if (lines.length === 0) return '';
  return lines.join(eol) + (finalNewline ? eol : '');
}

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Whether `cmd` runs at all here (the oracle tests skip when it does not). */
export function hasTool(cmd: string, args: string[] = ['--version']): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
  return r.error === undefined && r.status === 0;
}

export function runTool(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): ToolRun {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, ...opts });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
