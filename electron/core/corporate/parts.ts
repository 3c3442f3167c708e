import { cargoCorporate } from '../targets/cargo-corporate';
import { dockerCorporate } from '../targets/docker-corporate';
import { goCorporate } from '../targets/go-corporate';
import { gradleCorporate } from '../targets/gradle-corporate';
import { mavenCorporate } from '../targets/maven-corporate';
import { npmCorporate } from '../targets/npm-corporate';
import { pipCorporate } from '../targets/pip-corporate';

import type { CorporateParts } from './types';

/** Each tool's CA/proxy part, beside its target module; a tool not listed is told it is not supported. */
export const CORPORATE_PARTS: CorporateParts = {
  pip: pipCorporate,
  npm: npmCorporate,
  go: goCorporate,
  cargo: cargoCorporate,
  docker: dockerCorporate,
  maven: mavenCorporate,
  gradle: gradleCorporate,
};
