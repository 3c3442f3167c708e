import { mirror } from '../profile/fields';
import { ALL_PLATFORMS } from '../types/base';

import { defineTarget } from './define';

/**
 * Composer (PHP): the global config.json's `repositories.packagist` replaces packagist.org (targets-wave2 §15).
 * USTC, TUNA (index only) and the 2018–2021 community mirrors serve no presets.
 */
export const composer = defineTarget({
  id: 'composer',
  family: 'other-languages',
  kind: 'composer',
  name: { en: 'Composer (PHP)', 'zh-CN': 'Composer（PHP）' },
  platforms: ALL_PLATFORMS,
  presets: { aliyun: 'aliyun', huawei: 'huawei', tencent: 'tencent', official: 'official' },
  profile: mirror,
});
