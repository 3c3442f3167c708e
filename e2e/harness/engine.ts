import type { Binding } from '../../electron/app/binding';
import { createBinding } from '../../electron/app/services';
import { createHostContext } from '../../electron/core/host';
import type { Ctx } from '../../electron/core/context';
import pkg from '../../package.json';

/** The real core bound to the IPC contract, and the context it works in (home, state folder, system root). */
export interface Engine {
  binding: Binding;
  ctx: Ctx;
}

/**
 * The harness's engine. It is a bundle of its own (out/harness-engine.cjs, see scripts/build.mjs), loaded once the
 * server is listening, so Node compiles and starts the core while the browser is still fetching and parsing the
 * page instead of before it may even ask.
 */
export async function startEngine(log: (line: string) => void): Promise<Engine> {
  const ctx = await createHostContext();
  const hook = process.env.MIRRORKIT_PROBE_CANDIDATES;
  // Test hook only: its schema is not worth building at every start.
  const candidates = hook ? (await import('./candidates')).loadCandidateFile(hook) : undefined;
  if (hook) log(`test hook: probing the ${candidates?.length} mirrors listed in ${hook}`);
  const binding = createBinding(ctx, { version: pkg.version, shell: 'harness', lang: ctx.lang, log, candidates });
  return { binding, ctx };
}
