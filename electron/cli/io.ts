import readline from 'node:readline';

import type { Lang } from '../../shared/types/core';

import type { CliIO } from './command';

/** The real terminal. */
export function processIO(lang: Lang, json: boolean): CliIO {
  return {
    out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
    err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    lang,
    json,
    ...(process.stderr.isTTY && !json ? { live: (s: string) => process.stderr.write(s) } : {}),
    confirm: (question) =>
      new Promise((resolve) => {
        const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
        rl.question(`${question} [y/N] `, (answer) => {
          rl.close();
          resolve(/^(y|yes|是|好)$/i.test(answer.trim()));
        });
      }),
  };
}
