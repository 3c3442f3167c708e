/**
 * The smallest vocabulary, below everything else in shared/: the target specs (shared/targets) and the URL
 * validator need it, and shared/types/core.ts re-exports it with the target ids those specs define.
 */

/** Mirror protocols. A target speaks one kind, which is also what the speed test probes for it. */
export const MIRROR_KINDS = [
  'pypi',
  'npm',
  'go',
  'cargo',
  'docker',
  'maven',
  'apt',
  'conda',
  'hf',
  'composer',
  'rubygems',
  'rustup',
  'nuget',
  'node-dist',
  'dnf',
  'electron',
  'pub',
  'homebrew',
  'winget',
] as const;
export type MirrorKind = (typeof MIRROR_KINDS)[number];

export type Platform = 'win32' | 'linux' | 'darwin';
export type Lang = 'en' | 'zh-CN';

export const ALL_PLATFORMS: readonly Platform[] = ['win32', 'linux', 'darwin'];

/**
 * A translatable message: a code from shared/i18n plus its parameters.
 * The core never builds user-facing sentences itself, so the CLI and the app can speak zh-CN or en.
 */
export interface Message {
  code: string;
  params?: Record<string, string | number>;
}
