import type { MirrorKind } from '../../../../shared/types/core';

import { apt } from './apt';
import { cargo } from './cargo';
import { composer } from './composer';
import { conda } from './conda';
import type { KindSpec } from './common';
import { dnf } from './dnf';
import { docker } from './docker';
import { electron } from './electron';
import { go } from './go';
import { hf } from './hf';
import { homebrew } from './homebrew';
import { winget } from './winget';
import { maven } from './maven';
import { nodeDist } from './node-dist';
import { npm } from './npm';
import { nuget } from './nuget';
import { pub } from './pub';
import { pypi } from './pypi';
import { rubygems } from './rubygems';
import { rustup } from './rustup';

export type { KindSpec, Verdict } from './common';

/** The protocol-aware check of every mirror kind. */
export const KINDS: Readonly<Record<MirrorKind, KindSpec>> = {
  pypi,
  npm,
  go,
  cargo,
  docker,
  maven,
  apt,
  conda,
  hf,
  composer,
  rubygems,
  rustup,
  nuget,
  'node-dist': nodeDist,
  dnf,
  electron,
  pub,
  homebrew,
  winget,
};
