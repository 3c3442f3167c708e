import { t } from '../../shared/i18n';
import type { ApplyPhase, ApplyProgress } from '../../shared/types/api';
import type { Lang, TargetId } from '../../shared/types/core';

const PHASE_CODE: Record<ApplyPhase, string> = {
  'backing-up': 'app.apply-phase.backing-up',
  writing: 'app.apply-phase.writing',
  verifying: 'app.apply-phase.verifying',
  done: 'app.apply-phase.done',
  failed: 'app.apply-phase.failed',
};

/** One line with every tool's step so far: "pip: Writing… · npm: Done". */
export function liveLine(lang: Lang, phases: ReadonlyMap<TargetId, ApplyPhase>): string {
  return [...phases].map(([target, phase]) => `${target}: ${t(lang, PHASE_CODE[phase])}`).join(' · ');
}

/**
 * While an apply runs on a terminal: one status line on stderr, rewritten in place as each tool moves on, and
 * cleared at the end so the result printed after it stands alone. Nothing at all with --json or without a TTY
 * (the caller then passes no writer).
 */
export function liveProgress(
  lang: Lang,
  write: (s: string) => void,
): { onProgress: (p: ApplyProgress) => void; end: () => void } {
  const phases = new Map<TargetId, ApplyPhase>();
  return {
    onProgress: (p) => {
      phases.set(p.target, p.phase);
      write(`\r\x1b[K${liveLine(lang, phases)}`);
    },
    end: () => {
      if (phases.size > 0) write('\r\x1b[K');
    },
  };
}
