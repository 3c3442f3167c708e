import { TARGET_SPECS } from '../targets';
import type { MirrorKind } from '../types/base';

import meta from './catalog.json';
import apt from './mirrors/apt.json';
import cargo from './mirrors/cargo.json';
import composer from './mirrors/composer.json';
import conda from './mirrors/conda.json';
import dnf from './mirrors/dnf.json';
import docker from './mirrors/docker.json';
import electron from './mirrors/electron.json';
import go from './mirrors/go.json';
import hf from './mirrors/hf.json';
import homebrew from './mirrors/homebrew.json';
import winget from './mirrors/winget.json';
import maven from './mirrors/maven.json';
import nodeDist from './mirrors/node-dist.json';
import npm from './mirrors/npm.json';
import nuget from './mirrors/nuget.json';
import pypi from './mirrors/pypi.json';
import rubygems from './mirrors/rubygems.json';
import pub from './mirrors/pub.json';
import rustup from './mirrors/rustup.json';

/**
 * The catalog's files, composed into the one object the schema validates: catalog.json (date, providers, the
 * presets' names), one file of mirror entries per kind (mirrors/<kind>.json), and each target spec's `presets`
 * (which provider a preset uses for that tool). Split so that adding a tool or a kind touches files of its own.
 */
const MIRROR_FILES: Record<MirrorKind, unknown[]> = {
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

export const CATALOG_SOURCE: unknown = {
  ...meta,
  mirrors: Object.values(MIRROR_FILES).flat(),
  presets: meta.presets.map((p) => ({
    ...p,
    choose: Object.fromEntries(
      TARGET_SPECS.flatMap((s) => (s.presets[p.id] === undefined ? [] : [[s.id, s.presets[p.id]]])),
    ),
  })),
};

/** Exposed for the test that each file holds only its own kind. */
export const MIRROR_FILE_KINDS = MIRROR_FILES;
