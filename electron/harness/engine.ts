import type { Binding } from '../main/binding';
import { createBinding } from '../main/services';
import { createHostContext } from '../core/host';
import type { Ctx } from '../core/context';
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
export async function startEngine(log: (line: string) => void, probeCandidates?: string): Promise<Engine> {
  const ctx = await createHostContext();
  // Given with --probe-candidates only (tests): its schema is not worth building at every start.
  const candidates = probeCandidates ? (await import('./candidates')).loadCandidateFile(probeCandidates) : undefined;
  if (probeCandidates) log(`probing the ${candidates?.length} mirrors listed in ${probeCandidates}, not the catalog's`);
  const binding = createBinding(ctx, { version: pkg.version, shell: 'harness', lang: ctx.lang, log, candidates });
  return { binding, ctx };
}
