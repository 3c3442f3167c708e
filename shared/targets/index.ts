import type { MirrorKind } from '../types/base';

import { apt } from './apt';
import { bun } from './bun';
import { cargo } from './cargo';
import { composer } from './composer';
import { conda } from './conda';
import type { TargetSpec } from './define';
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

export type { TargetSpec } from './define';

/**
 * THE registry of targets: one line per tool, in the order the app lists them. Everything else that enumerates
 * tools (ids, kinds, names, the profile schema, presets, the core's modules, the elevation allowlist) derives
 * from this list or is checked against it.
 */
export const TARGET_SPECS = [
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
] as const;

export type TargetId = (typeof TARGET_SPECS)[number]['id'];

/** The ids, in registry order (a tuple type, as z.enum wants). */
export const TARGET_IDS = TARGET_SPECS.map((s) => s.id) as unknown as readonly [TargetId, ...TargetId[]];

export const TARGET_KIND: Readonly<Record<TargetId, MirrorKind>> = Object.fromEntries(
  TARGET_SPECS.map((s) => [s.id, s.kind]),
) as Record<TargetId, MirrorKind>;

export const TARGET_SPEC: Readonly<Record<TargetId, TargetSpec<TargetId>>> = Object.fromEntries(
  TARGET_SPECS.map((s) => [s.id, s]),
) as Record<TargetId, TargetSpec<TargetId>>;
