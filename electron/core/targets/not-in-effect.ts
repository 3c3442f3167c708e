import { distroFileName } from '../../../shared/text/wsl-name';
import type { Message, Reading, TargetPlan, Verification } from '../../../shared/types/core';
import type { Ctx } from '../context';

import { SHELL_FILES } from './common';

/**
 * The tool answered with another value than the plan aimed at. If the target's own reading (taken in the same
 * environment the tool ran in) shows a layer the plan did not write winning, the change is "applied, not in
 * effect": say which layer and how to remove it. Otherwise the plain mismatch stands.
 */
export function explainMismatch(
  ctx: Pick<Ctx, 'platform'>,
  tp: TargetPlan,
  v: Verification,
  reading: Reading | null,
): Verification {
  if (v.ok || v.skipped || !reading) return v;
  const o = reading.origin;
  // A file inside a WSL distro is read (its layer's origin) by its Windows name: written is written either way.
  const written = new Set(
    tp.changes.flatMap((c) =>
      c.kind === 'writeFile' ? [c.path] : c.kind === 'distroFile' ? [distroFileName(c.distro, c.path)] : [],
    ),
  );
  const setVars = new Set(tp.changes.flatMap((c) => (c.kind === 'setEnv' ? [c.name.toUpperCase()] : [])));
  const observed = v.observed ?? '-';
  const base = { tool: tp.target, observed };
  let message: Message | undefined;
  if (o.kind === 'file' && !written.has(o.path)) {
    message = { code: 'verify.not-in-effect.file', params: { ...base, key: o.key, path: o.path } };
  } else if (o.kind === 'env' && !(o.scope !== 'process' && setVars.has(o.name.toUpperCase()))) {
    if (ctx.platform !== 'win32')
      message = {
        code: 'verify.not-in-effect.env-posix',
        params: { ...base, name: o.name, files: SHELL_FILES[ctx.platform] },
      };
    else if (o.scope === 'process')
      message = { code: 'verify.not-in-effect.env-process-win', params: { ...base, name: o.name } };
    else
      message = {
        code: 'verify.not-in-effect.env-persistent-win',
        params: { ...base, name: o.name, scope: `scope.${o.scope}`, flag: o.scope },
      };
  }
  if (!message) return v;
  return { ...v, message, notInEffect: { origin: o, value: reading.value } };
}
