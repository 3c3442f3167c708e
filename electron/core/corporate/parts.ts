import { npmCorporate } from '../targets/npm-corporate';
import { pipCorporate } from '../targets/pip-corporate';

import type { CorporateParts } from './types';

/** Each tool's CA/proxy part, beside its target module; a tool not listed is told it is not supported. */
export const CORPORATE_PARTS: CorporateParts = {
  pip: pipCorporate,
  npm: npmCorporate,
};
