import type { CoreDeps } from './api';
import type { Ctx } from './context';

/**
 * The platform-specific pieces of the engine for this host: on Windows the elevation broker (issue 4);
 * elsewhere none, and admin changes need the process to run as root.
 */
export function hostDeps(_ctx: Ctx): CoreDeps {
  return {};
}
