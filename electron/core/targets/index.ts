import { TARGET_IDS, type TargetId } from '../../../shared/types/core';
import { MirrorKitError, withSuggestion } from '../errors';

import { apt } from './apt';
import { bun } from './bun';
import { cargo } from './cargo';
import { composer } from './composer';
import { conda } from './conda';
import { dnf } from './dnf';
import { docker } from './docker';
import { electron } from './electron';
import { gem } from './gem';
import { go } from './go';
import { gradle } from './gradle';
import { homebrew } from './homebrew';
import { huggingface } from './huggingface';
import { maven } from './maven';
import { node } from './node';
import { npm } from './npm';
import { nuget } from './nuget';
import { pip } from './pip';
import { pdm } from './pdm';
import { pnpm } from './pnpm';
import { poetry } from './poetry';
import { pub } from './pub';
import { rustup } from './rustup';
import { uv } from './uv';
import { winget } from './winget';
import { yarn } from './yarn';
import { wsl } from './wsl';
import type { TargetModule } from './types';

/** Every target module, by id: the compiler refuses a registered target (shared/targets/index.ts) missing here. */
export const TARGETS: Readonly<Record<TargetId, TargetModule>> = {
  pip,
  npm,
  go,
  cargo,
  docker,
  apt,
  maven,
  gradle,
  pnpm,
  uv,
  pdm,
  conda,
  yarn,
  bun,
  huggingface,
  composer,
  gem,
  rustup,
  nuget,
  node,
  dnf,
  electron,
  pub,
  homebrew,
  poetry,
  winget,
  wsl,
};

/** The modules in registry order. */
export const TARGET_MODULES: readonly TargetModule[] = TARGET_IDS.map((id) => TARGETS[id]);

export function isTargetId(s: string): s is TargetId {
  return (TARGET_IDS as readonly string[]).includes(s);
}

/** Names the user typed, as targets; the first unknown one is bad input that lists the known ones. */
export function targetIds(names: readonly string[]): TargetId[] {
  for (const s of names)
    if (!isTargetId(s)) throw new MirrorKitError('error.unknown-target', withSuggestion(s, TARGET_IDS, { target: s }));
  return names as TargetId[];
}
