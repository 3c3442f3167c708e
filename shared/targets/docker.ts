import { z } from 'zod';

import { provider, url } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

export const docker = defineTarget({
  id: 'docker',
  family: 'systems',
  kind: 'docker',
  name: { en: 'Docker', 'zh-CN': 'Docker' },
  platforms: ALL_PLATFORMS,
  // No public Docker Hub mirror works from China since June 2024: the mirror presets leave Docker alone.
  presets: { official: 'official' },
  /** Docker takes several registry mirrors. */
  profile: z.union([z.object({ provider }).strict(), z.object({ urls: z.array(url).min(1).max(10) }).strict()]),
});
