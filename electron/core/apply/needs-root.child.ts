/**
 * Run by needs-root.test.ts in a child process without root rights (as `nobody` when the test runs as root):
 * applies the plan given as JSON on stdin with a context built from this process's real privileges.
 */
import { createContext } from '../context';

import { applyPlan } from './transaction';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const ctx = createContext({ env: input.env });
  const result = await applyPlan(ctx, input.plan);
  process.stdout.write(JSON.stringify({ isAdmin: ctx.isAdmin, result }));
}

void main();
