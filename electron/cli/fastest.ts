import type { Selection } from '../../shared/types/api';
import { TARGET_IDS, type TargetChoice, type TargetId } from '../../shared/types/core';
import type { Core } from '../core/api';
import type { TestNetwork } from '../core/profile/probe-proxy';

import type { CliIO } from './command';

/**
 * `apply --fastest`: test the mirrors of every detected target from here and choose each target's winner;
 * the result goes through the same plan → apply transaction as a preset.
 */
export async function fastestSelection(
  core: Core,
  io: CliIO,
  only?: TargetId[],
  net: TestNetwork = {},
): Promise<Selection> {
  const status = await core.status(only ?? [...TARGET_IDS]);
  const targets = status.filter((s) => s.detection.installed || only?.includes(s.target)).map((s) => s.target);
  const current = Object.fromEntries(status.map((s) => [s.target, s.reading?.value ?? null]));
  // Through the proxy and CA the tools use (the policy's profile's, or HTTPS_PROXY/NO_PROXY): the winner is the
  // one they will find fastest.
  const report = await core.probe.run(await core.probe.candidates(targets, current), {
    ...net,
    onProgress: (r) => {
      if (!io.json)
        io.err(
          `  ${r.target ?? r.kind} ${r.url} ${r.outcome}${r.estimateMs !== undefined ? ` ~${Math.round(r.estimateMs)} ms` : ''}`,
        );
    },
  });
  const choices: TargetChoice[] = [];
  for (const target of targets) {
    const best = report.best[target];
    if (best) choices.push({ target, urls: [best.url], ...(best.provider ? { provider: best.provider } : {}) });
  }
  return { kind: 'choices', choices, label: 'fastest' };
}
