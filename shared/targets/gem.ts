import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/**
 * RubyGems (`~/.gemrc` `:sources:`) and Bundler's mirror of rubygems.org (`~/.bundle/config`), one mirror for
 * both (targets-wave2 §14). Only Ruby China and USTC serve the compact index today; USTC is the only one in a
 * preset (Ruby China runs none of the presets' providers). TUNA, BFSU, Tencent, Aliyun and Huawei are dead.
 */
export const gem = defineTarget({
  id: 'gem',
  family: 'other-languages',
  kind: 'rubygems',
  name: { en: 'RubyGems and Bundler (Ruby)', 'zh-CN': 'RubyGems 与 Bundler（Ruby）' },
  platforms: ALL_PLATFORMS,
  presets: { ustc: 'ustc', official: 'official' },
  profile: mirror,
});
